import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogLocale } from '../catalog/schema';
import { catalogLocaleFor, triage, type TriageDeps, type TriageOptions } from '../recognize/triage';
import { CSV_COLUMNS, csvLine, jsonLine, type BatchRow } from './batchResult';
import { renderBatchReport } from './batchReport';
import { addRow, emptyStats, type BatchStats } from './batchStats';
import type { Progress } from './progress';
import { ticketsFrom, type SourceOptions, type Ticket } from './ticketSources';
import type { TriagePool } from './triagePool';

export interface BatchOptions extends Omit<SourceOptions, 'onBytes'> {
  readonly inputs: readonly string[];
  readonly outDir: string;
  readonly triage: TriageOptions;
  /** Language of the report; default: the most frequent language among the tickets (else English). */
  readonly reportLocale?: CatalogLocale;
  readonly progress?: Progress;
  readonly now?: () => Date;
  /** Every result, as it is written (e.g. to post it somewhere). */
  readonly onRow?: (row: BatchRow) => void | Promise<void>;
  /** Triage on these threads, several tickets at once (results are still written in input order); default: here. */
  readonly pool?: TriagePool;
}

/** Tickets read ahead while the pool works, per worker, and their bytes in all: memory stays bounded. */
const AHEAD_PER_WORKER = 4;
const AHEAD_MAX_BYTES = 64 * 1024 * 1024;

export interface BatchSummary {
  readonly stats: BatchStats;
  readonly seconds: number;
  readonly skippedFiles: number;
  readonly files: { readonly csv: string; readonly jsonl: string; readonly report: string };
}

/**
 * Triages every ticket of the inputs (here, or on a pool of threads) and writes DIR/results.csv and
 * DIR/results.jsonl as it goes (a run that is stopped keeps what it wrote), then DIR/report.html. A ticket that
 * cannot be read or triaged gets a result with its error; the run goes on. Memory stays flat: a bounded number of
 * tickets in flight, the counts, and a capped list.
 */
export async function runBatch(options: BatchOptions, deps: TriageDeps): Promise<BatchSummary> {
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  await mkdir(options.outDir, { recursive: true });
  const files = { csv: join(options.outDir, 'results.csv'), jsonl: join(options.outDir, 'results.jsonl'), report: join(options.outDir, 'report.html') };
  const csv = createWriteStream(files.csv);
  const jsonl = createWriteStream(files.jsonl);
  const stats = emptyStats();
  let skippedFiles = 0;
  try {
    await write(csv, `\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
    const tickets = ticketsFrom(options.inputs, {
      ...options,
      onBytes: (n) => {
        stats.bytes += n;
      },
      onSkipped: () => skippedFiles++,
    });
    // Results are written in input order. With a pool, the next tickets are read and sent while earlier ones are
    // triaged, up to a bound in count and bytes.
    const ahead: { readonly row: Promise<BatchRow>; readonly bytes: number }[] = [];
    let aheadBytes = 0;
    const depth = options.pool ? options.pool.size * AHEAD_PER_WORKER : 1;
    const emit = async (): Promise<void> => {
      const next = ahead.shift()!;
      aheadBytes -= next.bytes;
      const row = await next.row;
      addRow(stats, row);
      await write(csv, csvLine(row));
      await write(jsonl, jsonLine(row));
      await options.onRow?.(row);
      options.progress?.update(stats.tickets, stats.bytes);
    };
    for await (const ticket of tickets) {
      const bytes = ticket.data?.length ?? 0;
      ahead.push({ row: rowOf(ticket, deps, options), bytes });
      aheadBytes += bytes;
      while (ahead.length >= depth || (ahead.length > 1 && aheadBytes > AHEAD_MAX_BYTES)) await emit();
    }
    while (ahead.length > 0) await emit();
  } finally {
    await Promise.all([close(csv), close(jsonl)]);
    options.progress?.done();
  }
  const seconds = (performance.now() - started) / 1000;
  const locale = options.reportLocale ?? mostFrequentLocale(stats);
  // Written whole, then renamed: a reader never sees half a report.
  await writeFile(`${files.report}.tmp`, renderBatchReport(stats, { seconds, generatedAt: now() }, deps.catalog, locale));
  await rename(`${files.report}.tmp`, files.report);
  return { stats, seconds, skippedFiles, files };
}

/** The result row of one ticket; never rejects (an error is the row's). */
async function rowOf(ticket: Ticket, deps: TriageDeps, options: BatchOptions): Promise<BatchRow> {
  if (ticket.error !== undefined || ticket.data === undefined) return { id: ticket.id, source: ticket.source, error: ticket.error ?? 'empty' };
  try {
    const result = options.pool ? await options.pool.triage(ticket.data, options.triage) : await triage(ticket.data, deps, options.triage);
    return { id: ticket.id, source: ticket.source, result };
  } catch (err) {
    return { id: ticket.id, source: ticket.source, error: (err as Error).message };
  }
}

function mostFrequentLocale(stats: BatchStats): CatalogLocale {
  const top = [...stats.byLanguage].filter(([l]) => l !== 'unknown').sort((a, b) => b[1] - a[1])[0];
  return catalogLocaleFor(top?.[0] ?? null);
}

function write(stream: WriteStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    stream.once('error', onError);
    stream.once('drain', () => {
      stream.off('error', onError);
      resolve();
    });
  });
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}
