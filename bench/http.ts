import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  type TurnContext,
} from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, runDialog, type DialogState, type WaterfallStepContext } from 'botbuilder-dialogs';
import restify from 'restify';
import { createApp } from '../src/app/createApp';
import { loadConfig } from '../src/config/config';
import { projectRoot } from '../src/config/projectRoot';
import { createTriageDeps } from '../src/app/createTriageDeps';
import { triage } from '../src/recognize/triage';
import { SqliteStorage } from '../src/storage/sqliteStorage';
import { CREATE_ONLY_ETAG } from '../src/storage/casStorage';
import { startServer } from './support/serverProcess';

/**
 * HTTP turn cost of the bot next to what the framework itself costs. Four servers on one stack (restify 11,
 * CloudAdapter in local mode, deliveryMode "expectReplies"), each in its own process:
 *   plain   — an ActivityHandler that echoes the text;
 *   dialog  — a ComponentDialog with a TextPrompt in a waterfall, ConversationState on MemoryStorage;
 *   full    — the bot from createApp(config), SQLite state (WAL, synchronous=NORMAL) in a temporary directory, with
 *             TRIAGE_THREADS=0 (triage on the event loop: the default on a single core);
 *   threads — the same with TRIAGE_THREADS=1 (the default with two cores or more).
 * Every request posts the same ~1.5 KB pasted NDR activity to each, each one in a new conversation. The servers are
 * loaded in alternating rounds after a discarded warm-up, so that noise from a shared machine hits all alike;
 * the results that matter are the ratios. Then: start-up time of the real process, and its memory after many
 * conversations.
 *
 *   node dist/bench/http.js [--rounds N] [--seconds S] [--warmup S] [--connections C] [--conversations N]
 *   node dist/bench/http.js ... --quick                  # the load table and ratios only (no start-up, no memory run)
 *   node dist/bench/http.js --memory                     # start-up and memory of the real server only (no load table)
 *   node dist/bench/http.js ... --node-flags "--max-semi-space-size=16"   # V8 flags for every server alike
 *   node dist/bench/http.js --profile DIR [--kind full|threads|dialog|plain] [--seconds S] [--warmup S]   # main-thread CPU profile under load, after the warm-up
 */
type Kind = 'plain' | 'dialog' | 'full' | 'threads' | 'baseline';
/** `--baseline DIR`: another build's `dist` (say, of the previous commit) serves the full bot as a fourth server, for a same-run A/B. */
const BASELINE = option('baseline');
/** `threads`: the full bot with TRIAGE_THREADS=1 (triage on a thread of its own), next to the default. */
const KINDS: readonly Kind[] = ['plain', 'dialog', 'full', 'threads', ...(BASELINE ? (['baseline'] as const) : [])];

/** A string option: `--name value`. */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// The servers (child processes)

async function serve(kind: Kind): Promise<void> {
  let server: restify.Server;
  let stateFile: string | null = null;
  if (kind === 'full' || kind === 'threads') {
    const dir = mkdtempSync(join(tmpdir(), 'ndr-bench-'));
    stateFile = join(dir, 'state.db');
    const config = loadConfig({ ...process.env, SQLITE_PATH: stateFile, RATE_LIMIT_PER_MINUTE: '100000', STORAGE: 'sqlite', TRIAGE_THREADS: kind === 'threads' ? '1' : '0' });
    const app = createApp(config);
    server = app.server;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  } else {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const bot = kind === 'plain' ? plainEcho() : dialogEcho();
    server = restify.createServer({ name: `bench-${kind}`, handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false, rejectUnknown: true }));
    server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
      await adapter.process(req, res, (context) => bot.run(context));
    });
  }
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as { port: number }).port });
  });
  process.on('message', (m: { cmd?: string }) => {
    if (m.cmd === 'cpu') process.send!({ cpu: process.cpuUsage() });
    if (m.cmd === 'stateBytes') process.send!({ stateBytes: stateFile ? averageStateBytes(stateFile) : 0 });
    if (m.cmd === 'profile-start') profiler.start();
    if (m.cmd === 'profile-stop') void profiler.stop().then((cpuProfile) => process.send!({ cpuProfile }));
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

/** The main thread's CPU profile, recorded between two commands of the parent (so that start-up and warm-up stay out of it). */
const profiler = (() => {
  let session: Session | null = null;
  const post = (method: string): Promise<unknown> => new Promise((resolve, reject) => session!.post(method, (err, result) => (err ? reject(err) : resolve(result))));
  return {
    start(): void {
      session = new Session();
      session.connect();
      void post('Profiler.enable').then(() => post('Profiler.start'));
    },
    async stop(): Promise<string> {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session!.disconnect();
      return JSON.stringify(profile);
    },
  };
})();

function averageStateBytes(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return Math.round((db.prepare('SELECT avg(length(value)) AS n FROM items').get() as { n: number | null }).n ?? 0);
  } finally {
    db.close();
  }
}

function plainEcho(): ActivityHandler {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`You said: ${context.activity.text}`);
    await next();
  });
  return bot;
}

function dialogEcho(): ActivityHandler {
  const state = new ConversationState(new MemoryStorage());
  const dialogState = state.createProperty<DialogState>('DialogState');
  const dialog = new ComponentDialog('echo');
  dialog.addDialog(new TextPrompt('text'));
  dialog.addDialog(
    new WaterfallDialog('flow', [
      async (step: WaterfallStepContext) => step.prompt('text', `You said: ${step.context.activity.text}\n\nAnything else?`),
      async (step: WaterfallStepContext) => {
        await step.context.sendActivity(`You said: ${String(step.result)}`);
        return step.replaceDialog('flow');
      },
    ]),
  );
  const bot = new ActivityHandler();
  bot.onMessage(async (context: TurnContext, next) => {
    await runDialog(dialog, context, dialogState);
    await next();
  });
  const run = bot.run.bind(bot);
  bot.run = async (context) => {
    await run(context);
    await state.saveChanges(context, false);
  };
  return bot;
}

// ---------------------------------------------------------------------------------------------------------------
// The load (parent process)

/** Pasted NDRs as users paste them into the chat: the readable part of a bounce, about 1.5 KB, several languages. */
function pastedNdrs(): string[] {
  const dir = join(projectRoot(), 'test', 'fixtures', 'ndr');
  const files = ['en-5.7.705-newlayout.txt', 'en-4.7.650-deferred.txt', 'zh-CN-5.7.750.txt', 'ja-5.1.8.txt', 'pt-5.1.90.txt', 'confusers.txt'];
  const texts = files.map((f) => {
    const text = readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n');
    if (text.length <= 1800) return text;
    const cut = text.lastIndexOf('\n', 1800);
    return text.slice(0, cut > 0 ? cut : 1800);
  });
  // An English 5.7.750 bounce (Outlook layout) and a French description with the code, as pasted from a ticket.
  texts.push(
    [
      'Delivery has failed to these recipients or groups:',
      '',
      'bob@fabrikam.com (bob@fabrikam.com)',
      'Your message wasn\'t delivered because your organization isn\'t allowed to send email from a domain that hasn\'t been registered for it.',
      'Forward this message to your email admin.',
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com',
      '',
      'bob@fabrikam.com',
      'Remote Server returned \'550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains\'',
      '',
      'Original message headers:',
      '',
      'Received: from AM0PR01MB1234.eurprd01.prod.outlook.com (2603:10a6:208:c0::15) by',
      ' AM0PR01MB1234.eurprd01.prod.outlook.com with HTTPS; Tue, 9 Apr 2024 08:15:02 +0000',
      'From: Adele Vance <adele.vance@contoso.com>',
      'To: Bob Kelly <bob@fabrikam.com>',
      'Subject: Quarterly figures',
      'Date: Tue, 9 Apr 2024 08:15:01 +0000',
      'Message-ID: <AM0PR01MB1234A1B2C3D4E5F60718293A4B5C6D7E8F9@AM0PR01MB1234.eurprd01.prod.outlook.com>',
      'Content-Language: en-US',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset="us-ascii"',
    ].join('\n'),
    'Bonjour, depuis ce matin plus personne ne peut envoyer de mails vers l\'extérieur. Les utilisateurs reçoivent tous ' +
      'le même message de non-remise : "550 5.7.705 Access denied, tenant has exceeded threshold". Hier soir un compte ' +
      'a été compromis (mot de passe réinitialisé depuis) et il a envoyé plusieurs milliers de messages. Les mails ' +
      'internes passent, seuls les destinataires externes sont concernés. Serveur : PAXPR01MB7777.eurprd01.prod.outlook.com. '.repeat(2) +
      'Que faut-il faire pour débloquer le tenant, et combien de temps cela prend-il ? Merci d\'avance, Service informatique.',
  );
  return texts;
}

interface Load {
  /** Server CPU per request, in milliseconds: steadier than req/s on a shared machine. */
  cpuMs?: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  readonly requests: number;
}

const APOLOGY = 'something went wrong on my side';

function load(port: number, texts: readonly string[], run: string, options: { seconds?: number; amount?: number; connections: number }): Promise<Load> {
  // The body is prepared once per text; a request only splices in its conversation id.
  const parts = texts.map((text) => {
    const body = JSON.stringify({
      type: 'message',
      id: 'm-1',
      channelId: 'directline',
      serviceUrl: `http://127.0.0.1:${port}`,
      from: { id: 'user-1', name: 'Claire' },
      recipient: { id: 'bot', name: 'NDR Triage Bot' },
      conversation: { id: '@@CONV@@' },
      locale: 'en-US',
      text,
      deliveryMode: 'expectReplies',
    });
    return body.split('@@CONV@@') as [string, string];
  });
  let seq = 0;
  let apologies = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}/api/messages`,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            setupRequest: (req: Record<string, unknown>) => {
              const [head, tail] = parts[seq % parts.length]!;
              req.body = `${head}${run}-${seq++}${tail}`;
              return req;
            },
            onResponse: (_status: number, body: string) => {
              if (body.includes(APOLOGY)) apologies++;
            },
          },
        ],
      },
      (err: Error | null, r: autocannon.Result) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.total / r.duration,
          p50: r.latency.p50,
          p99: r.latency.p99,
          failed: r.errors + r.timeouts + r.non2xx + apologies,
          requests: r.requests.total,
        });
      },
    );
  });
}

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
}

/** V8 flags given to every server alike (`--node-flags "--max-semi-space-size=16"`), to compare runtime settings. */
const SERVER_FLAGS = (option('node-flags') ?? '').split(' ').filter((f) => f !== '');

function startChild(kind: Kind, execArgv: string[] = []): Promise<Child> {
  const script = kind === 'baseline' ? join(BASELINE!, 'bench', 'http.js') : __filename;
  const child = fork(script, ['serve', kind === 'baseline' ? 'full' : kind], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: ['--no-deprecation', ...SERVER_FLAGS, ...execArgv] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ process: child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

/** Microseconds of CPU (user + system) the server process has used so far. */
function cpuOf(child: Child): Promise<number> {
  return new Promise((resolve) => {
    child.process.once('message', (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu.user + m.cpu.system));
    child.process.send({ cmd: 'cpu' });
  });
}

function stateBytesOf(child: Child): Promise<number> {
  return new Promise((resolve) => {
    child.process.once('message', (m: { stateBytes: number }) => resolve(m.stateBytes));
    child.process.send({ cmd: 'stateBytes' });
  });
}

/** CPU milliseconds per call of triage() over the bench's texts, and of one SQLite state write of `stateBytes`. */
async function domainWorkMs(texts: readonly string[], stateBytes: number): Promise<{ triageMs: number; writeMs: number }> {
  const deps = createTriageDeps(loadConfig(process.env));
  const cpuMs = async (n: number, run: (i: number) => Promise<unknown>): Promise<number> => {
    for (let i = 0; i < Math.min(n, 500); i++) await run(i); // warm-up
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) await run(i);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / n;
  };
  const triageMs = await cpuMs(4000, (i) => triage(texts[i % texts.length]!, deps));
  const dir = mkdtempSync(join(tmpdir(), 'ndr-bench-write-'));
  const storage = new SqliteStorage(join(dir, 'state.db'));
  try {
    const value = { state: 'x'.repeat(Math.max(0, stateBytes - 12)) };
    const writeMs = await cpuMs(4000, (i) => storage.write({ [`bench/${i}-${Math.random()}`]: { ...value, eTag: CREATE_ONLY_ETAG } }));
    return { triageMs, writeMs };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The discarded warm-up of one server: `--warmup` seconds (15 by default), and at least 12,000 requests. Node checks
 * the first 10,000 calls of the deprecated Buffer() constructor by walking the stack, and restify's body reader (which
 * the echo servers use) makes one such call per request: until then a server runs well below its steady pace.
 */
async function warmUp(port: number, texts: readonly string[], kind: Kind, connections: number): Promise<void> {
  const first = await load(port, texts, `warm-${kind}`, { seconds: flag('warmup', 15), connections });
  if (first.requests < 12_000) await load(port, texts, `warm2-${kind}`, { amount: 12_000 - first.requests, connections });
}

/** The real server process (`node dist/src/server/main.js`, flags as `npm start` gives them), ready on its port. */
interface RealServer {
  readonly port: number;
  /** Milliseconds from spawning the process to its first 200 on /readyz. */
  readonly readyMs: number;
  /** Resident set and V8 heap in use, as the server's own /metrics tells them (local mode serves it on loopback). */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

async function startRealServer(env: Record<string, string> = {}): Promise<RealServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ndr-bench-real-'));
  const started = process.hrtime.bigint();
  const server = await startServer(['--max-old-space-size=256', join(projectRoot(), 'dist', 'src', 'server', 'main.js')], {
    PORT: '0',
    HOST: '127.0.0.1',
    SQLITE_PATH: join(dir, 'state.db'),
    LOG_LEVEL: 'silent',
    ...env,
  }).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    while ((await fetch(`${server.base}/readyz`)).status !== 200) await new Promise((r) => setTimeout(r, 5));
  } catch (err) {
    await stop();
    throw err;
  }
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const memory = async () => {
    const text = await (await fetch(`${server.base}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { rss: metric('process_resident_memory_bytes'), heapUsed: metric('nodejs_heap_size_used_bytes') };
  };
  return { port: Number(new URL(server.base).port), readyMs, memory, stop };
}

const names: Record<Kind, string> = { plain: 'plain echo', dialog: 'dialog echo', full: 'full bot, TRIAGE_THREADS=0', threads: 'full bot, TRIAGE_THREADS=1', baseline: 'full bot, baseline build' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

async function main(): Promise<void> {
  process.noDeprecation = true; // autocannon's HTTP parser binding
  const rounds = flag('rounds', 3);
  const seconds = flag('seconds', 5);
  const connections = flag('connections', 20);
  const conversations = flag('conversations', 20_000);
  const texts = pastedNdrs();
  const avg = Math.round(texts.reduce((s, t) => s + Buffer.byteLength(t), 0) / texts.length);
  console.log(`HTTP turn cost: ${connections} connections, ${rounds} alternating rounds of ${seconds} s per server after a ${flag('warmup', 15)} s warm-up;`);
  console.log(`each request a new conversation with one of ${texts.length} pasted NDRs (${avg} bytes on average)\n`);

  if (!process.argv.includes('--memory')) await loadTable(texts, { rounds, seconds, connections });
  if (process.argv.includes('--quick')) return;
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const server = await startRealServer();
    starts.push(server.readyMs);
    await server.stop();
  }
  console.log(`\nstart-up to ready (node dist/src/server/main.js until /readyz is 200): ${median(starts).toFixed(0)} ms (median of 3)`);

  // Memory is measured on the real server, started the way `npm start` starts it (old generation capped at 256 MiB).
  for (const kind of ['full', 'threads'] as const) {
    const server = await startRealServer({ RATE_LIMIT_PER_MINUTE: '100000', TRIAGE_THREADS: kind === 'threads' ? '1' : '0' });
    try {
      await load(server.port, texts.slice(0, 1), 'idle-warm', { amount: 1, connections: 1 });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const idle = await server.memory();
      const r = await load(server.port, texts, 'mem', { amount: conversations, connections });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const after = await server.memory();
      // Then idle: what the process gives back once the garbage of the load is collected, and what it keeps.
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      const settled = await server.memory();
      console.log(`${names[kind]} RSS: idle ${mib(idle.rss)}, after ${conversations} conversations (one turn each) ${mib(after.rss)} (heap used ${mib(after.heapUsed)}; ${r.failed} failed)`);
      console.log(`  15 s later: RSS ${mib(settled.rss)}, heap used ${mib(settled.heapUsed)}`);
    } finally {
      await server.stop();
    }
  }
}

/** The alternating load rounds, their table and ratios, and the domain work against the target's room. */
async function loadTable(texts: string[], { rounds, seconds, connections }: { rounds: number; seconds: number; connections: number }): Promise<void> {
  const children = new Map<Kind, Child>();
  for (const kind of KINDS) children.set(kind, await startChild(kind));
  const results = new Map<Kind, Load[]>(KINDS.map((k) => [k, []]));
  let stateBytes = 0;
  try {
    // Warm-up, discarded: the full bot has far more code for the JIT to settle than the echoes.
    for (const kind of KINDS) await warmUp(children.get(kind)!.port, texts, kind, connections);
    for (let round = 0; round < rounds; round++) {
      // Alternate the order too, so that no server always runs right after the same one.
      const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
      for (const kind of order) {
        const child = children.get(kind)!;
        const cpuBefore = await cpuOf(child);
        const r = await load(child.port, texts, `r${round}-${kind}`, { seconds, connections });
        r.cpuMs = ((await cpuOf(child)) - cpuBefore) / 1000 / r.requests;
        results.get(kind)!.push(r);
        console.log(`  round ${round + 1} ${kind.padEnd(6)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  server CPU ${r.cpuMs.toFixed(2)} ms/req  failed ${r.failed}`);
      }
    }
    stateBytes = await stateBytesOf(children.get('full')!);
  } finally {
    for (const c of children.values()) c.process.kill();
  }

  const summary = new Map(
    KINDS.map((k) => {
      const rs = results.get(k)!;
      return [k, { cpuMs: median(rs.map((r) => r.cpuMs!)), rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), failed: rs.reduce((s, r) => s + r.failed, 0), requests: rs.reduce((s, r) => s + r.requests, 0) }];
    }),
  );
  console.log('\n| server | req/s | p50 ms | p99 ms | server CPU ms/req | failed / requests |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const k of KINDS) {
    const s = summary.get(k)!;
    console.log(`| ${names[k]} | ${s.rps.toFixed(0)} | ${s.p50} | ${s.p99} | ${s.cpuMs.toFixed(2)} | ${s.failed} / ${s.requests} |`);
  }
  for (const kind of ['full', 'threads'] as const) {
    const bot = summary.get(kind)!;
    for (const anchor of ['dialog', 'plain', ...(BASELINE ? (['baseline'] as const) : [])] as const) {
      const a = summary.get(anchor)!;
      console.log(
        `\n${kind} / ${names[anchor]}: throughput ${(bot.rps / a.rps).toFixed(2)}x, p99 ${(bot.p99 / a.p99).toFixed(2)}x, ` +
          `CPU per request ${(bot.cpuMs / a.cpuMs).toFixed(2)}x (throughput when CPU-bound: ${(a.cpuMs / bot.cpuMs).toFixed(2)}x)`,
      );
    }
  }
  console.log('(medians of the rounds; the ratios are what to compare between machines)');

  // What the bot must do beyond any dialog bot, measured alone in this process: how much of the target's room it uses.
  const dialog = summary.get('dialog')!;
  const room = dialog.cpuMs / 0.8 - dialog.cpuMs;
  const floor = await domainWorkMs(texts, stateBytes);
  console.log(
    `\nwork only this bot does, alone in-process: triage() ${floor.triageMs.toFixed(2)} ms + one durable state write ` +
      `(SQLite compare-and-set, ${stateBytes} bytes) ${floor.writeMs.toFixed(2)} ms = ${(floor.triageMs + floor.writeMs).toFixed(2)} ms per turn;`,
  );
  console.log(
    `a full bot at 0.8x the dialog echo's CPU-bound throughput may spend ${room.toFixed(2)} ms beyond it ` +
      `(${dialog.cpuMs.toFixed(2)} / 0.8 - ${dialog.cpuMs.toFixed(2)}): that work alone is ${((floor.triageMs + floor.writeMs) / room).toFixed(2)}x the room`,
  );

}

/**
 * Loads one server (the full bot unless --kind says otherwise) and records its main thread's CPU profile after the
 * warm-up (`--warmup S`, 15 s by default), into `dir` as a .cpuprofile file (Chrome DevTools reads it).
 */
async function profile(dir: string): Promise<void> {
  const kind = (option('kind') ?? 'full') as Kind;
  const child = await startChild(kind);
  const texts = pastedNdrs();
  try {
    await warmUp(child.port, texts, kind, flag('connections', 20));
    child.process.send({ cmd: 'profile-start' });
    const r = await load(child.port, texts, 'prof', { seconds: flag('seconds', 10), connections: flag('connections', 20) });
    const cpuProfile = await new Promise<string>((resolve) => {
      child.process.once('message', (m: { cpuProfile: string }) => resolve(m.cpuProfile));
      child.process.send({ cmd: 'profile-stop' });
    });
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${kind}-${Date.now()}.cpuprofile`);
    writeFileSync(file, cpuProfile);
    console.log(`${r.requests} requests, ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.failed} failed; profile in ${file}`);
  } finally {
    child.process.kill();
  }
}

const profileAt = process.argv.indexOf('--profile');
if (process.argv[2] === 'serve') void serve(process.argv[3] as Kind);
else
  (profileAt >= 0 ? profile(process.argv[profileAt + 1]!) : main()).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
