import { access, mkdir, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createTriageDeps } from '../app/createTriageDeps';
import { explainAll, explainCode } from '../catalog/explainCode';
import { loadCatalog } from '../catalog/loadKnowledge';
import { CATALOG_LOCALES, type CatalogLocale } from '../catalog/schema';
import { loadConfig } from '../config/config';
import { packageVersion } from '../config/packageVersion';
import { ERROR_TABLE, EXIT_OK, kindOf } from '../errors/errorTable';
import { InputError, TriageError } from '../errors/errors';
import { catalogLocaleFor, triage, type TriageDeps, type TriageOptions } from '../recognize/triage';
import { runBatch, type BatchSummary } from '../batch/runBatch';
import { createTriagePool } from '../batch/triagePool';
import { terminalProgress } from '../batch/progress';
import type { BatchRow } from '../batch/batchResult';
import { batchWebhook, type BatchWebhookReport } from '../batch/batchWebhook';
import { handoffSettings, webhookOf } from '../handoff/handoffSettings';
import { DEFAULT_ID_COLUMNS, inputBytes } from '../batch/ticketSources';
import { formatExplanation } from './formatExplanation';
import { formatResult } from './formatResult';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const USAGE = `Usage:
  ndr-triage triage [--json] [--lang LOCALE] [FILE ...]
      Triage each FILE (an NDR as text or .eml, or a description of the problem); stdin when no FILE.
      Human-readable by default; --json prints one JSON object per input, one per line.
  ndr-triage triage --jsonl [FILE]
      Read JSON Lines {"id": "...", "text": "..."} from FILE or stdin; write one JSON result per line,
      in the same order and with the same id. An invalid line gets a result with an "error" field.
  ndr-triage batch INPUT... --out DIR [--id-column NAME]... [--text-column NAME]... [--lang LOCALE] [--jobs N]
                   [--webhook]
      Triage many tickets. INPUT is a folder (its .eml and .txt files, recursively), an mbox file, a ticket export
      as CSV (e.g. ServiceNow incidents: number, short_description, description, comments) or JSON Lines, or one
      .eml/.txt file. Writes DIR/results.csv, DIR/results.jsonl and DIR/report.html (counts per block and language,
      the tickets a person should look at, the first step for each block). Triages on --jobs threads (default: one
      per core, at most 8; 1 = on the main thread) while the next tickets are read; results keep the input order.
      Shows progress on a terminal; a ticket that cannot be read is reported in the results and the run goes on.
      --id-column names the ticket id column (default: number, id, ticket, sys_id, …), --text-column the columns
      (or JSON fields) to triage, joined (default: short_description, description, comments, work_notes, subject,
      text, body, message — those that exist). --lang sets the report's language (default: the tickets' most
      frequent language). --webhook also POSTs each result to HELPDESK_WEBHOOK_URL, signed with
      HELPDESK_WEBHOOK_SECRET, HANDOFF_CONCURRENCY at a time, with retries; DIR/webhook.jsonl says what became of
      each post (a failed post never stops the run).
  ndr-triage explain CODE [--lang LOCALE] [--json]
      What the bot knows about an enhanced status code (e.g. 5.7.750): the sending block it belongs to (its own code
      or a range) with cause, who lifts it, how long it lasts, steps, evidence and sources; or a known code that is
      not a sending block. --json prints one object with the fields id, codes, smtpTexts, title, cause, liftedBy,
      duration, durationSource, steps, evidence, links and kind ("block" or "other").
  ndr-triage explain --list [--lang LOCALE] [--json]
      Every block and every other known code (--json: one JSON array).
  ndr-triage --help | --version

Options:
  --json           one JSON object per input (explain: per code; with --list, one array)
  --list           explain: every code the bot knows
  --jsonl          JSON Lines in, JSON Lines out (batch triage of tickets)
  --out DIR        batch: where results.csv, results.jsonl and report.html go (created when missing)
  --id-column C    batch: the column or field holding the ticket id (repeatable: the first found is used)
  --text-column C  batch: a column or field to triage (repeatable: their texts are joined)
  --jobs N         batch: threads that triage (default: one per core, at most 8)
  --webhook        batch: post each result to the helpdesk webhook (see README, Helpdesk)
  --lang LOCALE    language of explanations: ${CATALOG_LOCALES.join(', ')} (default: the input's language, else en;
                   explain: en)
  -h, --help       show this help
  -v, --version    show the version

Environment: KNOWLEDGE_DIR, MODEL_CACHE, MAX_INPUT_BYTES; for --webhook HELPDESK_WEBHOOK_URL, HELPDESK_WEBHOOK_SECRET,
HANDOFF_CONCURRENCY, HANDOFF_RETRY_BASE_MS, HANDOFF_RETRY_MAX_MS, HANDOFF_MAX_ATTEMPTS, HANDOFF_TIMEOUT_MS (see README).
Exit codes: 0 done, 1 internal or knowledge error, 2 unusable invocation (bad flag, unreadable file, a code that is
malformed or unknown to explain).`;

function parseLocale(value: string | undefined): CatalogLocale | undefined {
  if (value === undefined) return undefined;
  const exact = CATALOG_LOCALES.find((l) => l.toLowerCase() === value.toLowerCase());
  if (exact) return exact;
  if (/^zh([-_].*)?$/i.test(value)) return 'zh-CN';
  throw new InputError(`--lang: "${value}" is not a supported locale (use one of ${CATALOG_LOCALES.join(', ')})`);
}

/** Runs the CLI; returns the exit code. Never calls process.exit, so tests can drive it. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        lang: { type: 'string' },
        out: { type: 'string' },
        'id-column': { type: 'string', multiple: true },
        'text-column': { type: 'string', multiple: true },
        jobs: { type: 'string' },
        webhook: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (values.version) {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    const [command, ...files] = positionals;
    if (command === 'explain') return explain(files, values, io);
    if (command === 'batch') return await batch(files, values, io);
    if (values.out !== undefined || values['id-column'] || values['text-column'] || values.jobs !== undefined || values.webhook) {
      throw new InputError('--out, --id-column, --text-column, --jobs and --webhook belong to batch');
    }
    if (values.list) throw new InputError('--list belongs to explain');
    if (command !== 'triage') throw new InputError(command ? `unknown command "${command}"` : 'missing command');
    if (values.json && values.jsonl) throw new InputError('--json and --jsonl cannot be used together');
    if (values.jsonl && files.length > 1) throw new InputError('--jsonl reads one file (or stdin)');
    const locale = parseLocale(values.lang);
    const config = loadConfig(io.env);
    // Read every file before loading anything: a missing file fails fast with a clear message.
    const inputs = values.jsonl ? [] : await readInputs(files, io.stdin);
    const deps = createTriageDeps(config);
    const options: TriageOptions = { locale, maxBytes: config.MAX_INPUT_BYTES };
    if (values.jsonl) {
      const source = files[0] ? await openFile(files[0]) : io.stdin;
      await triageJsonl(source, io.stdout, deps, options);
      return EXIT_OK;
    }
    for (const { label, data } of inputs) {
      const result = await triage(data, deps, options);
      if (values.json) io.stdout.write(`${JSON.stringify({ id: label, ...result })}\n`);
      else io.stdout.write(`${formatResult(label, result, deps.catalog, locale ?? catalogLocaleFor(result.language))}\n\n`);
    }
    return EXIT_OK;
  } catch (err) {
    return reportError(err, io.stderr);
  }
}

function explain(
  args: readonly string[],
  values: { readonly json: boolean; readonly jsonl: boolean; readonly list: boolean; readonly lang?: string },
  io: CliIo,
): number {
  if (values.jsonl) throw new InputError('--jsonl does not apply to explain');
  if (values.list && args.length > 0) throw new InputError('explain --list takes no code');
  if (!values.list && args.length !== 1) throw new InputError('explain takes one code, e.g. ndr-triage explain 5.7.750');
  const locale = parseLocale(values.lang) ?? 'en';
  const catalog = loadCatalog(loadConfig(io.env).KNOWLEDGE_DIR);
  if (values.list) {
    const all = explainAll(catalog, locale);
    if (values.json) io.stdout.write(`${JSON.stringify(all)}\n`);
    else io.stdout.write(all.map((e) => `${e.id}\t${e.kind}\t${e.title}\n`).join(''));
    return EXIT_OK;
  }
  const code = args[0]!;
  const r = explainCode(catalog, code, locale);
  if (r.kind === 'malformed') throw new InputError(`"${code}" is not an enhanced status code (expected something like 5.7.750)`);
  if (r.kind === 'unknown') throw new InputError(`${r.code} is neither a sending block nor a code this bot knows`);
  if (values.json) io.stdout.write(`${JSON.stringify(r.explanation)}\n`);
  else io.stdout.write(`${formatExplanation(r.explanation, catalog, locale)}\n`);
  return EXIT_OK;
}

async function batch(
  inputs: readonly string[],
  values: {
    readonly json: boolean;
    readonly jsonl: boolean;
    readonly list: boolean;
    readonly webhook: boolean;
    readonly lang?: string;
    readonly out?: string;
    readonly 'id-column'?: string[];
    readonly 'text-column'?: string[];
    readonly jobs?: string;
  },
  io: CliIo,
): Promise<number> {
  if (values.json || values.jsonl || values.list) throw new InputError('batch writes its own files: --json, --jsonl and --list do not apply');
  if (inputs.length === 0) throw new InputError('batch needs at least one INPUT (a folder, an mbox, a CSV or JSONL export, or a file)');
  if (!values.out) throw new InputError('batch needs --out DIR (where results.csv, results.jsonl and report.html go)');
  const locale = parseLocale(values.lang);
  const jobs = parseJobs(values.jobs);
  // Every input must exist before anything runs: a typo fails fast, not after an hour.
  for (const input of inputs) {
    try {
      await access(input);
    } catch (err) {
      throw new InputError(`cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const config = loadConfig(io.env);
  const target = values.webhook ? webhookOf(config) : null;
  if (values.webhook && !target) throw new InputError('--webhook needs HELPDESK_WEBHOOK_URL and HELPDESK_WEBHOOK_SECRET in the environment');
  const deps = createTriageDeps(config);
  const stderr = io.stderr as Writable & { isTTY?: boolean };
  const { policy, concurrency } = handoffSettings(config);
  await mkdir(values.out, { recursive: true });
  const hook = target ? batchWebhook({ target, policy, concurrency, outDir: values.out }) : null;
  const pool = jobs > 1 ? createTriagePool(config, jobs) : undefined;
  let posted: BatchWebhookReport | null = null;
  let summary: BatchSummary;
  try {
    summary = await runBatch(
      {
        inputs,
        outDir: values.out,
        idColumns: values['id-column'] ?? DEFAULT_ID_COLUMNS,
        textColumns: values['text-column'] ?? [],
        maxTicketBytes: MAX_TICKET_BYTES,
        triage: { locale, maxBytes: config.MAX_INPUT_BYTES },
        reportLocale: locale,
        progress: terminalProgress(stderr, stderr.isTTY ? await inputBytes(inputs) : 0),
        pool,
        ...(hook ? { onRow: (row: BatchRow) => hook.post(row) } : {}),
      },
      deps,
    );
  } finally {
    await pool?.close();
    // Results already queued are posted even when the run stops on an error.
    posted = (await hook?.finish()) ?? null;
  }
  const s = summary.stats;
  const human = [...s.byReason.values()].reduce((a, b) => a + b, 0);
  const withBlock = [...s.byBlock.values()].reduce((a, b) => a + b, 0);
  const rate = summary.seconds > 0 ? Math.round(s.tickets / summary.seconds) : s.tickets;
  const skipped = summary.skippedFiles > 0 ? `; ${summary.skippedFiles} other file(s) in the folders passed over` : '';
  const webhook = posted ? `; webhook: ${posted.sent} posted, ${posted.failed} failed (${posted.file})` : '';
  stderr.write(
    `ndr-triage: ${s.tickets} tickets in ${summary.seconds.toFixed(1)} s (${rate}/s): ${withBlock} with a sending block, ` +
      `${human} for a person to look at, ${s.errors} unreadable${skipped}${webhook} → ${summary.files.report}\n`,
  );
  return EXIT_OK;
}

/** Threads that triage in a batch: one per core by default (at most eight); 1 triages on the main thread. */
function parseJobs(value: string | undefined): number {
  if (value === undefined) return Math.min(8, availableParallelism());
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InputError(`--jobs: "${value}" is not a number of threads from 1 to 64`);
  return n;
}

/** One ticket is read whole up to this size; triage itself then scans it for the bounce. */
const MAX_TICKET_BYTES = 32 * 1024 * 1024;

function reportError(err: unknown, stderr: Writable): number {
  // parseArgs reports a bad flag with a Node error code: that is bad input too.
  const code = (err as { code?: unknown } | null)?.code;
  const badFlag = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
  const kind = badFlag ? 'input' : kindOf(err);
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`ndr-triage: ${message}\n`);
  if (kind === 'input') stderr.write(`Run "ndr-triage --help" for usage.\n`);
  else if (!(err instanceof TriageError) && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return ERROR_TABLE[kind].exitCode;
}


async function readInputs(files: readonly string[], stdin: Readable): Promise<{ label: string; data: Uint8Array }[]> {
  if (files.length === 0) return [{ label: 'stdin', data: await readAll(stdin) }];
  return Promise.all(
    files.map(async (f) => {
      try {
        return { label: f, data: await readFile(f) };
      } catch (err) {
        throw new InputError(`cannot read ${f}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }),
  );
}

async function openFile(path: string): Promise<Readable> {
  const { createReadStream } = await import('node:fs');
  const { access } = await import('node:fs/promises');
  try {
    await access(path);
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return createReadStream(path);
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

const JsonlRecord = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

/** Batch triage: one result line per input line, same order; a bad line gets an error result, the rest go on. */
export async function triageJsonl(source: Readable, out: Writable, deps: TriageDeps, options: TriageOptions): Promise<number> {
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let pending: string[] = [];
  let lineNo = 0;
  let count = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const ok = out.write(pending.join(''));
    pending = [];
    if (!ok) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    pending.push(`${JSON.stringify(await triageLine(line, lineNo, deps, options))}\n`);
    count++;
    if (pending.length >= 256) await flush();
  }
  await flush();
  return count;
}

async function triageLine(line: string, lineNo: number, deps: TriageDeps, options: TriageOptions): Promise<object> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    const id = /"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/.exec(line)?.[1];
    return { id: id === undefined ? null : safeJson(id), error: `line ${lineNo}: not valid JSON` };
  }
  const record = JsonlRecord.safeParse(raw);
  if (!record.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const why = record.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
    return { id: typeof id === 'string' || typeof id === 'number' ? id : null, error: `line ${lineNo}: ${why}` };
  }
  try {
    return { id: record.data.id, ...(await triage(record.data.text, deps, options)) };
  } catch (err) {
    return { id: record.data.id, error: `line ${lineNo}: ${(err as Error).message}` };
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
