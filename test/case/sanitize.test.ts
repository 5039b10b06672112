import fc from 'fast-check';
import {
  capText,
  cleanText,
  escapeCardText,
  escapeJsonForHtml,
  escapeMarkdown,
  markdownCodeBlock,
  redactSecrets,
  stripControl,
} from '../../src/case/sanitize';

const AZURE_STORAGE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbSJ9.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';

describe('redactSecrets', () => {
  it.each([
    ['password=hunter2', 'password=[redacted]'],
    ['Password: "correct horse battery"', 'Password: [redacted]'],
    ['db_password = Winter2026!', 'db_password = [redacted]'],
    ['pwd:Winter2026!', 'pwd:[redacted]'],
    ['{"client_secret": "s3cr3t-value", "tenant": "contoso"}', '{"client_secret": [redacted], "tenant": "contoso"}'],
    ['ClientSecret=abc', 'ClientSecret=[redacted]'],
    ['mot de passe : Soleil123', 'mot de passe : [redacted]'],
    ['密码：abc123 谢谢', '密码：[redacted] 谢谢'],
    ['Authorization: Bearer abc.def.ghi1234', 'Authorization: Bearer [redacted]'],
    [`token was ${JWT} yesterday`, 'token was [redacted] yesterday'],
    [`cut short: ${JWT.slice(0, 30)}`, 'cut short: [redacted]'],
    [
      `DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${AZURE_STORAGE_KEY};EndpointSuffix=core.windows.net`,
      'DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=[redacted];EndpointSuffix=core.windows.net',
    ],
    ['https://x.blob.core.windows.net/c/f?sv=2024-01-01&sig=AbC%2Bd%3D&se=2026-12-01', 'https://x.blob.core.windows.net/c/f?sv=2024-01-01&sig=[redacted]&se=2026-12-01'],
    [`the key is ${AZURE_STORAGE_KEY}`, 'the key is [redacted]'],
    ['hex 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 end', 'hex [redacted] end'],
    ['secret abc8Q~0123456789abcdefghijklmnopqrstuvwx here', 'secret [redacted] here'],
    ['smtp://relay:p4ssw0rd@mail.contoso.com:25', 'smtp://relay:[redacted]@mail.contoso.com:25'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- after', '[redacted] after'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    "Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
    'Generating server: AM0PR02MB5555.eurprd02.prod.outlook.com',
    '<DM6PR11MB1234ABCD5678EF@DM6PR11MB1234.namprd11.prod.outlook.com>',
    'X-MS-Office365-Filtering-Correlation-Id: 6f1c2b7e-4d3a-4b8e-9c21-0a5f3e7d9b12',
    'https://learn.microsoft.com/troubleshoot/exchange/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750',
    'design=blue; passed: 3 of 4; Token count: 5; signed: yes',
    'Les mots de passe des administrateurs ont été réinitialisés.',
  ])('leaves ordinary text alone: %s', (input) => {
    expect(redactSecrets(input)).toBe(input);
  });
});

describe('stripControl and capText', () => {
  it('removes control, escape and bidi characters and folds white space on one line', () => {
    expect(stripControl('a\u0000b\u001b[31mred\u001b[0m\u202Eevil\u2066x\u2069\tz\r\nnext', false)).toBe('ab[31mred[0mevilx z next');
  });

  it('keeps line breaks in multi-line text, with CR LF and Unicode separators as LF and at most one blank line', () => {
    expect(stripControl('one\r\ntwo\u2028three\n\n\n\nfour  \n', true)).toBe('one\ntwo\nthree\n\nfour');
  });

  it('cuts to the limit, saying so, without splitting a surrogate pair', () => {
    expect(capText('short', 20)).toBe('short');
    expect(capText('abcdefghijklmnopqrstuvwxyz', 20)).toBe('abcdefgh [truncated]');
    expect(capText('😀😀😀😀😀😀😀😀😀😀😀😀', 20)).toBe('😀😀😀😀 [truncated]');
  });

  it('reads only the beginning of a huge field, and still marks it as cut', () => {
    const huge = `${'x'.repeat(5_000_000)}`;
    const started = Date.now();
    const out = cleanText(huge, 100);
    expect(Date.now() - started).toBeLessThan(500);
    expect(out).toBe(`${'x'.repeat(88)} [truncated]`);
  });

  it('never returns more than the limit, nor a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 20, max: 300 }), (s, max) => {
        const out = cleanText(s, max);
        return out.length <= max && !/[\u0000-\u001F\u007F-\u009F\u202A-\u202E]/.test(out);
      }),
    );
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. one', '1\\. one'],
    ['2) two', '2\\) two'],
    ['---', '\\---'],
    ['# h', '\\# h'],
    ['> quote', '\\> quote'],
    ['a*b_c', 'a\\*b\\_c'],
    ['[x](http://e.example) ![i](x)', '\\[x\\]\\(http://e.example\\) \\!\\[i\\]\\(x\\)'],
    ['<b>&amp;</b>', '\\<b\\>\\&amp;\\</b\\>'],
    ['a | b | $x$', 'a \\| b \\| \\$x\\$'],
    ['`code` ~~s~~ \\', '\\`code\\` \\~\\~s\\~\\~ \\\\'],
    ['line one\n# line two', 'line one \\# line two'],
    ['+33 1 23 45 67 89', '+33 1 23 45 67 89'],
    ['10.0.0.5 and 2026-11-23', '10.0.0.5 and 2026-11-23'],
  ])('%s', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('leaves no Markdown punctuation unescaped, and no line break', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const out = escapeMarkdown(s);
        return !out.includes('\n') && !/(^|[^\\])(\\\\)*[`*_{}[\]()#<>|~&$!]/.test(out);
      }),
    );
  });

  it('fences code with more backticks than the text holds', () => {
    expect(markdownCodeBlock('a\n````\nb')).toBe('`````text\na\n````\nb\n`````');
    expect(markdownCodeBlock('plain')).toBe('```text\nplain\n```');
  });
});

describe('escapeCardText', () => {
  it('escapes the Adaptive Card Markdown subset and date functions', () => {
    expect(escapeCardText('**b** _i_ [l](u) {{DATE(2026-11-23T09:30:00Z, SHORT)}} - x')).toBe(
      '\\*\\*b\\*\\* \\_i\\_ \\[l\\]\\(u\\) \\{\\{DATE\\(2026-11-23T09:30:00Z, SHORT\\)\\}\\} - x',
    );
    expect(escapeCardText('- item')).toBe('\\- item');
    expect(escapeCardText('a | b')).toBe('a | b');
  });
});

describe('escapeJsonForHtml', () => {
  it('writes <, >, & and line separators as \\u escapes', () => {
    const json = escapeJsonForHtml(JSON.stringify({ t: '</script>&\u2028' }));
    expect(json).toBe('{"t":"\\u003c/script\\u003e\\u0026\\u2028"}');
    expect(JSON.parse(json)).toEqual({ t: '</script>&\u2028' });
  });
});
