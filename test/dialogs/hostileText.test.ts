import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conversation, visible } from './harness';

jest.setTimeout(180_000);

/** A connector name written to trick whoever reads the chat: a link, bold text, a heading, HTML. */
const HOSTILE = '[Fix it now](https://evil.example) **URGENT** <b>x</b>';
const CONNECTORS = readFileSync(join(__dirname, '..', 'fixtures', 'dialogs', 'inbound-connectors.txt'), 'utf8').replace('Contoso on-premises relay', HOSTILE);

async function toConnectorQuestion(channel: string) {
  const c = conversation({ channel });
  await c.send('550 5.7.750');
  await c.send('yes');
  await c.send('skip');
  return { c, question: visible(await c.send(CONNECTORS)) };
}

describe('what users pasted is shown as typed, never as markup', () => {
  it.each(['test', 'sms'])('escapes a hostile connector name in chat Markdown (%s)', async (channel) => {
    const { c, question } = await toConnectorQuestion(channel);
    expect(question).toContain('Do you recognise connector \\[Fix it now\\]\\(https\\://evil\\.example\\) \\*\\*URGENT\\*\\* \\<b\\>x\\</b\\>, and did someone');
    expect(question).not.toContain('[Fix it now](https://evil.example)');
    const answered = visible(await c.send('no'));
    expect(answered).not.toContain('[Fix it now](https://evil.example)');
    expect(answered).not.toContain('**URGENT**');
    expect(answered).toContain('\\[Fix it now\\]');
  });

  it('escapes it once in the case summary: Markdown on text channels, card text on cards', async () => {
    for (const channel of ['sms', 'test']) {
      const { c } = await toConnectorQuestion(channel);
      let shown = visible(await c.send('no'));
      for (let i = 0; i < 20 && !shown.includes('Here is your support case summary'); i++) shown = visible(await c.send('skip'));
      expect(shown).toContain('Here is your support case summary');
      // The card's JSON (on card channels) holds the text with its backslashes doubled.
      const asShown = (text: string) => (channel === 'test' ? JSON.stringify(text).slice(1, -1) : text);
      expect(shown).not.toContain('[Fix it now](https://evil.example)');
      expect(shown).toContain(asShown('You do not recognise connector \\[Fix it now\\]\\(https://evil.example\\) \\*\\*URGENT\\*\\* \\<b\\>x\\</b\\>:'));
      // Escaped once: no escaped backslash before the bracket.
      expect(shown).not.toContain(asShown('\\\\[Fix it now'));
    }
  });

  it('marks chat messages as Markdown', async () => {
    const { c } = await toConnectorQuestion('test');
    const replies = await c.send('no');
    expect(replies.filter((r) => r.type === 'message' && r.text).every((r) => r.textFormat === 'markdown')).toBe(true);
  });
});
