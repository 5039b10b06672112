import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';

jest.setTimeout(180_000);

/**
 * What an unauthenticated caller can do to the server: where it may come from, what it may send, how often,
 * and that nothing it sends gets a 5xx or leaks into the logs.
 */
const logs: string[] = [];
const logDestination = { write: (line: string) => void logs.push(line) };

async function start(env: Record<string, string> = {}): Promise<{ app: App; port: number }> {
  const config = loadConfig({ ...process.env, STORAGE: 'memory', HOST: '127.0.0.1', ...env });
  const app = createApp(config, { storage: new InMemoryStorage(), logDestination });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, port: (app.server.address() as AddressInfo).port };
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/** A raw HTTP request: Host and Origin are ours to choose (fetch would set them). */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const json = (port: number, path: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(port, 'POST', path, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));

const activity = (port: number, extra: object = {}) => ({
  type: 'message',
  id: 'm-1',
  channelId: 'emulator',
  serviceUrl: `http://127.0.0.1:${port}`,
  from: { id: 'user-1' },
  recipient: { id: 'bot' },
  conversation: { id: 'conv-exposure' },
  locale: 'en-US',
  text: 'hello',
  deliveryMode: 'expectReplies',
  ...extra,
});

/** Where a test body gets JSON nested `depth` levels deep (built as text: serializing it would overflow the stack). */
const DEEP = '__deep__';
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
const withDeep = (body: unknown) => JSON.stringify(body).replace(`"${DEEP}"`, deepJson(10_000));

describe('local mode is for this machine only', () => {
  let app: App;
  let port: number;
  beforeAll(async () => ({ app, port } = await start({ LOG_LEVEL: 'info' })));
  afterAll(() => app.close());

  it('refuses to bind local mode to a non-loopback address', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'bot.example.com']) {
      expect(() => loadConfig({ HOST })).toThrow(/HOST: ".*" is not a loopback address; local mode/);
    }
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '[::1]']) expect(() => loadConfig({ HOST })).not.toThrow();
    expect(() => loadConfig({ HOST: '0.0.0.0', MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' })).not.toThrow();
  });

  it('answers a request addressed to another host name (DNS rebinding) with 403', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
      const res = await raw(port, 'GET', '/healthz', { host });
      expect(res.status).toBe(403);
      expect(res.type).toContain('application/problem+json');
    }
    const posted = await json(port, '/api/triage', { text: '550 5.7.750' }, { host: 'evil.example' });
    expect(posted.status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await raw(port, 'GET', '/healthz', { host })).status).toBe(200);
  });

  it('answers a request from a foreign page (Origin) with 403, and its own page with 200', async () => {
    const foreign = await json(port, '/api/triage', { text: '550 5.7.750' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ status: 403, title: 'Forbidden' });
    expect((await json(port, '/v3/directline/tokens/generate', {}, { origin: 'null' })).status).toBe(403);
    expect((await json(port, '/api/triage', { text: '550 5.7.750' }, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  it.each(['/api/messages', '/api/triage', '/v3/directline/tokens/generate'])('answers a form or text body on %s with 415', async (path) => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'text=550+5.7.750&type=message'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\n550\r\n--x--\r\n'],
      ['text/plain', '{"text":"550 5.7.750"}'],
    ] as const) {
      const res = await raw(port, 'POST', path, { 'content-type': type }, body);
      expect(res.status).toBe(415);
      expect(res.type).toContain('application/problem+json');
    }
  });

  it('answers deep JSON with 400, and no hostile activity gets a 5xx', async () => {
    const cases: Record<string, object> = {
      'non-string conversation.id': { conversation: { id: { $gt: '' } } },
      'numeric conversation.id': { conversation: { id: 42 } },
      'own serviceUrl without expectReplies': { deliveryMode: 'normal' },
      'deep value': { value: DEEP },
      'deep channelData': { channelData: DEEP },
      'huge membersAdded': { type: 'conversationUpdate', membersAdded: Array.from({ length: 20_000 }, (_, i) => ({ id: `u${i}` })) },
      'huge entities': { entities: Array.from({ length: 20_000 }, () => ({ type: 'mention' })) },
      'huge array in value': { value: { list: Array.from({ length: 200_000 }, () => 0) } },
      'serviceUrl not a URL': { serviceUrl: 'javascript:alert(1)' },
    };
    for (const [name, extra] of Object.entries(cases)) {
      const res = await raw(port, 'POST', '/api/messages', { 'content-type': 'application/json' }, withDeep(activity(port, extra)));
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.type).toContain('application/problem+json');
    }
    const deep = await raw(port, 'POST', '/api/messages', { 'content-type': 'application/json' }, withDeep(activity(port, { value: DEEP })));
    expect(JSON.parse(deep.body).detail).toMatch(/nests deeper than 32 levels/);
    const triage = await raw(port, 'POST', '/api/triage', { 'content-type': 'application/json' }, withDeep({ text: '550 5.7.750', extra: DEEP }));
    expect(triage.status).toBeLessThan(500);
  });

  it('never writes a request body to the logs, not even a malformed one', async () => {
    const secret = 'Password=Hunter2-in-a-body';
    await raw(port, 'POST', '/api/messages', { 'content-type': 'application/json' }, `{"text": "${secret}"`);
    await raw(port, 'POST', '/api/triage', { 'content-type': 'application/json' }, `{"text": "${secret}", }`);
    await raw(port, 'POST', '/api/triage', { 'content-type': 'application/x-www-form-urlencoded' }, `text=${secret}`);
    await json(port, '/api/messages', activity(port, { text: secret, conversation: { id: 7 } }));
    expect(logs.some((l) => l.includes('"path":"/api/triage"'))).toBe(true);
    // restify's own warnings (formatter failures, discarded handler values) log the request: they go to our
    // logs, with the method and path only.
    app.server.log.warn({ req: { method: 'POST', url: '/api/triage', body: { text: secret }, headers: { authorization: `Bearer ${secret}` } }, value: secret }, 'restify probe');
    expect(logs.some((l) => l.includes('restify probe') && l.includes('"path":"/api/triage"'))).toBe(true);
    expect(logs.join('\n')).not.toContain('Hunter2');
  });
});

describe('unauthenticated routes are rate-limited', () => {
  it('answers a client that triages too fast with 429 and Retry-After', async () => {
    const { app, port } = await start({ CLIENT_RATE_LIMIT_PER_MINUTE: '2', LOG_LEVEL: 'silent' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await json(port, '/api/triage', { text: '550 5.7.750' })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await json(port, '/api/triage', { text: '550 5.7.750' });
      expect(JSON.parse(limited.body)).toMatchObject({ status: 429, title: 'Too Many Requests' });
    } finally {
      await app.close();
    }
  });
});

describe('/metrics', () => {
  const appEnv = { MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa', MicrosoftAppPassword: 'not-a-real-secret', LOG_LEVEL: 'silent' };

  it('does not exist with an app id and no METRICS_TOKEN', async () => {
    const { app, port } = await start(appEnv);
    try {
      expect((await raw(port, 'GET', '/metrics', {})).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('wants the METRICS_TOKEN bearer when one is set', async () => {
    const token = 'a-long-enough-metrics-token';
    const { app, port } = await start({ ...appEnv, METRICS_TOKEN: token });
    try {
      expect((await raw(port, 'GET', '/metrics', {})).status).toBe(401);
      expect((await raw(port, 'GET', '/metrics', { authorization: 'Bearer a-long-enough-metrics-tokeX' })).status).toBe(401);
      const ok = await raw(port, 'GET', '/metrics', { authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('ndr_turns_total');
    } finally {
      await app.close();
    }
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: expected at least 16 characters/);
  });
});
