import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { open, opendir, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { csvRecords } from './csvRecords';
import { looksLikeMbox, mboxMessages } from './mboxMessages';

/** One thing to triage, or why it could not be read (reported in the results; the run goes on). */
export interface Ticket {
  readonly id: string;
  /** Where it came from: a file, "file#n" for the n-th message of an mbox, "file:line" for a CSV or JSONL row. */
  readonly source: string;
  readonly data?: Uint8Array | string;
  readonly error?: string;
}

export interface SourceOptions {
  /** Column (or JSON field) names that hold the ticket id, first found wins. */
  readonly idColumns: readonly string[];
  /** Columns (or fields) whose text is triaged, joined; default: the usual ticket text columns that exist. */
  readonly textColumns: readonly string[];
  /** Bytes kept of one ticket; a longer one is cut (and says so in its error-free result's `truncated`). */
  readonly maxTicketBytes: number;
  /** Input bytes consumed so far grow by this much (progress). */
  readonly onBytes?: (bytes: number) => void;
  /** A folder entry that is not an .eml or .txt file was passed over. */
  readonly onSkipped?: (path: string) => void;
}

export const DEFAULT_ID_COLUMNS = ['number', 'id', 'ticket', 'ticket_id', 'sys_id', 'case', 'incident'] as const;
/** ServiceNow incident exports first, then what other ticketing tools and JSONL files call the text. */
export const DEFAULT_TEXT_COLUMNS = ['short_description', 'description', 'comments', 'work_notes', 'subject', 'text', 'body', 'message'] as const;

const MESSAGE_FILES = new Set(['.eml', '.txt']);

/** Total bytes of the inputs (folders walked), so progress can show a share and an ETA. */
export async function inputBytes(inputs: readonly string[]): Promise<number> {
  let total = 0;
  for (const input of inputs) {
    const s = await stat(input);
    if (s.isDirectory()) for await (const f of walk(input)) total += (await stat(f)).size;
    else total += s.size;
  }
  return total;
}

/** Every ticket of every input, in order: folders (recursive, sorted), mbox, CSV, JSONL, single .eml/.txt files. */
export async function* ticketsFrom(inputs: readonly string[], options: SourceOptions): AsyncGenerator<Ticket> {
  for (const input of inputs) {
    let s;
    try {
      s = await stat(input);
    } catch (err) {
      yield { id: input, source: input, error: `cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
      continue;
    }
    if (s.isDirectory()) {
      for await (const file of walk(input, options.onSkipped)) yield* fileTickets(file, relative(input, file) || basename(file), options);
    } else yield* fileTickets(input, input, options);
  }
}

async function* walk(dir: string, onSkipped?: (path: string) => void): AsyncGenerator<string> {
  const entries: { name: string; dir: boolean }[] = [];
  for await (const e of await opendir(dir)) if (e.isDirectory() || e.isFile()) entries.push({ name: e.name, dir: e.isDirectory() });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.dir) yield* walk(path, onSkipped);
    else if (MESSAGE_FILES.has(extname(e.name).toLowerCase())) yield path;
    else onSkipped?.(path);
  }
}

async function* fileTickets(path: string, label: string, options: SourceOptions): AsyncGenerator<Ticket> {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.csv') return yield* csvTickets(path, label, options);
    if (ext === '.jsonl' || ext === '.ndjson') return yield* jsonlTickets(path, label, options);
    if (MESSAGE_FILES.has(ext)) return yield wholeFile(path, label, options);
    if (ext === '.mbox' || (await startsLikeMbox(path))) return yield* mboxTickets(path, label, options);
    if (ext === '') return yield wholeFile(path, label, options);
    yield { id: label, source: label, error: `${label}: not a kind of input batch reads (.eml, .txt, .mbox, .csv, .jsonl, or a folder)` };
  } catch (err) {
    yield { id: label, source: label, error: `${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

async function startsLikeMbox(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, 5, 0);
    return looksLikeMbox(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * One message file, up to the cap: one open, one read. Read synchronously: a message file is small, and four
 * round trips through the thread pool per file (open, stat, read, close) cost more than the read itself; a batch
 * run has no other work waiting on the event loop. A leading mbox "From " line (Thunderbird's .eml) is dropped.
 */
function wholeFile(path: string, label: string, options: SourceOptions): Ticket {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const data = Buffer.alloc(Math.min(size, options.maxTicketBytes));
    let bytesRead = 0;
    while (bytesRead < data.length) {
      const n = readSync(fd, data, bytesRead, data.length - bytesRead, bytesRead);
      if (n === 0) break;
      bytesRead += n;
    }
    options.onBytes?.(size);
    let body = data.subarray(0, bytesRead);
    if (looksLikeMbox(body)) {
      const nl = body.indexOf(0x0a);
      body = nl < 0 ? body.subarray(body.length) : body.subarray(nl + 1);
    }
    return { id: label, source: label, data: body };
  } finally {
    closeSync(fd);
  }
}

async function* mboxTickets(path: string, label: string, options: SourceOptions): AsyncGenerator<Ticket> {
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  for await (const m of mboxMessages(stream, { maxMessageBytes: options.maxTicketBytes, onBytes: options.onBytes })) {
    yield { id: `${label}#${m.index}`, source: `${label}#${m.index}`, data: m.data };
  }
}

/** Index of the first of `wanted` among the header's columns (case, spaces and underscores ignored), or -1. */
function columnIndex(header: readonly string[], wanted: string): number {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '_');
  const w = norm(wanted);
  return header.findIndex((h) => norm(h) === w);
}

async function* csvTickets(path: string, label: string, options: SourceOptions): AsyncGenerator<Ticket> {
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  let header: readonly string[] | null = null;
  let idAt = -1;
  let textAt: number[] = [];
  for await (const record of csvRecords(stream, { maxCellChars: options.maxTicketBytes, onBytes: options.onBytes })) {
    if (header === null) {
      header = record.cells;
      idAt = options.idColumns.map((c) => columnIndex(header!, c)).find((i) => i >= 0) ?? -1;
      const wanted = options.textColumns.length > 0 ? options.textColumns : DEFAULT_TEXT_COLUMNS;
      textAt = wanted.map((c) => columnIndex(header!, c)).filter((i) => i >= 0);
      const missing = options.textColumns.filter((c) => columnIndex(header!, c) < 0);
      if (missing.length > 0 || textAt.length === 0) {
        const what = missing.length > 0 ? `no column ${missing.map((m) => `"${m}"`).join(', ')}` : 'no text column';
        yield { id: label, source: label, error: `${label}: ${what}; name the text with --text-column (columns: ${header.join(', ')})` };
        stream.destroy();
        return;
      }
      continue;
    }
    const where = `${label}:${record.line}`;
    const id = idAt >= 0 && (record.cells[idAt] ?? '').trim() !== '' ? record.cells[idAt]!.trim() : where;
    const text = textAt.map((i) => record.cells[i] ?? '').filter((t) => t.trim() !== '').join('\n\n');
    yield text.trim() === '' ? { id, source: where, error: `${where}: the text columns are empty` } : { id, source: where, data: text };
  }
}

async function* jsonlTickets(path: string, label: string, options: SourceOptions): AsyncGenerator<Ticket> {
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  stream.on('data', (chunk) => options.onBytes?.((chunk as Buffer).length));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const textFields = options.textColumns.length > 0 ? options.textColumns : DEFAULT_TEXT_COLUMNS;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const where = `${label}:${n}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { id: where, source: where, error: `${where}: not valid JSON` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { id: where, source: where, error: `${where}: expected a JSON object` };
      continue;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const pick = (name: string) => {
      const k = keys[columnIndex(keys, name)];
      return k === undefined ? undefined : record[k];
    };
    const rawId = options.idColumns.map(pick).find((v) => typeof v === 'string' || typeof v === 'number');
    const id = rawId === undefined ? where : String(rawId);
    const text = textFields
      .map(pick)
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .join('\n\n');
    if (text === '') yield { id, source: where, error: `${where}: no text (fields ${textFields.join(', ')})` };
    else yield { id, source: where, data: text.length > options.maxTicketBytes ? text.slice(0, options.maxTicketBytes) : text };
  }
}
