import { z } from 'zod';
import { adminConsentUrl, createGraphClient, retryWait, type GraphClientOptions } from '../../src/graph/graphClient';
import { DENIED, on, startGraphServer } from '../helpers/graphServer';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJ0ZXN0Ijoib25seSJ9.test-token';
const Item = z.looseObject({ id: z.string() });
const READ = { permission: 'Domain.Read.All' };

function optionsFor(origin: string, waits: number[] = [], overrides: Partial<GraphClientOptions> = {}): GraphClientOptions {
  return {
    endpoint: origin,
    timeoutMs: 5000,
    maxPages: 10,
    maxItems: 1000,
    maxRetries: 3,
    fetch: (url, init) => fetch(url, init),
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  };
}

describe('Graph client', () => {
  it('sends the token as a bearer and follows nextLink on its own origin', async () => {
    const server = await startGraphServer([
      on('/v1.0/things', (req, origin) =>
        req.url.includes('$skiptoken=2')
          ? { json: { value: [{ id: 'c' }] } }
          : { json: { value: [{ id: 'a', extra: 1 }, { id: 'b' }], '@odata.nextLink': `${origin}/v1.0/things?$skiptoken=2` } },
      ),
    ]);
    try {
      const result = await createGraphClient(TOKEN, optionsFor(server.origin)).list('/v1.0/things', Item, READ);
      expect(result).toEqual({ ok: true, value: { items: [{ id: 'a', extra: 1 }, { id: 'b' }, { id: 'c' }], partial: false } });
      expect(server.seen.map((r) => r.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    } finally {
      await server.close();
    }
  });

  it('refuses a nextLink to another origin: the token stays home and the list says it is partial', async () => {
    const elsewhere = await startGraphServer([on('/v1.0/things', () => ({ json: { value: [{ id: 'stolen' }] } }))]);
    const server = await startGraphServer([on('/v1.0/things', () => ({ json: { value: [{ id: 'a' }], '@odata.nextLink': `${elsewhere.origin}/v1.0/things?$skiptoken=2` } }))]);
    try {
      const result = await createGraphClient(TOKEN, optionsFor(server.origin)).list('/v1.0/things', Item, READ);
      expect(result).toEqual({ ok: true, value: { items: [{ id: 'a' }], partial: true } });
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });

  it('stops at the page cap and at the item cap, and says so', async () => {
    const server = await startGraphServer([
      on('/v1.0/things', (req, origin) => {
        const n = Number(/skiptoken=(\d+)/.exec(req.url)?.[1] ?? '0');
        return { json: { value: [{ id: `${n}a` }, { id: `${n}b` }], '@odata.nextLink': `${origin}/v1.0/things?$skiptoken=${n + 1}` } };
      }),
    ]);
    try {
      const byPages = await createGraphClient(TOKEN, optionsFor(server.origin, [], { maxPages: 3 })).list('/v1.0/things', Item, READ);
      expect(byPages.ok && byPages.value.items.length).toBe(6);
      expect(byPages.ok && byPages.value.partial).toBe(true);
      const byItems = await createGraphClient(TOKEN, optionsFor(server.origin, [], { maxItems: 3 })).list('/v1.0/things', Item, READ);
      expect(byItems.ok && byItems.value.items.map((i) => i.id)).toEqual(['0a', '0b', '1a']);
      expect(byItems.ok && byItems.value.partial).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('waits as Retry-After says after a 429, then reads the answer', async () => {
    let calls = 0;
    const server = await startGraphServer([
      on('/v1.0/things', () => (++calls === 1 ? { status: 429, headers: { 'Retry-After': '7' }, json: { error: { code: 'TooManyRequests' } } } : { json: { value: [] } })),
    ]);
    const waits: number[] = [];
    try {
      const result = await createGraphClient(TOKEN, optionsFor(server.origin, waits)).list('/v1.0/things', Item, READ);
      expect(result).toEqual({ ok: true, value: { items: [], partial: false } });
      expect(waits).toEqual([7000]);
    } finally {
      await server.close();
    }
  });

  it('gives up as throttled after the retries, each wait capped', async () => {
    const server = await startGraphServer([on('/v1.0/things', () => ({ status: 503, headers: { 'Retry-After': '3600' } }))]);
    const waits: number[] = [];
    try {
      const result = await createGraphClient(TOKEN, optionsFor(server.origin, waits, { maxRetries: 2 })).list('/v1.0/things', Item, READ);
      expect(result).toEqual({ ok: false, failure: { kind: 'throttled' } });
      expect(waits).toEqual([30_000, 30_000]);
      expect(server.seen).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('names the missing permission on a 403 Authorization_RequestDenied', async () => {
    const server = await startGraphServer([on('/v1.0/things', () => DENIED)]);
    try {
      const result = await createGraphClient(TOKEN, optionsFor(server.origin)).get('/v1.0/things', Item, { permission: 'ExchangeMessageTrace.Read.All' });
      expect(result).toEqual({ ok: false, failure: { kind: 'permission', permission: 'ExchangeMessageTrace.Read.All', status: 403, code: 'Authorization_RequestDenied' } });
    } finally {
      await server.close();
    }
  });

  it('reads 400 and 404 as an API this tenant does not have, and a wrong shape or a dead server as an error', async () => {
    const server = await startGraphServer([
      on('/v1.0/bad', () => ({ status: 400, json: { error: { code: 'BadRequest', message: 'Resource not found for the segment.' } } })),
      on('/v1.0/odd', () => ({ json: { value: [{ name: 'no id' }] } })),
      on('/v1.0/text', () => ({ text: '<html>' })),
    ]);
    try {
      const client = createGraphClient(TOKEN, optionsFor(server.origin));
      expect(await client.get('/v1.0/missing', Item, READ)).toEqual({ ok: false, failure: { kind: 'unavailable', status: 404, code: 'Request_ResourceNotFound' } });
      expect(await client.get('/v1.0/bad', Item, READ)).toEqual({ ok: false, failure: { kind: 'unavailable', status: 400, code: 'BadRequest' } });
      expect(await client.list('/v1.0/odd', Item, READ)).toEqual({ ok: false, failure: { kind: 'error', status: 200 } });
      expect(await client.get('/v1.0/text', Item, READ)).toEqual({ ok: false, failure: { kind: 'error', status: 200 } });
    } finally {
      await server.close();
    }
    const closed = createGraphClient(TOKEN, optionsFor(server.origin));
    expect(await closed.get('/v1.0/things', Item, READ)).toEqual({ ok: false, failure: { kind: 'error', status: null } });
  });

  it('posts JSON', async () => {
    const server = await startGraphServer([on('/v1.0/queries', (req) => ({ status: 201, json: { id: 'q1', echo: JSON.parse(req.body) } }), 'POST')]);
    try {
      const result = await createGraphClient(TOKEN, optionsFor(server.origin)).post('/v1.0/queries', { displayName: 'x' }, Item, READ);
      expect(result).toEqual({ ok: true, value: { id: 'q1', echo: { displayName: 'x' } } });
    } finally {
      await server.close();
    }
  });

  it('reads Retry-After as seconds or a date, and backs off without one', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryWait('2', 0, now)).toBe(2000);
    expect(retryWait('Mon, 23 Nov 2026 10:00:05 GMT', 0, now)).toBe(5000);
    expect(retryWait(null, 2, now)).toBe(4000);
    expect(retryWait('soon', 0, now)).toBe(1000);
  });

  it('builds the admin-consent address for the tenant, or for any organization when it is not known', () => {
    expect(adminConsentUrl('contoso.onmicrosoft.com', '00000000-0000-0000-0000-000000000001')).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=00000000-0000-0000-0000-000000000001',
    );
    expect(adminConsentUrl(null, 'app')).toBe('https://login.microsoftonline.com/organizations/adminconsent?client_id=app');
    expect(adminConsentUrl('a/b?c', 'app')).toBe('https://login.microsoftonline.com/organizations/adminconsent?client_id=app');
  });
});
