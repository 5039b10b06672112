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

describe('describesFailure', () => {
  it.each(CASES)('%s → %s', (text, reports) => {
    expect(describesFailure(text)).toBe(reports);
  });
});
