import { Readable } from 'node:stream';
import fc from 'fast-check';
import { csvRecords, guessDelimiter } from '../../src/batch/csvRecords';
import { mboxMessages } from '../../src/batch/mboxMessages';

/** A stream that hands out `text` in pieces of `size` bytes: records and quotes must survive any cut. */
const pieces = (text: string | Buffer, size: number) => {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return Readable.from(out);
};

async function records(text: string, size = 1 << 16, maxCellChars = 1_000_000) {
  const out: { cells: readonly string[]; line: number }[] = [];
  for await (const r of csvRecords(pieces(text, size), { maxCellChars })) out.push(r);
  return out;
}

describe('csvRecords', () => {
  const EXPORT =
    '\uFEFFnumber,short_description,description\r\n' +
    'INC001,"Mail bounces","Hello,\r\nwe get ""550 5.7.750"" since today.\r\nThanks"\r\n' +
    'INC002,Cannot send,\r\n' +
    '\r\n' +
    'INC003,"",last\r\n';

  it('reads quoted fields with separators, doubled quotes and line breaks, and says where each record starts', async () => {
    expect(await records(EXPORT)).toEqual([
      { cells: ['number', 'short_description', 'description'], line: 1 },
      { cells: ['INC001', 'Mail bounces', 'Hello,\r\nwe get "550 5.7.750" since today.\r\nThanks'], line: 2 },
      { cells: ['INC002', 'Cannot send', ''], line: 5 },
      { cells: ['INC003', '', 'last'], line: 7 },
    ]);
  });

  it('gives the same records whatever the chunk size (a quote or CRLF cut between chunks)', async () => {
    const whole = await records(EXPORT);
    for (const size of [1, 2, 3, 7, 13]) expect(await records(EXPORT, size)).toEqual(whole);
  });

  it('property: any table of cells written as RFC 4180 reads back the same, in any chunking', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', '中', ',', '"', '\n', '\r\n', ' ', ';'), maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 9 }), async (rows, size) => {
        const width = rows[0]!.length;
        const table = [['h1', 'h2', ...Array.from({ length: width - 2 }, (_, i) => `h${i + 3}`)], ...rows.map((r) => [...r, ...Array(width).fill('')].slice(0, width))];
        const text = table.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        const read = await records(text, size);
        expect(read.map((r) => r.cells)).toEqual(table);
      }),
      { numRuns: 150 },
    );
  });

  it('semicolons and tabs as separators (European Excel, tab-separated exports)', async () => {
    expect((await records('id;text\n1;a,b\n')).map((r) => r.cells)).toEqual([['id', 'text'], ['1', 'a,b']]);
    expect((await records('id\ttext\n1\ta;b\n')).map((r) => r.cells)).toEqual([['id', 'text'], ['1', 'a;b']]);
    expect(guessDelimiter('"a;b",c,d')).toBe(',');
  });

  it('cuts a cell longer than the cap and says on which record', async () => {
    const cuts: number[] = [];
    const out: string[][] = [];
    const long = 'x'.repeat(100);
    for await (const r of csvRecords(pieces(`id,text\n1,${long}\n2,short\n`, 8), { maxCellChars: 10, onCut: (l) => cuts.push(l) })) out.push([...r.cells]);
    expect(out).toEqual([['id', 'text'], ['1', 'x'.repeat(10)], ['2', 'short']]);
    expect(cuts).toEqual([2]);
  });

  it('an unterminated quote runs to the end instead of hanging or throwing', async () => {
    expect((await records('id,text\n1,"never closed\n2,x')).map((r) => r.cells)).toEqual([['id', 'text'], ['1', 'never closed\n2,x']]);
  });
});

describe('mboxMessages', () => {
  const MBOX = [
    'From MAILER-DAEMON Mon Nov 23 07:58:12 2026',
    'Subject: Undeliverable: Offre',
    '',
    'Remote Server returned 550 5.7.750',
    '>From the desk of Claire',
    '>>From stays quoted once',
    '',
    'From postmaster@contoso.com Mon Nov 23 08:00:00 2026',
    'Subject: second',
    '',
    'body two',
    '',
  ].join('\n');

  async function messages(input: string | Buffer, size: number, max = 1 << 20) {
    const out: { index: number; text: string; cut: boolean }[] = [];
    for await (const m of mboxMessages(pieces(input, size), { maxMessageBytes: max })) out.push({ index: m.index, text: m.data.toString('utf8'), cut: m.cut });
    return out;
  }

  it('splits on "From " lines and undoes the >From quoting of mboxrd', async () => {
    expect(await messages(MBOX, 1 << 16)).toEqual([
      { index: 1, text: 'Subject: Undeliverable: Offre\n\nRemote Server returned 550 5.7.750\nFrom the desk of Claire\n>From stays quoted once\n\n', cut: false },
      { index: 2, text: 'Subject: second\n\nbody two\n', cut: false },
    ]);
  });

  it('gives the same messages whatever the chunk size', async () => {
    const whole = await messages(MBOX, 1 << 16);
    for (const size of [1, 4, 5, 6, 17]) expect(await messages(MBOX, size)).toEqual(whole);
  });

  /** The format written out plainly, line by line: what the streaming reader must agree with. */
  function byLines(text: string): { index: number; text: string; cut: boolean }[] {
    const out: { index: number; text: string; cut: boolean }[] = [];
    let current: string[] | null = null;
    for (const line of text.split(/(?<=\n)/)) {
      if (line.startsWith('From ')) {
        if (current) out.push({ index: out.length + 1, text: current.join(''), cut: false });
        current = [];
      } else if (current) current.push(/^>+From /.test(line) ? line.slice(1) : line);
    }
    if (current) out.push({ index: out.length + 1, text: current.join(''), cut: false });
    return out;
  }

  it('agrees with a line-by-line reading on any text cut into any chunks', async () => {
    const piece = fc.constantFrom('From ', 'From x\n', '>', '>From ', '>>From ', 'Fro', 'm ', '\n', '\r\n', 'body', ' ', 'F');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), async (parts, size) => {
        const text = parts.join('');
        expect(await messages(text, size)).toEqual(byLines(text));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps at most the cap of one message and goes on with the next', async () => {
    const big = `From a\n${'y'.repeat(5000)}\nmore\nFrom b\nsmall\n`;
    const out = await messages(big, 64, 100);
    expect(out.map((m) => [m.index, m.text.length <= 100, m.cut])).toEqual([
      [1, true, true],
      [2, true, false],
    ]);
    expect(out[1]!.text).toBe('small\n');
  });
});
