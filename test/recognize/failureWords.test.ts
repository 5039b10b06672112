import { describesFailure } from '../../src/recognize/failureWords';

/** How people report that mail fails, first person plural and colloquial forms included; and texts that report nothing failing. */
const CASES: readonly [text: string, reports: boolean][] = [
  ["we had a spam outbreak and now mail can't be sent", true],
  ["on n'arrive plus à envoyer de mails", true],
  ["nous n'arrivons plus à envoyer", true],
  ['nous ne pouvons plus envoyer de courrier', true],
  ["siamo stati hackerati, è partito dello spam e ora non riusciamo a inviare", true],
  ['non possiamo più mandare posta', true],
  ['la posta non parte più', true],
  ['垃圾邮件爆发之后，公司里谁都发不了邮件了', true],
  ['现在我们没法发邮件', true],
  ['昨晚以后组织里没有人能发邮件', true],
  ['微软因为垃圾邮件把发信封了', true],
  ['what is an alias in Exchange Online?', false],
  ["qu'est-ce qu'un alias ?", false],
  ['come si configura un alias?', false],
  ['什么是别名？', false],
];

/** "Nobody can send": the failure is in a subject that excludes everyone, with a plain "can send" after it. */
const NOBODY_CAN_SEND: readonly [locale: string, text: string][] = [
  ['en', 'after a hacked account sent spam, none of us can send any more'],
  ['en', 'nobody here can send'],
  ['en', 'no one in the company can send'],
  ['en', 'not a single one of our users can send mail today'],
  ['en', 'all of us can no longer send email'],
  ['fr', 'personne ne peut plus envoyer'],
  ["fr", "aucun d’entre nous ne peut envoyer de mail depuis ce matin"],
  ['fr', 'plus aucun utilisateur du bureau n’envoie quoi que ce soit'],
  ['it', 'nessuno riesce più a inviare'],
  ['it', 'nessuna delle nostre caselle manda posta da stamattina'],
  ['it', 'da ieri in ufficio non si spedisce più niente'],
  ['zh-CN', '我们都发不出去'],
  ['zh-CN', '公司里没人能发邮件了'],
  ['zh-CN', '现在谁都发邮件发不了'],
  ['de', 'keiner von uns kann noch Mails senden'],
  ['es', 'ya no podemos mandar correos'],
  ['ja', '社内の誰もメールを送信できなくなった'],
  ['pt', 'nenhum usuário consegue enviar e-mail'],
];

describe('describesFailure', () => {
  it.each(CASES)('%s → %s', (text, reports) => {
    expect(describesFailure(text)).toBe(reports);
  });

  it.each(NOBODY_CAN_SEND)('%s: "%s" reports a failure', (_locale, text) => {
    expect(describesFailure(text)).toBe(true);
  });
});
