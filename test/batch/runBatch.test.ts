import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { csvRecords } from '../../src/batch/csvRecords';
import { progressLine } from '../../src/batch/progress';
import { runBatch } from '../../src/batch/runBatch';
import { DEFAULT_ID_COLUMNS } from '../../src/batch/ticketSources';
import { createTriagePool, type TriagePool } from '../../src/batch/triagePool';
import { triage } from '../../src/recognize/triage';
import { loadConfig } from '../../src/config/config';
import { runCli } from '../../src/cli/runCli';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(300_000);

const FIXTURES = join(__dirname, '..', 'fixtures');
const fixture = (...p: string[]) => readFileSync(join(FIXTURES, ...p), 'utf8');
const NDR_FR = fixture('dialogs', 'ndr-fr.txt');
const NDR_ZH = fixture('dialogs', 'ndr-zh-CN.txt');
const NDR_705 = fixture('ndr', 'en-5.7.705-newlayout.txt');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ndr-batch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function readCsv(file: string): Promise<Record<string, string>[]> {
  const rows: string[][] = [];
  for await (const r of csvRecords(Readable.from([readFileSync(file)]), { maxCellChars: 1e6 })) rows.push([...r.cells]);
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}

const options = (inputs: string[], out: string) => ({
  inputs,
  outDir: out,
  idColumns: DEFAULT_ID_COLUMNS,
  textColumns: [],
  maxTicketBytes: 32 * 1024 * 1024,
  triage: { maxBytes: 512 * 1024 },
});

describe('runBatch', () => {
  it('a 10,000-ticket ServiceNow export: every ticket has a result, in order; bad tickets are reported, not fatal', async () => {
    const kinds = [
      { description: NDR_FR, expect: '5.7.750' },
      { description: NDR_ZH, expect: '5.7.750' },
      { description: NDR_705, expect: '5.7.705' },
      { description: 'Printer says 550 5.1.1 User unknown when scanning to mail', expect: '' },
      { description: '', expect: 'error' },
    ];
    const lines = ['number,short_description,description,comments'];
    for (let i = 0; i < 10_000; i++) {
      const k = kinds[i % kinds.length]!;
      // An incident with no words at all is the bad ticket; the others have a short description too.
      const short = k.expect === 'error' ? '' : 'Mail problem';
      lines.push([`INC${String(i).padStart(7, '0')}`, short, k.description, ''].map(csvCell).join(','));
    }
    const input = join(dir, 'incidents.csv');
    writeFileSync(input, lines.join('\r\n'));
    const summary = await runBatch(options([input], join(dir, 'out')), triageDeps());

    expect(summary.stats.tickets).toBe(10_000);
    // UTF-8 with a byte-order mark, so that Excel opens it as UTF-8.
    expect([...readFileSync(summary.files.csv).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = await readCsv(summary.files.csv);
    expect(rows).toHaveLength(10_000);
    expect(rows[0]!.id).toBe('INC0000000');
    expect(rows[9_999]!.id).toBe('INC0009999');
    rows.forEach((row, i) => {
      const want = kinds[i % kinds.length]!.expect;
      if (want === 'error') {
        expect(row).toMatchObject({ block: '', needs_human: 'error' });
        expect(row.error).toContain('the text columns are empty');
      } else expect(row.block).toBe(want);
    });
    // The short description and the description are triaged together: "Mail problem" does not hide the bounce.
    expect(summary.stats.byBlock.get('5.7.750')).toBe(4_000);
    expect(summary.stats.errors).toBe(2_000);
    // Where a record starts counts the line breaks inside the quoted descriptions before it.
    const breaks = (t: string) => (t.match(/\n/g) ?? []).length;
    const thirdLine = 2 + breaks(lines[1]!) + 1 + breaks(lines[2]!) + 1;
    const jsonl = readFileSync(summary.files.jsonl, 'utf8').trim().split('\n');
    expect(jsonl).toHaveLength(10_000);
    expect(JSON.parse(jsonl[2]!)).toMatchObject({ id: 'INC0000002', block: '5.7.705', input: `${input}:${thirdLine}`, source: 'microsoft' });

    const report = readFileSync(summary.files.report, 'utf8');
    expect(report).toContain('10000 tickets read');
    expect(report).toMatch(/<th scope="row">5\.7\.750 — Tenant blocked from sending mail from unregistered domains<\/th>.*<td class="n">4000<\/td>/);
    expect(report).toContain('Microsoft Support');
    // Capped list, with how many more there are.
    expect(report).toContain('more: see results.csv (column needs_human)');
    expect(report).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('a folder (recursive, .eml and .txt only) and an mbox, one ticket each message, ids from paths and positions', async () => {
    mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'in', 'a.eml'), readFileSync(join(FIXTURES, 'ndr', 'fr-5.7.750.eml')));
    writeFileSync(join(dir, 'in', 'sub', 'b.txt'), NDR_705);
    writeFileSync(join(dir, 'in', 'notes.docx'), 'PK\u0003\u0004');
    const mbox = join(dir, 'bounces.mbox');
    writeFileSync(mbox, `From MAILER-DAEMON Mon Nov 23 07:58:12 2026\n${NDR_ZH}\nFrom MAILER-DAEMON Mon Nov 23 08:00:00 2026\n${NDR_705}\n`);
    const summary = await runBatch(options([join(dir, 'in'), mbox], join(dir, 'out')), triageDeps());
    const rows = await readCsv(summary.files.csv);
    expect(rows.map((r) => [r.id, r.block])).toEqual([
      ['a.eml', '5.7.750'],
      [join('sub', 'b.txt'), '5.7.705'],
      [`${mbox}#1`, '5.7.750'],
      [`${mbox}#2`, '5.7.705'],
    ]);
    expect(summary.skippedFiles).toBe(1);
  });

  it('a 600 KiB ticket whose bounce comes at the end is still triaged', async () => {
    const filler = 'Customer wrote a very long story about their day. '.repeat(12_600);
    const input = join(dir, 'long.jsonl');
    writeFileSync(input, `${JSON.stringify({ id: 'T-1', text: `${filler}\n\n${NDR_FR}` })}\n`);
    expect(Buffer.byteLength(readFileSync(input))).toBeGreaterThan(600 * 1024);
    const summary = await runBatch(options([input], join(dir, 'out')), triageDeps());
    const [row] = await readCsv(summary.files.csv);
    expect(row).toMatchObject({ id: 'T-1', block: '5.7.750', truncated: 'true' });
  });

  it('escapes what tickets hold: no markup in the report, no formula in the CSV', async () => {
    const input = join(dir, 'evil.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: '<img src=x onerror=alert(1)>', text: 'qwerty' }),
        JSON.stringify({ id: '=HYPERLINK("http://evil.example","click")', text: '550 5.7.750' }),
        'not json',
      ].join('\n'),
    );
    const summary = await runBatch(options([input], join(dir, 'out')), triageDeps());
    const report = readFileSync(summary.files.report, 'utf8');
    expect(report).not.toContain('<img');
    expect(report).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const rows = await readCsv(summary.files.csv);
    expect(rows.map((r) => r.id)).toEqual(['<img src=x onerror=alert(1)>', `'=HYPERLINK("http://evil.example","click")`, `${input}:3`]);
    expect(rows[2]).toMatchObject({ needs_human: 'error', error: `${input}:3: not valid JSON` });
  });

  it('a CSV without the named text column says which columns it has', async () => {
    const input = join(dir, 'x.csv');
    writeFileSync(input, 'ref,body\n1,hello\n');
    const summary = await runBatch({ ...options([input], join(dir, 'out')), textColumns: ['details'] }, triageDeps());
    const rows = await readCsv(summary.files.csv);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.error).toBe(`${input}: no column "details"; name the text with --text-column (columns: ref, body)`);
  });
});

async function cli(args: string[], tty = false) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { stdin: Readable.from(['']), stdout, stderr, env: process.env });
  return { code, out, err };
}

describe('runBatch on a pool of threads', () => {
  /** A folder, an mbox and a CSV with an empty ticket: every kind of input, and a ticket that is an error. */
  function mixedInputs(): string[] {
    mkdirSync(join(dir, 'in'), { recursive: true });
    for (const f of ['fr-5.7.750.eml', 'de-5.7.708.eml', 'it-5.7.711.eml', 'en-5.1.1-out-of-scope.eml']) {
      writeFileSync(join(dir, 'in', f), readFileSync(join(FIXTURES, 'ndr', f)));
    }
    const mbox = join(dir, 'bounces.mbox');
    writeFileSync(mbox, Array.from({ length: 30 }, (_, i) => `From x ${i}\n${[NDR_ZH, NDR_705, NDR_FR][i % 3]}\n`).join(''));
    const csv = join(dir, 'incidents.csv');
    const rows = Array.from({ length: 40 }, (_, i) => [`INC${i}`, i % 10 === 9 ? '' : [NDR_705, 'My printer cannot scan', NDR_ZH][i % 3]!]);
    writeFileSync(csv, ['number,description', ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n'));
    return [join(dir, 'in'), mbox, csv];
  }

  it('gives the same results, in the same order, as the main thread', async () => {
    const inputs = mixedInputs();
    const here = await runBatch(options(inputs, join(dir, 'here')), triageDeps());
    const pool = createTriagePool(loadConfig(process.env), 2);
    try {
      const threaded = await runBatch({ ...options(inputs, join(dir, 'threaded')), pool }, triageDeps());
      const lines = (f: string) => readFileSync(f, 'utf8').trim().split('\n');
      expect(threaded.stats.tickets).toBe(4 + 30 + 40);
      expect(lines(threaded.files.jsonl)).toEqual(lines(here.files.jsonl));
      expect(readFileSync(threaded.files.csv, 'utf8')).toBe(readFileSync(here.files.csv, 'utf8'));
      expect(threaded.stats.errors).toBe(4);
      // 10 in the mbox; in the CSV every third row, less INC9 and INC39, which are empty.
      expect(threaded.stats.byBlock.get('5.7.705')).toBe(10 + 12);
    } finally {
      await pool.close();
    }
  });

  it('reads ahead while the pool works, four tickets a thread at most, and still writes in input order', async () => {
    const inputs = mixedInputs();
    let inFlight = 0;
    let most = 0;
    const pool: TriagePool = {
      size: 2,
      alive: true,
      async triage(data, triageOptions) {
        most = Math.max(most, ++inFlight);
        // Later tickets finish first: the order of the results must come from the input, not from the pool.
        await new Promise((resolve) => setTimeout(resolve, 10 - (inFlight % 5)));
        inFlight--;
        return triage(data, triageDeps(), triageOptions);
      },
      close: async () => undefined,
    };
    const summary = await runBatch({ ...options(inputs, join(dir, 'out')), pool }, triageDeps());
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(2 * 4);
    const here = await runBatch(options(inputs, join(dir, 'here')), triageDeps());
    expect(readFileSync(summary.files.jsonl, 'utf8')).toBe(readFileSync(here.files.jsonl, 'utf8'));
  });

  it('a pool whose threads cannot start loses no ticket: each gets a result with the reason, and the run ends', async () => {
    const inputs = mixedInputs();
    const pool = createTriagePool({ ...loadConfig(process.env), KNOWLEDGE_DIR: join(dir, 'no-such-knowledge') }, 2);
    try {
      const summary = await runBatch({ ...options(inputs, join(dir, 'out')), pool }, triageDeps());
      const rows = await readCsv(summary.files.csv);
      expect(rows).toHaveLength(74);
      expect(rows.every((r) => r.needs_human === 'error' && r.block === '')).toBe(true);
      expect(rows.filter((r) => (r.error ?? '').startsWith('triage worker stopped'))).toHaveLength(70);
    } finally {
      await pool.close();
    }
  });
});

describe('ndr-triage batch', () => {
  it('runs over an mbox, prints one summary line with the rate, and no progress when stderr is not a terminal', async () => {
    const mbox = join(dir, 'in.mbox');
    writeFileSync(mbox, Array.from({ length: 50 }, (_, i) => `From x ${i}\n${i % 2 ? NDR_705 : NDR_FR}\n`).join(''));
    const r = await cli(['batch', mbox, '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^ndr-triage: 50 tickets in \d+\.\d s \(\d+\/s\): 50 with a sending block, 0 for a person to look at, 0 unreadable → .*report\.html\n$/);
    expect(r.err).not.toContain('\r');
  });

  it('shows progress on a terminal, redrawn in place', async () => {
    const input = join(dir, 'many.jsonl');
    writeFileSync(input, Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: i, text: NDR_705 })).join('\n'));
    const r = await cli(['batch', input, '--out', join(dir, 'out')], true);
    expect(r.code).toBe(0);
    // The rate and the ETA appear once there is enough time to tell (see progressLine below).
    expect(r.err).toMatch(/\r\x1b\[2K\d[\d,]* tickets( · [\d,]+\/s)? · \d+%/);
  });

  it.each([
    [['batch', '--out', 'x'], 'batch needs at least one INPUT'],
    [['batch', 'somewhere'], 'batch needs --out DIR'],
    [['batch', '/no/such/folder', '--out', 'x'], 'cannot read /no/such/folder: ENOENT'],
    [['batch', '.', '--out', 'x', '--json'], '--json, --jsonl and --list do not apply'],
    [['triage', '--out', 'x'], '--out, --id-column, --text-column, --jobs and --webhook belong to batch'],
    [['batch', '.', '--out', 'x', '--jobs', '0'], '--jobs: "0" is not a number of threads from 1 to 64'],
    [['batch', '.', '--out', 'x', '--jobs', 'many'], '--jobs: "many" is not a number of threads from 1 to 64'],
  ])('%j is refused with exit 2 and says why', async (args, why) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(why);
  });
});

describe('progressLine', () => {
  it.each([
    [{ tickets: 1234, bytes: 37, totalBytes: 100, elapsedMs: 3000 }, '1,234 tickets · 411/s · 37% · ETA 0:05'],
    [{ tickets: 5, bytes: 1, totalBytes: 1000, elapsedMs: 200 }, '5 tickets · 0%'],
    [{ tickets: 90_000, bytes: 10, totalBytes: 40, elapsedMs: 1_200_000 }, '90,000 tickets · 75/s · 25% · ETA 1:00:00'],
    [{ tickets: 7, bytes: 0, totalBytes: 0, elapsedMs: 2000 }, '7 tickets · 4/s'],
    [{ tickets: 10, bytes: 50, totalBytes: 50, elapsedMs: 2000 }, '10 tickets · 5/s · 100%'],
  ])('%j → %s', (state, line) => {
    expect(progressLine(state)).toBe(line);
  });
});
