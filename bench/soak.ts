import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/config/projectRoot';
import { startAzurite } from './support/azurite';
import { postTurn, startServer, type ServerProcess } from './support/serverProcess';

/** The servers run as `npm start` runs them: with the old-generation heap capped (see README, Memory). */
const NODE_FLAGS = ['--max-old-space-size=256'];

/**
 * Soak: CONVERSATIONS conversations × TURNS turns × ROUNDS rounds of the real conversation against the real server
 * process(es) — SQLite with one process, then Azure Blob (Azurite) with two — all on 127.0.0.1. Each conversation
 * sends its turns one after another (a user waits for the answer), alternating between instances; all
 * conversations run at once. In round 2 one server is killed with SIGKILL and restarted: requests it had in flight
 * are counted apart ("in flight at kill") and sent again, with the same activity id, to an instance that is up.
 * Every conversation is compared with a solo, sequential run of the same script.
 */
const CONVERSATIONS = Number(process.env.SOAK_CONVERSATIONS ?? '200');
const ROUNDS = 3;
const KILL_ROUND = 2;
const DEADLINE_MS = 10 * 60_000;
const MAIN = join(projectRoot(), 'dist', 'src', 'server', 'main.js');

const NDR = '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains';
/** Two walks through the dialog, 20 turns each: confirm, help, back, skips, case details, summary, start again. */
const SCRIPTS: readonly (readonly string[])[] = [
  [NDR, 'yes', 'help', 'skip', 'back', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'Contoso', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip'],
  [NDR, 'yes', 'skip', 'skip', 'back', 'back', 'help', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'Contoso', 'skip', 'back', 'skip', 'skip', 'skip', 'skip'],
];
const TURNS = SCRIPTS[0]!.length;

/** What a turn's replies say, without what changes from run to run (times, references). */
const signature = (texts: readonly string[]) => texts.map((t) => t.split('\n')[0]!.replace(/\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?/g, '<time>').slice(0, 80)).join(' / ');

interface Reference {
  readonly replyCounts: readonly number[];
  readonly finalStep: string;
}

interface Instance {
  server: ServerProcess | null;
  restarting: Promise<void> | null;
  killedAt: number;
}

interface RoundStats {
  requests: number;
  errors: number;
  inFlightAtKill: number;
  lost: number;
  duplicated: number;
  diffs: number;
  ms: number;
  rss: string;
}

class Cluster {
  readonly instances: Instance[] = [];
  constructor(private readonly env: Record<string, string>) {}

  async start(count: number): Promise<void> {
    for (let i = 0; i < count; i++) this.instances.push({ server: await startServer([...NODE_FLAGS, MAIN], this.env), restarting: null, killedAt: 0 });
  }

  /** SIGKILL one instance, then start it again (it comes back on a new port). */
  kill(index: number): void {
    const instance = this.instances[index]!;
    const server = instance.server!;
    instance.server = null;
    instance.killedAt = Date.now();
    instance.restarting = server.stop('SIGKILL').then(async () => {
      instance.server = await startServer([...NODE_FLAGS, MAIN], this.env);
      instance.restarting = null;
    });
  }

  /** The preferred instance when it is up, else any instance that is up, else the first to come back. */
  async pick(preferred: number): Promise<{ instance: Instance; server: ServerProcess }> {
    for (;;) {
      const order = this.instances.map((_, k) => this.instances[(preferred + k) % this.instances.length]!);
      const up = order.find((i) => i.server);
      if (up?.server) return { instance: up, server: up.server };
      await Promise.race(order.map((i) => i.restarting).filter((p) => p !== null));
    }
  }

  rss(): string {
    return this.instances.map((i) => (i.server ? `${i.server.rssMiB().toFixed(0)}` : '-')).join(' / ');
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map(async (i) => {
      await i.restarting;
      await i.server?.stop();
    }));
  }
}

async function soloRun(base: string): Promise<Reference[]> {
  const refs: Reference[] = [];
  for (const [v, script] of SCRIPTS.entries()) {
    const conv = `solo-${v}-${Date.now()}`;
    const replyCounts: number[] = [];
    let last: readonly string[] = [];
    for (const [t, text] of script.entries()) {
      const r = await postTurn(base, conv, `${conv}-${t}`, text);
      if (r.status !== 200) throw new Error(`solo run: turn ${t} got ${r.status}`);
      replyCounts.push(r.texts.length);
      last = r.texts;
    }
    refs.push({ replyCounts, finalStep: signature(last) });
  }
  return refs;
}

async function round(cluster: Cluster, refs: readonly Reference[], label: string, kill: boolean): Promise<RoundStats> {
  const stats: RoundStats = { requests: 0, errors: 0, inFlightAtKill: 0, lost: 0, duplicated: 0, diffs: 0, ms: 0, rss: '' };
  const started = Date.now();
  let done = 0;
  let killed = !kill;
  const killAfter = Math.floor((CONVERSATIONS * TURNS) / 2);

  async function turn(conv: string, preferred: number, id: string, text: string): Promise<readonly string[] | null> {
    for (;;) {
      const { instance, server } = await cluster.pick(preferred);
      const sentAt = Date.now();
      stats.requests++;
      try {
        const r = await postTurn(server.base, conv, id, text);
        if (r.status === 200) return r.texts;
        stats.errors++;
        return null;
      } catch {
        // The connection broke: when its instance was killed meanwhile, this request was in flight at the kill.
        if (instance.killedAt >= sentAt || instance.server !== server) {
          stats.inFlightAtKill++;
          continue;
        }
        stats.errors++;
        return null;
      }
    }
  }

  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      const variant = c % SCRIPTS.length;
      const script = SCRIPTS[variant]!;
      const ref = refs[variant]!;
      const conv = `soak-${label}-${c}`;
      let last: readonly string[] = [];
      for (const [t, text] of script.entries()) {
        const texts = await turn(conv, c + t, `${conv}-${t}`, text);
        if (++done === killAfter && !killed) {
          killed = true;
          cluster.kill(0);
        }
        if (texts === null) continue;
        const expected = ref.replyCounts[t]!;
        if (texts.length < expected) stats.lost += expected - texts.length;
        if (texts.length > expected) stats.duplicated += texts.length - expected;
        last = texts;
      }
      if (signature(last) !== ref.finalStep) stats.diffs++;
    }),
  );
  // Let a restarted instance come back before measuring.
  await Promise.all(cluster.instances.map((i) => i.restarting));
  stats.ms = Date.now() - started;
  stats.rss = cluster.rss();
  return stats;
}

function printTable(title: string, rows: readonly (RoundStats & { round: number })[]): void {
  console.log(`\n${title}`);
  const head = ['round', 'requests', 'errors', 'in flight at kill (retried)', 'lost replies', 'duplicated replies', 'final step ≠ solo', 'RSS MiB per server', 'seconds'];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) {
    console.log(`| ${[r.round + (r.round === KILL_ROUND ? ' (kill -9)' : ''), r.requests, r.errors, r.inFlightAtKill, r.lost, r.duplicated, r.diffs, r.rss, (r.ms / 1000).toFixed(1)].join(' | ')} |`);
  }
}

async function soak(name: string, env: Record<string, string>, count: number): Promise<boolean> {
  const cluster = new Cluster({ PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ...env });
  await cluster.start(count);
  try {
    const refs = await soloRun(cluster.instances[0]!.server!.base);
    const rows: (RoundStats & { round: number })[] = [];
    console.log(`${name}: RSS at start ${cluster.rss()} MiB`);
    for (let r = 1; r <= ROUNDS; r++) {
      rows.push({ round: r, ...(await round(cluster, refs, `${name.replace(/\W+/g, '')}-${r}-${Date.now()}`, r === KILL_ROUND)) });
      console.log(`${name}: round ${r} done`);
    }
    printTable(`${name} — ${CONVERSATIONS} conversations × ${TURNS} turns per round`, rows);
    return rows.every((x) => x.errors + x.lost + x.duplicated + x.diffs === 0);
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const timer = setTimeout(() => {
    console.error(`soak: still running after ${DEADLINE_MS / 60_000} minutes, giving up`);
    process.exit(2);
  }, DEADLINE_MS);
  timer.unref();
  const sqliteOk = await soak('SQLite, 1 process', { STORAGE: 'sqlite', SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'ndr-soak-')), 'state.db') }, 1);
  const azurite = await startAzurite();
  let blobOk = false;
  try {
    blobOk = await soak('Blob (Azurite), 2 processes', { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connection, BLOB_CONTAINER: 'ndr-soak' }, 2);
  } finally {
    azurite.stop();
  }
  process.exitCode = sqliteOk && blobOk ? 0 : 1;
}

void main();
