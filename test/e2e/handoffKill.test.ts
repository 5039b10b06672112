import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postTurn, startServer, type ServerProcess } from '../../bench/support/serverProcess';
import { fakeHelpdesk, type FakeHelpdesk } from '../helpers/fakeHelpdesk';
import { verifyWebhookSignature } from '../../src/handoff/webhookSignature';

jest.setTimeout(180_000);

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'server', 'main.js');
const SECRET = 'kill-test-webhook-secret-32-characters';

/** Starts the real server process on `sqlitePath`, with the webhook hand-off; resolves once it listens. */
function start(sqlitePath: string, hookUrl: string): Promise<ServerProcess> {
  return startServer([MAIN], {
    PORT: '0',
    HOST: '127.0.0.1',
    SQLITE_PATH: sqlitePath,
    STORAGE: 'sqlite',
    NODE_ENV: 'test',
    HELPDESK_WEBHOOK_URL: hookUrl,
    HELPDESK_WEBHOOK_SECRET: SECRET,
    HANDOFF_RETRY_BASE_MS: '100',
    HANDOFF_RETRY_MAX_MS: '300',
    HANDOFF_MAX_ATTEMPTS: '100',
    HANDOFF_TIMEOUT_MS: '10000',
  });
}

let turn = 0;
/** One message of the conversation; the replies' texts, one per line. */
async function say(base: string, text: string): Promise<string> {
  const r = await postTurn(base, 'handoff-kill', `m-${++turn}`, text);
  expect(r.status).toBe(200);
  return r.texts.join('\n');
}

/** Waits for a condition of the outside world (a process's requests), giving up after a minute. */
async function until(what: string, condition: () => boolean, look: () => Promise<void> = async () => undefined): Promise<void> {
  for (let waited = 0; (await look(), !condition()); waited += 50) {
    if (waited > 60_000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let hook: FakeHelpdesk | undefined;
afterAll(async () => hook?.close());

it('a case queued while the helpdesk is down survives kill -9 and is delivered exactly once by the next process', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'ndr-handoff-kill-')), 'state.db');
  let up = false;
  let delivered = 0;
  hook = await fakeHelpdesk(() => {
    if (!up) return { reset: true };
    delivered++;
    return { status: 201, json: { ticket: 'HD-9001' } };
  });

  const first = await start(db, hook.url);
  let reference = '';
  try {
    expect(await say(first.base, '550 5.7.750 Service unavailable')).toContain('This looks like 5.7.750');
    let text = await say(first.base, 'yes');
    for (let i = 0; i < 30 && !text.includes('In which language should I write the case summary?'); i++) text = await say(first.base, 'skip');
    expect(await say(first.base, 'English')).toContain('I can also send this case to your helpdesk');
    const queued = await say(first.base, 'Send to helpdesk');
    reference = /Case (NDR-\d{8}-\w{4}) is queued for your helpdesk/.exec(queued)![1]!;
    // The helpdesk is down: the process keeps trying.
    await until('two attempts while the helpdesk is down', () => hook!.received.length >= 2);
  } finally {
    first.proc.kill('SIGKILL');
  }
  await new Promise((resolve) => first.proc.once('exit', resolve));
  expect(delivered).toBe(0);

  up = true;
  const second = await start(db, hook.url);
  try {
    // Stored as sent once the metric counts it (the worker counts after storing).
    let metrics = '';
    await until('delivery by the second process', () => metrics.includes('ndr_handoff_sent_total{target="webhook"} 1'), async () => {
      metrics = await (await fetch(`${second.base}/metrics`)).text();
    });
    expect(await say(second.base, 'thanks')).toContain(`Your helpdesk opened ticket HD-9001 for case ${reference}.`);
    metrics = await (await fetch(`${second.base}/metrics`)).text();
    expect(metrics).toMatch(/^ndr_handoff_pending 0$/m);
    expect(metrics).not.toContain('ndr_handoff_failed_total{target="webhook"}');
  } finally {
    second.proc.kill('SIGTERM');
  }
  expect(await new Promise((resolve) => second.proc.once('exit', (code) => resolve(code)))).toBe(0);

  // Delivered once; every attempt, before and after the kill, sent the same body with the same key, signed.
  expect(delivered).toBe(1);
  expect(new Set(hook.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`webhook:${reference}`]));
  expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
  for (const r of hook.received) {
    const timestamp = r.headers['x-ndr-triage-timestamp'] as string;
    expect(verifyWebhookSignature(SECRET, { signature: r.headers['x-ndr-triage-signature'] as string, timestamp }, r.body, Number(timestamp))).toBe(true);
  }
});
