import fc from 'fast-check';
import { htmlToText } from '../../src/ndr/htmlToText';

/** The former regex pipeline (backtracking, fine on short strings): the single-pass version must agree with it. */
function oracle(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d|table)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n');
}

describe('htmlToText', () => {
  it('drops styles, scripts and tags, keeps blocks on their own lines and decodes entities', () => {
    const html = '<html><head><style>p{color:red}</style></head><body><p>Delivery has failed&nbsp;to:</p><p>a&#64;contoso.com</p><script>x()</script></body></html>';
    expect(htmlToText(html).trim()).toBe('Delivery has failed to:\na@contoso.com');
  });

  it('agrees with the regex pipeline on tag soup', () => {
    const piece = fc.constantFrom('<', '>', '</', 'style', 'STYLE', 'head', 'script', 'br', '/', 'p', ' ', '\t', '\n', 'a', '<br/>', '</p>', '</style>', '<style>', '</head>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), (html) => {
        expect(htmlToText(html)).toBe(oracle(html));
      }),
      { numRuns: 4000 },
    );
  });
});
