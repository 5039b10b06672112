import { detectLanguage } from '../../src/recognize/detectLanguage';

describe('detectLanguage', () => {
  it.each([
    ['ja', '送信者のドメインが登録されていないため、メッセージを配信できませんでした。'],
    ['zh-CN', '从今天早上开始，我们所有的用户都无法向外部发送邮件。'],
    ['ko', '오늘 아침부터 외부로 메일을 보낼 수 없습니다.'],
    ['en', 'Since this morning nobody in our company can send email to outside recipients, every message bounces.'],
    ['fr', "Depuis ce matin plus personne ne peut envoyer de courriels vers l'extérieur, tous les messages reviennent."],
    ['it', 'Da stamattina nessuno in azienda riesce a inviare posta verso destinatari esterni, tornano tutti indietro.'],
    ['de', 'Seit heute Morgen kann niemand in unserer Firma E-Mails an externe Empfänger senden, alles kommt zurück.'],
    ['es', 'Desde esta mañana nadie en la empresa puede enviar correos a destinatarios externos, todos rebotan.'],
    ['pt', 'Desde hoje de manhã ninguém na empresa consegue enviar e-mails para destinatários externos, todos voltam.'],
  ])('names %s', (expected, text) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('leaves addresses, host names and codes out, and says nothing when little else is left', () => {
    expect(detectLanguage('kijitora@example.jp MSEXCH:IMS:NNN 000C05A6 550 5.7.750 AM0PR01MB1234.eurprd01.prod.outlook.com')).toBeNull();
    expect(detectLanguage('')).toBeNull();
  });

  it('reads the first words of a long paste: what follows them does not change the answer', () => {
    const french = "Bonjour, depuis ce matin plus personne ne peut envoyer de courriels vers l'extérieur. ".repeat(6);
    const english = 'Delivery has failed to these recipients or groups, your message was not delivered. '.repeat(40);
    expect(french.length).toBeGreaterThan(400);
    expect(detectLanguage(`${french}${english}`)).toBe('fr');
  });
});
