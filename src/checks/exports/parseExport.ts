import { problem, type ExportFormat, type Problem } from '../../catalog/problemCodes';
import { htmlExportToText, looksLikeHtml } from './htmlExport';
import { parseDate, type DateOrder } from '../../time/parseDate';

export type { ExportFormat } from '../../catalog/problemCodes';

/**
 * Reads what admins paste from Exchange Online PowerShell, the admin centers and Microsoft Graph into uniform
 * records: `ConvertTo-Json` and Graph JSON, `Export-Csv` / EAC CSV (also `;`-separated and cells copied from Excel),
 * `Format-List`, `Format-Table`, or a plain list of values one per line. Prompt lines ("PS C:\> Get-…") and
 * console colour codes around the output are ignored. Never throws: what cannot be read is reported in `problems`.
 */

/** One exported object. Keys are the field names as exported; look them up with `field()`. */
export type ExportValue = string | number | boolean | null | readonly ExportValue[] | { readonly [k: string]: ExportValue };
export type ExportRecord = Readonly<Record<string, ExportValue>>;

export interface ParsedExport {
  readonly format: ExportFormat;
  readonly records: readonly ExportRecord[];
  /** Problems met while reading (bad JSON, ragged CSV row, …), as typed codes with their parameters. */
  readonly problems: readonly Problem[];
}

const MAX_RECORDS = 100_000;

/** A PowerShell prompt: "PS C:\Users\admin> Get-AcceptedDomain", "PS>", "[PS] C:\Windows\system32>" (Exchange shell). */
const PROMPT = /^(?:PS(?: [^>\n]*)?|\[PS\] [^>\n]*)>/;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** "Name : value" of Format-List: the label is padded with spaces up to the colon. */
const LIST_LINE = /^([A-Za-z][\w.-]*)\s+:(?:\s(.*))?$/;
/** The line of dashes under a Format-Table header. */
const DASHES = /^\s*-{2,}(\s+-{2,})*\s*$/;

export function parseExport(input: string): ParsedExport {
  const all = (looksLikeHtml(input) ? htmlExportToText(input) : input)
    .replace(/^\uFEFF/, '')
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !PROMPT.test(l));
  // Blank lines around the export are dropped by index (shifting them off one by one is quadratic).
  let first = 0;
  let end = all.length;
  while (first < end && all[first]!.trim() === '') first++;
  while (end > first && all[end - 1]!.trim() === '') end--;
  const lines = all.slice(first, end);
  const text = lines.join('\n').trim();
  if (text === '') return { format: 'empty', records: [], problems: [] };
  if (/^[[{]/.test(text)) return parseJson(text);
  if (isFormatList(lines)) return parseFormatList(lines);
  const header = tableHeaderAt(lines);
  if (header !== null) return parseTable(lines.slice(header));
  const delimiter = csvDelimiter(lines);
  if (delimiter !== null) return parseCsv(text, delimiter);
  return {
    format: 'lines',
    records: lines
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .slice(0, MAX_RECORDS)
      .map((value) => ({ value })),
    problems: [],
  };
}

/** Case-insensitive field lookup, ignoring spaces and underscores ("WhenCreatedUTC" = "When Created UTC"). */
export function field(record: ExportRecord, ...names: string[]): ExportValue | undefined {
  const norm = (k: string) => k.toLowerCase().replace(/[\s_]/g, '');
  for (const name of names) {
    const wanted = norm(name);
    for (const [k, v] of Object.entries(record)) if (norm(k) === wanted) return v;
  }
  return undefined;
}

/** A field as text ("" when absent); arrays are joined with ", ". */
export function text(record: ExportRecord, ...names: string[]): string {
  const v = field(record, ...names);
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * A multi-valued field as a list: JSON arrays, "{a, b}" (Format-List), "a;b" or "a, b" (CSV). The "..." that
 * Format-List prints after the first values of a long list ("{a, b, c, d...}") is dropped; look at `text()` to
 * know that the list is incomplete.
 */
export function list(record: ExportRecord, ...names: string[]): string[] {
  const v = field(record, ...names);
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== '');
  return String(v)
    .replace(/^\{|\}$/g, '')
    .split(/[;,]/)
    .map((x) => x.trim().replace(/(\.\.\.|…)$/, '').trim())
    .filter((x) => x !== '');
}

/**
 * Dates as exported, read as UTC when they carry no zone: ISO 8601, "/Date(1700000000000)/" (ConvertTo-Json in
 * Windows PowerShell), {"value": "/Date(…)/", "DateTime": "…"} (a PSObject date), "11/16/2026 9:12:44 AM",
 * "16/11/2026 09:12:44", "16.11.2026 09:12:44" (dots: day first). A slashed date whose numbers could both be the
 * month is read in `order` (see `dateOrderOf`); one over 12 is the day whatever the order. Null when absent or not
 * a real date.
 */
export function date(record: ExportRecord, names: string | readonly string[], order: DateOrder = 'month-first'): Date | null {
  return toDate(field(record, ...(typeof names === 'string' ? [names] : names)), order);
}

/** The slashed or dotted day/month/year at the start of a value, with its first two numbers. */
const NUMERIC_DATE = /^(\d{1,2})([/.])(\d{1,2})[/.]\d{4}\b/;

/**
 * How a column's slashed dates are to be read: the column itself tells when one of its dates has a day over 12
 * (or is written with dots, or with AM/PM as en-US does); else the conversation's `hint`. `sure` is false when
 * neither decides and some date is ambiguous (or the column contradicts itself): then say so rather than guess.
 */
export function dateOrderOf(
  values: readonly (ExportValue | undefined)[],
  hint: DateOrder | null,
): { readonly order: DateOrder; readonly sure: boolean; readonly example: string | null } {
  let dayFirst = false;
  let monthFirst = false;
  let example: string | null = null;
  for (const v of values) {
    const s = typeof v === 'string' ? v.trim() : typeof v === 'object' && v !== null && !Array.isArray(v) ? String((v as Record<string, ExportValue>).DateTime ?? '') : '';
    const m = NUMERIC_DATE.exec(s);
    if (!m) continue;
    const [a, b] = [Number(m[1]), Number(m[3])];
    if (m[2] === '.' || a > 12) dayFirst = true;
    else if (b > 12 || /\b[AP]M$/i.test(s)) monthFirst = true;
    else example ??= s;
  }
  if (dayFirst !== monthFirst) return { order: dayFirst ? 'day-first' : 'month-first', sure: true, example };
  if (dayFirst && monthFirst) return { order: hint ?? 'month-first', sure: false, example };
  return { order: hint ?? 'month-first', sure: example === null || hint !== null, example };
}

/**
 * The order to read a date column in (see `dateOrderOf`); when nothing decides it, a problem says so, with an
 * example, instead of silently taking one.
 */
export function dateColumnOrder(records: readonly ExportRecord[], names: readonly string[], hint: DateOrder | null, problems: Problem[]): DateOrder {
  const { order, sure, example } = dateOrderOf(records.map((r) => field(r, ...names)), hint);
  if (!sure) {
    const params = { column: names[0] ?? '', example: example ?? '?' };
    problems.push(order === 'month-first' ? problem('dates-ambiguous-month-first', params) : problem('dates-ambiguous-day-first', params));
  }
  return order;
}

function toDate(v: ExportValue | undefined, order: DateOrder): Date | null {
  if (v === undefined || v === null || v === '' || typeof v === 'boolean' || Array.isArray(v)) return null;
  if (typeof v === 'object') {
    const o = v as Readonly<Record<string, ExportValue>>;
    return toDate(o.value ?? o.Value, order) ?? toDate(o.DateTime, order);
  }
  return typeof v === 'string' ? parseDate(v, order) : null;
}

function parseJson(text: string): ParsedExport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { format: 'json', records: [], problems: [problem('json-invalid')] };
  }
  const problems: Problem[] = [];
  // Graph wraps collections in {"value": [...]}; ConvertTo-Json of one object is not an array.
  if (data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as { value?: unknown }).value)) {
    if (typeof (data as Record<string, unknown>)['@odata.nextLink'] === 'string') {
      problems.push(problem('json-more-pages'));
    }
    data = (data as { value: unknown[] }).value;
  }
  const items = Array.isArray(data) ? data : [data];
  const records = items.filter((x): x is ExportRecord => typeof x === 'object' && x !== null && !Array.isArray(x));
  if (records.length < items.length) problems.push(problem('json-items-not-objects', { count: items.length - records.length }));
  return { format: 'json', records: records.slice(0, MAX_RECORDS), problems };
}

/**
 * Format-List: "Name : value" lines, records separated by blank lines, long values wrapped onto lines indented to
 * the value column. Other lines (a stray prompt, a warning) do not count against it.
 */
function isFormatList(lines: readonly string[]): boolean {
  let kv = 0;
  let wrapped = 0;
  let inValue = false;
  for (const l of lines) {
    if (LIST_LINE.test(l)) {
      kv++;
      inValue = true;
    } else if (inValue && /^\s+\S/.test(l)) wrapped++;
    else inValue = false;
  }
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  return kv >= 2 && kv + wrapped >= nonEmpty * 0.5;
}

/**
 * PowerShell wraps a long value at the window width. It breaks between words when it can (the line then ends
 * with the space, which copying often drops) and inside a word that is longer than the line (the line is then
 * full). So a continuation is joined without a space after a full-width line, and with one otherwise. The widest
 * line stands for the window width; when no value was cut inside a word, that can glue two words together.
 */
function parseFormatList(lines: readonly string[]): ParsedExport {
  const width = lines.reduce((max, l) => Math.max(max, l.trimEnd().length), 0);
  const records: Record<string, ExportValue>[] = [];
  let current: Record<string, ExportValue> | null = null;
  let last: string | null = null;
  let glue = false;
  for (const line of lines) {
    if (line.trim() === '') {
      current = null;
      last = null;
      continue;
    }
    const m = LIST_LINE.exec(line);
    if (m) {
      if (!current || m[1]! in current) {
        current = {};
        records.push(current);
      }
      last = m[1]!;
      current[last] = (m[2] ?? '').trim();
    } else if (current && last && /^\s+\S/.test(line)) {
      current[last] = `${current[last]}${glue ? '' : ' '}${line.trim()}`.trim();
    } else {
      last = null;
    }
    // After a comma the break is between the values of a list ("{a, b}"), which always have a space between them.
    glue = line.trimEnd().length === width && !line.trimEnd().endsWith(',');
  }
  return { format: 'list', records: records.slice(0, MAX_RECORDS), problems: [] };
}

/** Where a Format-Table starts: the header line above the first line of dashes (a warning or prompt may precede it). */
function tableHeaderAt(lines: readonly string[]): number | null {
  for (let i = 1; i < lines.length; i++) {
    const header = lines[i - 1]!;
    if (!DASHES.test(lines[i]!) || header.trim() === '') continue;
    const firstDash = lines[i]!.search(/-/);
    const firstLabel = header.search(/\S/);
    // Right-aligned first column: the label may start after the dashes; a label before them is not a header.
    if (firstLabel >= firstDash) return i - 1;
  }
  return null;
}

/**
 * Format-Table: a header line, a line of dashes giving the column spans, then rows. When the rows no longer line up
 * with the dashes (a chat client collapsed the runs of spaces, or tabs replaced them), each row is split into words
 * instead; a row with more or fewer words than there are columns is reported, never guessed at.
 */
function parseTable(lines: readonly string[]): ParsedExport {
  return parseAlignedTable(lines) ?? parseTableByWords(lines);
}

/** Column names of a Format-Table header are single words (PowerShell property names). */
function parseTableByWords(lines: readonly string[]): ParsedExport {
  const names = lines[0]!.trim().split(/\s+/);
  const groups = lines[1]!.trim().split(/\s+/).length;
  const rows = lines.slice(2).filter((l) => l.trim() !== '');
  if (names.length !== groups) {
    return { format: 'table', records: [], problems: [problem('table-columns-lost')] };
  }
  const records: ExportRecord[] = [];
  const unread: number[] = [];
  rows.slice(0, MAX_RECORDS).forEach((row, i) => {
    const words = row.trim().split(/\s+/);
    if (words.length === names.length) records.push(Object.fromEntries(names.map((n, j) => [n, words[j]!])));
    else unread.push(i + 1);
  });
  const problems =
    unread.length > 0
      ? [
          problem('table-rows-unread', { rows: `${unread.slice(0, 10).join(', ')}${unread.length > 10 ? ', …' : ''}` }),
        ]
      : [];
  return { format: 'table', records, problems };
}

/** The table read by the columns the dashes give; null when a row does not fit them (its spacing was lost). */
function parseAlignedTable(lines: readonly string[]): ParsedExport | null {
  const dashes = lines[1]!;
  const rows = lines.slice(2).filter((l) => l.trim() !== '');
  const spans: { start: number; end: number }[] = [];
  for (const m of dashes.matchAll(/-+/g)) spans.push({ start: m.index, end: m.index + m[0].length });
  const blank = (line: string, i: number) => i >= line.length || /\s/.test(line[i]!);
  // A right-aligned value wider than its label starts left of the dashes: move the boundary back to the blank
  // separator column that every row shares.
  const starts = spans.map((s, i) => {
    if (i === 0) return 0;
    let p = s.start;
    while (p > spans[i - 1]!.end && ![lines[0]!, ...rows].every((l) => blank(l, p - 1))) p--;
    return [lines[0]!, ...rows].every((l) => blank(l, p - 1)) ? p : s.start;
  });
  const cols = starts.map((start, i) => ({ start, end: starts[i + 1] ?? Infinity }));
  const cell = (l: string, c: { start: number; end: number }) => l.slice(c.start, c.end === Infinity ? undefined : c.end).trim();
  // Every column but the first must start after a blank in every row (or past its end): else a cell would be cut
  // in the middle of a word ("crosoft.com" out of "contoso.onmicrosoft.com").
  if (![lines[0]!, ...rows].every((l) => cols.slice(1).every((c) => blank(l, c.start - 1)))) return null;
  // A row with a word for every column that still leaves a cell empty was typed or copied out of line.
  const misaligned = (l: string) => cols.some((c) => cell(l, c) === '') && l.trim().split(/\s+/).length >= cols.length;
  if (rows.some(misaligned)) return null;
    const names = cols.map((c) => cell(lines[0]!, c));
  const records = rows.slice(0, MAX_RECORDS).map((l) => Object.fromEntries(cols.map((c, i) => [names[i]!, cell(l, c)])));
  return { format: 'table', records, problems: [] };
}

/**
 * The delimiter of a CSV whose first line (after Export-Csv's "#TYPE" line) is a header of column names: "," from
 * Export-Csv, ";" from Export-Csv -UseCulture or Excel in many locales, a tab from cells copied out of Excel.
 * A first line of domain names or addresses ("contoso.com, fabrikam.com") is a list, not a header.
 */
function csvDelimiter(lines: readonly string[]): ',' | ';' | '\t' | null {
  const data = lines.filter((l) => l.trim() !== '' && !/^#TYPE\b/i.test(l));
  if (data.length < 2) return null;
  const first = data[0]!.trim();
  const unquoted = first.replace(/"[^"]*"/g, '');
  const delimiter = ([',', ';', '\t'] as const)
    .map((d) => ({ d, n: unquoted.split(d).length - 1 }))
    .sort((a, b) => b.n - a.n)[0]!;
  // Column names are a few words ("Date de création", "Recipient address"), not sentences.
  const isName = (c: string) => /^[\p{L}\p{N}_ .#()/:'%?&+-]+$/u.test(c) && c.split(' ').length <= 5 && !c.endsWith('.');
  const isValue = (c: string) => c.includes('@') || /^(\*\.)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u.test(c);
  const unquote = (c: string) => c.trim().replace(/^"(.*)"$/, '$1').trim();
  // One column (Export-Csv of a single property): every line quoted, the first a column name.
  if (delimiter.n === 0) return data.every((l) => /^"[^"]*"$/.test(l.trim())) && isName(unquote(first)) && !isValue(unquote(first)) ? ',' : null;
  // Prose with a comma ("Hi, here they are") is followed by lines without one; a quoted value may go on over lines.
  const second = data[1]!;
  const open = (second.match(/"/g)?.length ?? 0) % 2 === 1;
  if (!open && !second.replace(/"[^"]*"/g, '').includes(delimiter.d)) return null;
  const cells = first.split(delimiter.d).map(unquote);
  return cells.every(isName) && !cells.every(isValue) ? delimiter.d : null;
}

/** RFC 4180 CSV with Export-Csv's optional "#TYPE" first line. */
function parseCsv(text: string, delimiter: string): ParsedExport {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (rows.length > MAX_RECORDS) break;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const data = rows.filter((r) => !(r.length === 1 && /^#TYPE\b/i.test(r[0]!)) && !(r.length === 1 && r[0]!.trim() === ''));
  const header = data[0] ?? [];
  const problems: Problem[] = [];
  if (quoted) problems.push(problem('csv-unterminated-quote'));
  const records = data.slice(1, MAX_RECORDS + 1).map((r, i) => {
    if (r.length !== header.length) problems.push(problem('csv-row-fields', { row: i + 2, fields: r.length, expected: header.length }));
    return Object.fromEntries(header.map((h, j) => [h.trim(), r[j] ?? '']));
  });
  return { format: 'csv', records, problems: problems.slice(0, 20) };
}
