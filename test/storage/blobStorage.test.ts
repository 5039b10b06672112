import type { AddressInfo } from 'node:net';
import { TestAdapter } from 'botbuilder';
import { startAzurite, type Azurite } from '../../bench/support/azurite';
import { createApp } from '../../src/app/createApp';
import { createBot } from '../../src/app/createBot';
import { loadConfig } from '../../src/config/config';
import { BlobStorage } from '../../src/storage/blobStorage';
import { triageDeps } from '../helpers/triageDeps';
import { describeCasContract } from './casContract';

jest.setTimeout(180_000);

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite?.stop());

describeCasContract('BlobStorage (Azurite)', () => new BlobStorage(azurite.connection, 'ndr-test-contract'));

describe('BlobStorage (Azurite)', () => {
  it('keeps keys that differ only by a trailing slash, a dot or an escape apart', async () => {
    const storage = new BlobStorage(azurite.connection, 'ndr-test-keys');
    const keys = ['directline/conversations/c1', 'directline/conversations/c1/', 'a.b', 'a%2Eb', 'a/b', 'a%2Fb', 'é'];
    await storage.write(Object.fromEntries(keys.map((k) => [k, { key: k }])));
    const read = await storage.read(keys);
    for (const k of keys) expect(read[k]?.key).toBe(k);
  });

  it('lets two bot instances share one conversation without losing its place', async () => {
    const container = 'ndr-test-shared';
    const one = createBot(triageDeps(), new BlobStorage(azurite.connection, container)).bot;
    const two = createBot(triageDeps(), new BlobStorage(azurite.connection, container)).bot;
    // Two adapters with the same conversation reference stand for two instances behind a load balancer.
    const a = new TestAdapter(async (context) => one.run(context));
    const b = new TestAdapter(async (context) => two.run(context));
    const text = (x: { text?: string }) => x.text ?? '';
    const message = (id: string, body: string) => ({ type: 'message', id, text: body });
    await a.send(message('1', '550 5.7.750')).assertReply((r) => expect(text(r)).toContain('This looks like 5.7.750'));
    await b
      .send(message('2', 'yes'))
      .assertReply((r) => expect(text(r)).toContain('Tenant blocked from sending mail'))
      .assertReply((r) => expect(text(r)).toMatch(/^Step 1 of 7/));
    await a
      .send(message('3', 'skip'))
      .assertReply((r) => expect(text(r)).toContain('Skipped'))
      .assertReply((r) => expect(text(r)).toMatch(/^Step 2 of 7/));
    await b.send(message('4', 'skip')).assertReply((r) => expect(text(r)).toContain('Skipped')).assertReply((r) => expect(text(r)).toMatch(/^Step 3 of 7/));
  });

  it('serves the local Direct Line with STORAGE=blob: transcript and conversation state side by side', async () => {
    const config = loadConfig({ ...process.env, STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connection, BLOB_CONTAINER: 'ndr-test-directline', LOG_LEVEL: 'silent' });
    const app = createApp(config);
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { activities?: { text?: string }[]; conversationId?: string; token?: string } };
    };
    try {
      const started = await call('POST', '/v3/directline/tokens/generate', undefined, { locale: 'en-US' });
      expect(started.status).toBe(200);
      const { conversationId, token } = started.body as { conversationId: string; token: string };
      const path = `/v3/directline/conversations/${conversationId}/activities`;
      expect((await call('POST', path, token, { type: 'message', text: '550 5.7.750' })).status).toBe(200);
      expect((await call('POST', path, token, { type: 'message', text: 'yes' })).status).toBe(200);
      const texts = ((await call('GET', `${path}?watermark=0`, token)).body.activities ?? []).map((a) => a.text ?? '');
      expect(texts[0]).toContain('Hi! I help when Exchange Online');
      expect(texts[1]).toBe('550 5.7.750');
      expect(texts[2]).toContain('This looks like 5.7.750');
      expect(texts[3]).toBe('yes');
      expect(texts.slice(4).join('\n')).toContain('Step 1 of 7: Accepted domains');
    } finally {
      await app.close();
    }
  });
});
