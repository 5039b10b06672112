import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogLocale } from '../catalog/schema';
import { catalogLocaleFor, triage, type TriageDeps, type TriageOptions } from '../recognize/triage';
import { CSV_COLUMNS, csvLine, jsonLine, type BatchRow } from './batchResult';
import { renderBatchReport } from './batchReport';
import { addRow, emptyStats, type BatchStats } from './batchStats';
import type { Progress } from './progress';
import { ticketsFrom, type SourceOptions } from './ticketSources';

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
}

export interface BatchSummary {
  readonly stats: BatchStats;
  readonly seconds: number;
  readonly skippedFiles: number;
  readonly files: { readonly csv: string; readonly jsonl: string; readonly report: string };
}

/**
 * Triages every ticket of the inputs, one at a time, and writes DIR/results.csv and DIR/results.jsonl as it goes
 * (a run that is stopped keeps what it wrote), then DIR/report.html. A ticket that cannot be read or triaged gets
 * a result with its error; the run goes on. Memory stays flat: one ticket, the counts, and a capped list.
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
    for await (const ticket of tickets) {
      let row: BatchRow;
      if (ticket.error !== undefined || ticket.data === undefined) {
        row = { id: ticket.id, source: ticket.source, error: ticket.error ?? 'empty' };
      } else {
        try {
          row = { id: ticket.id, source: ticket.source, result: await triage(ticket.data, deps, options.triage) };
        } catch (err) {
          row = { id: ticket.id, source: ticket.source, error: (err as Error).message };
        }
      }
      addRow(stats, row);
      await write(csv, csvLine(row));
      await write(jsonl, jsonLine(row));
      await options.onRow?.(row);
      options.progress?.update(stats.tickets, stats.bytes);
    }
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
