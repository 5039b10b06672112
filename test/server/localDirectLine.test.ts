import type { AddressInfo } from 'node:net';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';
import { MAX_TRANSCRIPT_ACTIVITIES } from '../../src/server/localDirectLine';

jest.setTimeout(120_000);

let app: App;
let base: string;
const storage = new InMemoryStorage();
beforeAll(async () => {
  app = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent' }), { storage });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const call = async (method: string, path: string, token?: string, body?: unknown) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const start = async () => (await call('POST', '/v3/directline/tokens/generate', undefined, { locale: 'it-IT' })).body as { conversationId: string; token: string };

describe('local Direct Line', () => {
  it('greets, runs posted messages through the bot, and pages activities by watermark', async () => {
    const { conversationId, token } = await start();
    const first = await call('GET', `/v3/directline/conversations/${conversationId}/activities?watermark=0`, token);
    expect(first.body.watermark).toBe('1');
    expect(JSON.stringify(first.body.activities)).toContain('Ciao! Ti aiuto quando Exchange Online');
    const posted = await call('POST', `/v3/directline/conversations/${conversationId}/activities`, token, { type: 'message', text: '550 5.7.750', from: { id: 'someone-else' } });
    expect(posted.status).toBe(200);
    const next = await call('GET', `/v3/directline/conversations/${conversationId}/activities?watermark=1`, token);
    const activities = next.body.activities as { text?: string; from: { id: string; role: string } }[];
    expect(activities.map((a) => a.from.role)).toEqual(['user', 'bot']);
    expect(activities[0]!.from.id).toMatch(/^dl_/);
    expect(activities[1]!.text).toContain('5.7.750');
    expect(next.body.watermark).toBe('3');
  });

  it('scopes tokens to their conversation and refuses forged or missing ones', async () => {
    const a = await start();
    const b = await start();
    expect((await call('GET', `/v3/directline/conversations/${b.conversationId}/activities`, a.token)).status).toBe(403);
    expect((await call('POST', `/v3/directline/conversations/${b.conversationId}/activities`, a.token, { type: 'message', text: 'hi' })).status).toBe(403);
    const [payload] = a.token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ conv: b.conversationId, user: 'dl_x', exp: 4102444800 })).toString('base64url');
    expect((await call('GET', `/v3/directline/conversations/${b.conversationId}/activities`, `${forgedPayload}.${a.token.split('.')[1]}`)).status).toBe(403);
    expect((await call('GET', `/v3/directline/conversations/${a.conversationId}/activities`, `${payload}.AAAA`)).status).toBe(403);
    expect((await call('GET', `/v3/directline/conversations/${a.conversationId}/activities`)).status).toBe(403);
  });

  it('forgets a conversation at once: state deleted, transcript down to the goodbye, positions go on, the chat goes on', async () => {
    const { conversationId: conv, token } = await start();
    // As Web Chat posts them: every activity carries the page's locale.
    const post = (text: string) => call('POST', `/v3/directline/conversations/${conv}/activities`, token, { type: 'message', text, locale: 'it-IT' });
    const stateKey = `directline/conversations/${conv}/`;
    await post('Da stamattina nessuno riesce più a inviare posta, il messaggio di errore dice 550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains');
    const before = await call('GET', `/v3/directline/conversations/${conv}/activities?watermark=0`, token);
    expect(JSON.stringify(await storage.read([stateKey]))).toContain('5.7.750');
    const seen = Number(before.body.watermark);
    expect(JSON.stringify(before.body.activities)).toContain('Tenant bloccato'); // the conversation speaks Italian

    expect((await post('Dimentica questa conversazione')).status).toBe(200);
    expect(await storage.read([stateKey])).toEqual({});
    const all = await call('GET', `/v3/directline/conversations/${conv}/activities?watermark=0`, token);
    const kept = all.body.activities as { text?: string; from: { role: string } }[];
    expect(kept.map((a) => a.from.role)).toEqual(['bot']);
    expect(kept[0]!.text).toContain('ho eliminato tutto');
    expect(JSON.stringify(all.body)).not.toContain('5.7.750');
    expect(all.body.watermark).toBe(String(seen + 2));
    const after = await call('GET', `/v3/directline/conversations/${conv}/activities?watermark=${seen}`, token);
    expect((after.body.activities as unknown[]).length).toBe(1);

    // The conversation goes on from scratch, with positions after the forgotten ones.
    await post('550 5.7.705 Access denied, tenant has exceeded threshold');
    const next = await call('GET', `/v3/directline/conversations/${conv}/activities?watermark=${seen + 2}`, token);
    expect(JSON.stringify(next.body.activities)).toContain('5.7.705');
    expect(Number(next.body.watermark)).toBeGreaterThan(seen + 3);
    expect(JSON.stringify(await storage.read([stateKey]))).toContain('5.7.705');
  });

  it('refreshes a token for the same conversation', async () => {
    const a = await start();
    const refreshed = await call('POST', '/v3/directline/tokens/refresh', a.token);
    expect(refreshed.body.conversationId).toBe(a.conversationId);
    expect((await call('GET', `/v3/directline/conversations/${a.conversationId}/activities`, refreshed.body.token as string)).status).toBe(200);
  });
});

describe('readiness', () => {
  it('is 503 when the state storage does not answer', async () => {
    const broken = {
      read: async () => Promise.reject(new Error('storage down')),
      write: async () => ({}),
      delete: async () => undefined,
      purgeOlderThan: async () => 0,
    };
    const down = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent' }), { storage: broken });
    await new Promise<void>((resolve) => down.server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(down.server.address() as AddressInfo).port}/readyz`);
      expect(res.status).toBe(503);
      expect((await fetch(`http://127.0.0.1:${(down.server.address() as AddressInfo).port}/healthz`)).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});

describe('local Direct Line limits', () => {
  const signWith = async (storage: InMemoryStorage, payload: object) => {
    const { createHmac } = await import('node:crypto');
    const stored = (await storage.read(['directline/secret']))['directline/secret'] as { key: string };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${createHmac('sha256', Buffer.from(stored.key, 'base64')).update(body).digest('base64url')}`;
  };

  it('refuses a signed token without a numeric exp', async () => {
    const storage = new InMemoryStorage();
    const local = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent' }), { storage });
    await new Promise<void>((resolve) => local.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(local.server.address() as AddressInfo).port}`;
    try {
      const started = (await (await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { conversationId: string };
      const get = (token: string) => fetch(`${url}/v3/directline/conversations/${started.conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await get(await signWith(storage, { conv: started.conversationId, user: 'dl_x', exp: 4102444800 }))).toBe(200);
      expect(await get(await signWith(storage, { conv: started.conversationId, user: 'dl_x' }))).toBe(403);
      expect(await get(await signWith(storage, { conv: started.conversationId, user: 'dl_x', exp: '4102444800' }))).toBe(403);
      expect(await get(await signWith(storage, { conv: started.conversationId, user: 'dl_x', exp: null }))).toBe(403);
    } finally {
      await local.close();
    }
  });

  it('rate-limits new conversations per client and posts per conversation', async () => {
    const local = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent', CLIENT_RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_PER_MINUTE: '1' }), { storage: new InMemoryStorage() });
    await new Promise<void>((resolve) => local.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(local.server.address() as AddressInfo).port}`;
    try {
      const starts = [];
      for (let i = 0; i < 3; i++) starts.push(await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' }));
      expect(starts.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(Number(starts[2]!.headers.get('retry-after'))).toBeGreaterThan(0);
      const { conversationId, token } = (await starts[0]!.json()) as { conversationId: string; token: string };
      const post = () =>
        fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ type: 'message', text: 'hello' }),
        }).then((r) => r.status);
      expect([await post(), await post(), await post()]).toEqual([200, 200, 429]);
    } finally {
      await local.close();
    }
  });

  it(`refuses posts to a conversation holding ${MAX_TRANSCRIPT_ACTIVITIES} activities with 413`, async () => {
    const local = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' }), { storage: new InMemoryStorage() });
    await new Promise<void>((resolve) => local.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(local.server.address() as AddressInfo).port}`;
    try {
      const { conversationId, token } = (await (await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { conversationId: string; token: string };
      // The greeting, then a message and its answer per post, until the conversation is full.
      for (let kept = 1; kept < MAX_TRANSCRIPT_ACTIVITIES; kept += 2) {
        await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ type: 'message', text: 'help' }),
        });
      }
      const res = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ type: 'message', text: 'one more' }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ status: 413, detail: expect.stringContaining('start a new conversation') });
      const deep = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: `{"type":"message","value":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      });
      expect(deep.status).toBe(400);
    } finally {
      await local.close();
    }
  });
});
