/**
 * Reads what admins paste from Exchange Online PowerShell, the admin centers and Microsoft Graph into uniform
 * records: `ConvertTo-Json` and Graph JSON, `Export-Csv` / EAC CSV, `Format-List`, `Format-Table`, or a plain list
 * of values one per line. Never throws: what cannot be read is reported in `problems`.
 */
export type ExportFormat = 'json' | 'csv' | 'list' | 'table' | 'lines' | 'empty';

/** One exported object. Keys are the field names as exported; look them up with `field()`. */
export type ExportValue = string | number | boolean | null | readonly ExportValue[] | { readonly [k: string]: ExportValue };
export type ExportRecord = Readonly<Record<string, ExportValue>>;

export interface ParsedExport {
  readonly format: ExportFormat;
  readonly records: readonly ExportRecord[];
  /** Problems met while reading, in plain words (bad JSON, ragged CSV row, …). */
  readonly problems: readonly string[];
}

const MAX_RECORDS = 100_000;

export function parseExport(input: string): ParsedExport {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
  if (text === '') return { format: 'empty', records: [], problems: [] };
  if (/^[[{]/.test(text)) return parseJson(text);
  const lines = text.split('\n');
  const firstData = lines.find((l) => !/^#TYPE\b/i.test(l) && l.trim() !== '') ?? '';
  if (isFormatList(lines)) return parseFormatList(lines);
  if (lines.length >= 2 && /^\s*-{2,}(\s+-{2,})*\s*$/.test(lines[1] ?? '')) return parseTable(lines);
  if (/^"?[\w .#-]+"?(,"?[\w .#-]+"?)+$/.test(firstData.trim()) && lines.length >= 2) return parseCsv(text);
  return {
    format: 'lines',
    records: lines.map((l) => l.trim()).filter((l) => l !== '').map((value) => ({ value })),
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

/** A multi-valued field as a list: JSON arrays, "{a, b}" (Format-List), "a;b" or "a, b" (CSV). */
export function list(record: ExportRecord, ...names: string[]): string[] {
  const v = field(record, ...names);
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== '');
  return String(v)
    .replace(/^\{|\}$/g, '')
    .split(/[;,]/)
    .map((x) => x.trim())
    .filter((x) => x !== '' && x !== '...' && x !== '…');
}

/** Dates as exported: ISO, "/Date(1700000000000)/" (ConvertTo-Json), "11/16/2026 9:12:44 AM" (US locale, UTC). */
export function date(record: ExportRecord, ...names: string[]): Date | null {
  const v = field(record, ...names);
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'object' && !Array.isArray(v) && 'DateTime' in v) return date({ d: (v as Record<string, ExportValue>).DateTime ?? null }, 'd');
  const s = String(v).trim();
  const ms = /\/Date\((-?\d+)(?:[+-]\d{4})?\)\//.exec(s);
  if (ms) return new Date(Number(ms[1]));
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(s);
  if (us) {
    let h = Number(us[4]);
    if (us[7]) h = (h % 12) + (/pm/i.test(us[7]) ? 12 : 0);
    return new Date(Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), h, Number(us[5]), Number(us[6] ?? 0)));
  }
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) || !/\d:\d/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? null : new Date(t);
}

function parseJson(text: string): ParsedExport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { format: 'json', records: [], problems: [`not valid JSON: ${(err as Error).message}`] };
  }
  // Graph wraps collections in {"value": [...]}; ConvertTo-Json of one object is not an array.
  if (data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as { value?: unknown }).value)) {
    data = (data as { value: unknown[] }).value;
  }
  const items = Array.isArray(data) ? data : [data];
  const records = items.filter((x): x is ExportRecord => typeof x === 'object' && x !== null && !Array.isArray(x));
  const problems = records.length < items.length ? [`${items.length - records.length} JSON item(s) are not objects`] : [];
  return { format: 'json', records: records.slice(0, MAX_RECORDS), problems };
}

/** Format-List: "Name : value" lines, records separated by blank lines, long values wrapped onto indented lines. */
function isFormatList(lines: readonly string[]): boolean {
  const kv = lines.filter((l) => /^[A-Za-z][\w.-]*\s+:\s?/.test(l)).length;
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  return kv >= 2 && kv >= nonEmpty * 0.5;
}

function parseFormatList(lines: readonly string[]): ParsedExport {
  const records: Record<string, ExportValue>[] = [];
  let current: Record<string, ExportValue> | null = null;
  let last: string | null = null;
  for (const line of lines) {
    if (line.trim() === '') {
      current = null;
      last = null;
      continue;
    }
    const m = /^([A-Za-z][\w.-]*)\s+:\s?(.*)$/.exec(line);
    if (m) {
      if (!current || m[1]! in current) {
        current = {};
        records.push(current);
      }
      last = m[1]!;
      current[last] = m[2]!.trim();
    } else if (current && last && /^\s+\S/.test(line)) {
      current[last] = `${current[last]} ${line.trim()}`.trim();
    }
  }
  return { format: 'list', records: records.slice(0, MAX_RECORDS), problems: [] };
}

/** Format-Table: a header line, a line of dashes giving the column spans, then rows. */
function parseTable(lines: readonly string[]): ParsedExport {
  const dashes = lines[1]!;
  const spans: { start: number; end: number }[] = [];
  for (const m of dashes.matchAll(/-+/g)) spans.push({ start: m.index, end: m.index + m[0].length });
  const cols = spans.map((s, i) => {
    const end = i + 1 < spans.length ? spans[i + 1]!.start : Infinity;
    return { start: s.start, end, name: lines[0]!.slice(s.start, end).trim() };
  });
  const records = lines
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => Object.fromEntries(cols.map((c) => [c.name, l.slice(c.start, c.end === Infinity ? undefined : c.end).trim()])));
  return { format: 'table', records: records.slice(0, MAX_RECORDS), problems: [] };
}

/** RFC 4180 CSV with Export-Csv's optional "#TYPE" first line. */
function parseCsv(text: string): ParsedExport {
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
    else if (c === ',') {
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
  const problems: string[] = [];
  const records = data.slice(1).map((r, i) => {
    if (r.length !== header.length) problems.push(`CSV row ${i + 2} has ${r.length} fields, the header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h.trim(), r[j] ?? '']));
  });
  return { format: 'csv', records, problems: problems.slice(0, 20) };
}
