import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { createApp } from '../src/app/createApp';
import { loadConfig } from '../src/config/config';
import { postTurn } from './support/serverProcess';

/**
 * Memory under load: ROUNDS rounds of CONVERSATIONS new conversations × TURNS turns each, sent through
 * POST /api/messages (local mode, expectReplies) of an app built in this process by createApp on SQLite. After
 * each round the heap is collected twice (run with --expose-gc) and the heap that survived is printed next to the
 * resident set: heap that keeps growing after a full collection is held by something; RSS that grows while the
 * heap does not is memory the allocator kept. MEMORY_SNAPSHOTS=<dir> writes a heap snapshot after every round.
 */
const CONVERSATIONS = Number(process.env.MEMORY_CONVERSATIONS ?? '2000');
const TURNS = Number(process.env.MEMORY_TURNS ?? '3');
const ROUNDS = Number(process.env.MEMORY_ROUNDS ?? '4');
const CONCURRENCY = Number(process.env.MEMORY_CONCURRENCY ?? '20');
const SNAPSHOTS = process.env.MEMORY_SNAPSHOTS ?? '';
const IDLE_SECONDS = Number(process.env.MEMORY_IDLE_SECONDS ?? '15');
const SCRIPT = ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains', 'yes', 'help', 'skip', 'back'];

const MiB = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory does)');
  // Twice, with a pause between: finalizers and weak callbacks of the first collection free more in the second.
  gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ndr-memory-'));
  const config = loadConfig({
    ...process.env,
    STORAGE: 'sqlite',
    SQLITE_PATH: join(dir, 'state.db'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    MicrosoftAppId: '',
    NODE_ENV: 'test',
  });
  const app = createApp(config);
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  if (SNAPSHOTS) mkdirSync(SNAPSHOTS, { recursive: true });

  // The highest heap and resident set seen while a round runs (sampled), next to what is left after it.
  const peak = { heap: 0, rss: 0 };
  const sampler = setInterval(() => {
    const mem = process.memoryUsage();
    peak.heap = Math.max(peak.heap, mem.heapTotal);
    peak.rss = Math.max(peak.rss, mem.rss);
  }, 50);
  const row = (label: string, seconds: string) => {
    const heap = getHeapStatistics();
    const mem = process.memoryUsage();
    const peaks = peak.rss > 0 ? [MiB(peak.heap), MiB(peak.rss)] : ['-', '-'];
    console.log(`| ${[label, MiB(heap.used_heap_size), MiB(heap.total_heap_size), MiB(mem.external), MiB(mem.rss), ...peaks, seconds].join(' | ')} |`);
    peak.heap = 0;
    peak.rss = 0;
  };
  console.log(`${CONVERSATIONS} new conversations × ${TURNS} turns per round, ${CONCURRENCY} at a time, SQLite, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}`);
  console.log('| round | heap used after GC MiB | heap total MiB | external MiB | RSS MiB | peak heap total MiB | peak RSS MiB | seconds |');
  console.log('|---|---|---|---|---|---|---|---|');
  // One warm-up conversation so that lazy initialisation (model, prepared statements, JIT) is not counted as growth.
  for (const [t, text] of SCRIPT.slice(0, TURNS).entries()) await postTurn(base, 'warm-up', `warm-up-${t}`, text);
  await collect();
  peak.rss = 0;
  row('start', '-');
  let errors = 0;
  for (let r = 1; r <= ROUNDS; r++) {
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let c = next++; c < CONVERSATIONS; c = next++) {
          const conv = `memory-${r}-${c}`;
          for (let t = 0; t < TURNS; t++) {
            const res = await postTurn(base, conv, `${conv}-${t}`, SCRIPT[t % SCRIPT.length]!);
            if (res.status !== 200 || res.texts.length === 0) errors++;
          }
        }
      }),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    await collect();
    row(String(r), seconds);
    if (SNAPSHOTS) {
      console.log(`  snapshot: ${writeHeapSnapshot(join(SNAPSHOTS, `round-${r}.heapsnapshot`))}`);
      // Writing it stalled client and server alike: let the server close the idle keep-alive sockets (5 s) before
      // the client reuses one of them.
      await new Promise((resolve) => setTimeout(resolve, 6000));
    }
  }
  // V8 gives unused heap pages back when the process has been idle for a while; measure once more after that.
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  await collect();
  row(`${IDLE_SECONDS} s idle`, '-');
  clearInterval(sampler);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  if (errors > 0) console.log(`${errors} turn(s) failed`);
  process.exitCode = errors > 0 ? 1 : 0;
}

void main();
