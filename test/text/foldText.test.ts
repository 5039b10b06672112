import { foldCase, foldText } from '../../src/text/foldText';

describe('foldCase', () => {
  it.each([
    ['Mail FAILED', 'mail failed'],
    ['Échec de remise', 'echec de remise'],
    ['Nachricht konnte nicht zugestellt werden: ÜBERSCHRITTEN', 'nachricht konnte nicht zugestellt werden: uberschritten'],
    ['ＥＲＲＯＲ ５５０', 'error 550'],
    ['ﬁle', 'file'],
    ['配信できませんでした', '配信できませんでした'],
    ['ガ', 'ガ'],
    ['İstanbul', 'istanbul'],
    ['  keeps  spaces ', '  keeps  spaces '],
  ])('%j → %j', (text, expected) => {
    expect(foldCase(text)).toBe(expected);
  });

  it('leaves kana composed, so a folded text is no longer than the original', () => {
    expect(foldCase('ステータス コード').length).toBe('ステータス コード'.length);
  });
});

describe('foldText', () => {
  it.each([
    ['  Code d’état :  5.7.750 ', "code d'etat : 5.7.750"],
    ['can`t\tsend', "can't send"],
    ['Diagnostic\r\ninformation for administrators', 'diagnostic information for administrators'],
    ['« Problème Différent »', '« probleme different »'],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(foldText(text)).toBe(expected);
  });
});
