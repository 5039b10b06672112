import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { createTriageDeps } from '../src/app/createTriageDeps';
import { runBatch } from '../src/batch/runBatch';
import { createTriagePool, type TriagePool } from '../src/batch/triagePool';
import { DEFAULT_ID_COLUMNS } from '../src/batch/ticketSources';
import { loadConfig } from '../src/config/config';
import { projectRoot } from '../src/config/projectRoot';

/**
 * `ndr-triage batch` throughput next to the MIME parser alone on the same files (the floor any tool that reads
 * .eml pays), in the same run; then a large mbox read as a stream, with the process's peak RSS to show that memory
 * stays flat however big the mailbox is.
 *
 *   node dist/bench/batch.js [--files N] [--mbox-messages N] [--rounds N] [--jobs N]
 */
function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const FILES = flag('files', 3000);
const MBOX_MESSAGES = flag('mbox-messages', 60_000);
const ROUNDS = flag('rounds', 3);
/** Threads, as `ndr-triage batch` chooses them by default. */
const JOBS = flag('jobs', Math.min(8, availableParallelism()));

const config = loadConfig({ ...process.env, DOTENV_CONFIG_QUIET: 'true' });
const deps = createTriageDeps(config);
const fixtures = join(projectRoot(), 'test', 'fixtures', 'ndr');
const samples = readdirSync(fixtures)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => readFileSync(join(fixtures, f)));

const work = mkdtempSync(join(tmpdir(), 'ndr-bench-batch-'));
const folder = join(work, 'eml');
mkdirSync(folder);
for (let i = 0; i < FILES; i++) writeFileSync(join(folder, `${String(i).padStart(6, '0')}.eml`), samples[i % samples.length]!);

async function mimeAlone(): Promise<number> {
  const started = performance.now();
  for (const f of readdirSync(folder).sort()) await PostalMime.parse(await readFile(join(folder, f)));
  return performance.now() - started;
}

async function batch(inputs: string[], pool?: TriagePool): Promise<{ ms: number; tickets: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const out = join(work, `out-${Math.random().toString(36).slice(2)}`);
  try {
    const s = await runBatch(
      { inputs, outDir: out, idColumns: DEFAULT_ID_COLUMNS, textColumns: [], maxTicketBytes: 32 * 1024 * 1024, triage: { maxBytes: config.MAX_INPUT_BYTES }, pool },
      deps,
    );
    return { ms: performance.now() - started, tickets: s.stats.tickets, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (b: number) => (b / 1024 / 1024).toFixed(0);

async function main(): Promise<void> {
  const pool = createTriagePool(config, JOBS);
  try {
    await measure(pool);
  } finally {
    await pool.close();
  }
}

async function measure(pool: TriagePool): Promise<void> {
  // Warm-up: JIT and the model's first use, not measured.
  await mimeAlone();
  await batch([folder]);
  await batch([folder], pool);
  const mime: number[] = [];
  const single: number[] = [];
  const threaded: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    mime.push(await mimeAlone());
    single.push((await batch([folder])).ms);
    threaded.push((await batch([folder], pool)).ms);
  }
  const rate = (ms: number[]) => FILES / (median(ms) / 1000);
  const mimeRate = rate(mime);
  console.log(`Batch triage of ${FILES} .eml files (${samples.length} real-layout NDRs repeated), ${ROUNDS} alternating rounds after a warm-up\n`);
  console.log('| run | tickets/s | ms | ÷ MIME parser alone |');
  console.log('|---|---:|---:|---:|');
  console.log(`| MIME parser alone (postal-mime: read + parse, one thread) | ${mimeRate.toFixed(0)} | ${median(mime).toFixed(0)} | 1.00× |`);
  for (const [name, ms] of [
    ['ndr-triage batch --jobs 1 (read, parse, triage, write results + report on one thread)', single],
    [`ndr-triage batch --jobs ${JOBS} (the default here: triage on ${JOBS} threads, reading ahead)`, threaded],
  ] as const) {
    console.log(`| ${name} | ${rate(ms).toFixed(0)} | ${median(ms).toFixed(0)} | ${(rate(ms) / mimeRate).toFixed(2)}× |`);
  }
  console.log(`\nbatch (default --jobs ${JOBS}) ÷ MIME parser alone: ${(rate(threaded) / mimeRate).toFixed(2)}× (target ≥ 0.70×); on one thread ${(rate(single) / mimeRate).toFixed(2)}×`);

  const mbox = join(work, 'big.mbox');
  const stream = createWriteStream(mbox);
  let bytes = 0;
  for (let i = 0; i < MBOX_MESSAGES; i++) {
    const body = Buffer.from(samples[i % samples.length]!.toString('latin1').replace(/^From /gm, '>From '), 'latin1');
    const m = Buffer.concat([Buffer.from('From MAILER-DAEMON Mon Nov 23 07:58:12 2026\n'), body, Buffer.from('\n')]);
    bytes += m.length;
    if (!stream.write(m)) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
  await new Promise<void>((r) => stream.end(() => r()));
  const idle = process.memoryUsage().rss;
  const big = await batch([mbox], pool);
  console.log(`\nmbox of ${MBOX_MESSAGES} messages (${mib(bytes)} MiB): ${(big.tickets / (big.ms / 1000)).toFixed(0)} tickets/s, ${(big.ms / 1000).toFixed(1)} s;`);
  console.log(`RSS before ${mib(idle)} MiB, peak during the run ${mib(big.peakRss)} MiB (the mailbox is ${(bytes / Math.max(1, big.peakRss - idle)).toFixed(1)}× the growth)`);
  rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
