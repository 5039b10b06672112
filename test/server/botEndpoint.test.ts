import type { AddressInfo } from 'node:net';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';

jest.setTimeout(180_000);

const METRICS_TOKEN = 'metrics-token-for-the-tests';
const logs: Record<string, unknown>[] = [];
const logDestination = { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) };

async function start(env: Record<string, string>): Promise<{ app: App; base: string }> {
  const app = createApp(loadConfig({ ...process.env, ...env }), { storage: new InMemoryStorage(), logDestination });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const activity = (base: string, text: string, extra: object = {}) => ({
  type: 'message',
  id: `m-${Math.random()}`,
  channelId: 'emulator',
  serviceUrl: base,
  from: { id: 'user-1', name: 'Claire' },
  recipient: { id: 'bot', name: 'NDR Triage Bot' },
  conversation: { id: 'conv-1' },
  locale: 'en-US',
  text,
  deliveryMode: 'expectReplies',
  ...extra,
});

const post = (base: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('POST /api/messages in local mode', () => {
  let app: App;
  let base: string;
  beforeAll(async () => ({ app, base } = await start({ STORAGE: 'memory' })));
  afterAll(() => app.close());

  it('runs the conversation and returns the replies with deliveryMode expectReplies', async () => {
    const first = await post(base, activity(base, '550 5.7.750 Service unavailable'));
    expect(first.status).toBe(200);
    const texts = ((await first.json()) as { activities: { text?: string }[] }).activities.map((a) => a.text ?? '');
    expect(texts.join('\n')).toContain('This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?');
    const second = await post(base, activity(base, 'yes'));
    const next = ((await second.json()) as { activities: { text?: string }[] }).activities.map((a) => a.text ?? '');
    expect(next.join('\n')).toContain('Step 1 of 7: Accepted domains');
  });

  it('never sends replies to a serviceUrl, its own or one chosen by the caller: replies only go back in the response', async () => {
    for (const serviceUrl of ['http://198.51.100.7:8080/', base]) {
      const res = await post(base, activity(base, 'hello', { deliveryMode: 'normal', serviceUrl }));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 400, detail: expect.stringContaining('expectReplies') });
    }
  });

  it('counts turns by block and outcome in /metrics, and logs turns without their text', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/ndr_turns_total\{block="5\.7\.750",outcome="ok"\} [1-9]/);
    expect(metrics).toContain('ndr_turn_duration_seconds_bucket');
    const turns = logs.filter((l) => l.msg === 'turn');
    expect(turns.length).toBeGreaterThanOrEqual(2);
    expect(turns[0]).toMatchObject({ conversation: expect.stringMatching(/^[0-9a-f]{12}$/), block: expect.any(String), outcome: 'ok' });
    expect(JSON.stringify(logs)).not.toContain('550 5.7.750 Service unavailable');
    expect(JSON.stringify(logs)).not.toContain('conv-1');
    expect(logs.some((l) => l.msg === 'request' && l.path === '/api/messages' && l.status === 200)).toBe(true);
  });

  it('answers a body that is not an activity with 400', async () => {
    expect((await post(base, { hello: 'world' })).status).toBe(400);
    expect((await post(base, [1, 2, 3])).status).toBe(400);
  });
});

describe('POST /api/messages with an app id', () => {
  it('refuses a request without a channel token with 401, and the bot never runs', async () => {
    const { app, base } = await start({ STORAGE: 'memory', MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa', MicrosoftAppPassword: 'not-a-real-secret', METRICS_TOKEN });
    const turnsBefore = logs.filter((l) => l.msg === 'turn').length;
    try {
      const res = await post(base, activity(base, '550 5.7.750'));
      expect(res.status).toBe(401);
      const forged = await post(base, activity(base, '550 5.7.750'), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(forged.status).toBe(401);
      expect(await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()).toMatch(/ndr_auth_rejections_total 2/);
      // The bot never ran: no turn was logged for the refused requests.
      expect(logs.filter((l) => l.msg === 'turn')).toHaveLength(turnsBefore);
    } finally {
      await app.close();
    }
  });
});

describe('POST /api/messages limits', () => {
  it('answers a conversation that sends too fast with 429 and Retry-After, others still pass', async () => {
    const { app, base } = await start({ STORAGE: 'memory', RATE_LIMIT_PER_MINUTE: '1', LOG_LEVEL: 'silent' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(base, activity(base, 'hello', { conversation: { id: 'fast' } }))).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await post(base, activity(base, 'hello', { conversation: { id: 'fast' } }));
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await post(base, activity(base, 'hello', { conversation: { id: 'other' } }))).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers an oversized body with 413 and malformed JSON with 400', async () => {
    const { app, base } = await start({ STORAGE: 'memory', MAX_INPUT_BYTES: '4096', LOG_LEVEL: 'silent' });
    try {
      expect((await post(base, activity(base, 'x'.repeat(20_000)))).status).toBe(413);
      const bad = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "mess' });
      expect(bad.status).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe('configuration', () => {
  it('refuses to run in production without an app id', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('MicrosoftAppId: required in production');
  });

  it('names the bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: /);
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow('MicrosoftAppPassword: required with MicrosoftAppId');
  });
});
