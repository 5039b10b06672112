import fc from 'fast-check';
import PostalMime from 'postal-mime';
import { readPlainMessage } from '../../src/ndr/plainMessage';

/** What the MIME parser makes of the same text: first value per field, the subject, the body. */
async function viaMimeParser(text: string) {
  const email = await PostalMime.parse(Buffer.from(text, 'utf8'), { attachmentEncoding: 'utf8', forceRfc822Attachments: true });
  const headers = new Map<string, string>();
  for (const h of email.headers) if (!headers.has(h.key)) headers.set(h.key, h.value);
  return { headers, subject: email.subject ?? null, body: email.text ?? '', attachments: email.attachments.length, html: email.html ?? null };
}

const fieldName = fc.oneof(
  fc.constantFrom('Subject', 'subject', 'To', 'Date', 'Content-Language', 'X-Failed-Recipients', 'From'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/).filter((n) => !/^(content-|mime-version$)/i.test(n)),
);
const valueChars = fc.constantFrom('a', 'Z', '7', ' ', ' ', '\t', ':', '<', '>', '@', '.', 'é', '邮', '"', ';', ',', '\u00a0');
const value = fc.array(valueChars, { maxLength: 20 }).map((cs) => cs.join(''));
const field = fc
  .tuple(fieldName, fc.constantFrom(':', ': ', ' :', ':\t'), value, fc.array(value.map((v) => `\n ${v}`), { maxLength: 2 }))
  .map(([n, sep, v, folds]) => `${n}${sep}${v}${folds.join('')}`.replace(/=\?/g, '= ?'));
const bodyLine = fc.array(fc.constantFrom('x', 'é', ' ', '\t', '5.7.750', 'From: a@b.c', '--', '', 'begin'), { maxLength: 6 }).map((cs) => cs.join(''));

describe('readPlainMessage', () => {
  it('reads an Outlook header block and the bounce under it', () => {
    const m = readPlainMessage('From: Microsoft Outlook <postmaster@contoso.com>\nSent: Thursday, April 4, 2024 10:03 AM\nTo: Megan Bowen\n <megan@contoso.com>\nSubject:  Undeliverable: Contract \n\nYour message couldn\'t be delivered.\n550 5.7.705');
    expect(m).toEqual({
      headers: new Map([
        ['from', 'Microsoft Outlook <postmaster@contoso.com>'],
        ['sent', 'Thursday, April 4, 2024 10:03 AM'],
        ['to', 'Megan Bowen <megan@contoso.com>'],
        ['subject', 'Undeliverable: Contract'],
      ]),
      body: "Your message couldn't be delivered.\n550 5.7.705\n",
    });
  });

  it('leaves MIME declarations, encoded words and leading whitespace to the MIME parser', () => {
    expect(readPlainMessage('From: a@b.c\nContent-Type: text/plain\n\nx')).toBeNull();
    expect(readPlainMessage('From: a@b.c\nMIME-Version: 1.0\n\nx')).toBeNull();
    expect(readPlainMessage('Subject: =?utf-8?q?caf=C3=A9?=\nTo: a@b.c\n\nx')).toBeNull();
    expect(readPlainMessage(' From: a@b.c\nTo: a@b.c\n\nx')).toBeNull();
    expect(readPlainMessage(`X-Long: ${'a'.repeat(20_000)}\n\nx`)).toBeNull();
  });

  it('gives what the MIME parser gives for any plain message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(field, { minLength: 1, maxLength: 6 }), fc.option(fc.array(bodyLine, { maxLength: 6 })), fc.boolean(), async (fields, body, trailing) => {
        const text = `${fields.join('\n')}${body === null ? '' : `\n\n${body.join('\n')}`}${trailing ? '\n' : ''}`;
        const mine = readPlainMessage(text);
        if (mine === null) return;
        const theirs = await viaMimeParser(text);
        expect(theirs.attachments).toBe(0);
        expect(theirs.html).toBeNull();
        expect(mine.headers).toEqual(theirs.headers);
        expect(mine.headers.get('subject') || null).toBe(theirs.subject);
        expect(mine.body).toBe(theirs.body);
      }),
      { numRuns: 500 },
    );
  });
});
