import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';

jest.setTimeout(120_000);

const SECRET = 'dl-secret-0123456789abcdefghijklmnopqrstuvwxyz';

describe('production mode: POST /api/directline/token', () => {
  let fake: Server;
  let seen: { authorization?: string; body?: { user?: { id?: string } } } = {};
  let app: App;
  let base: string;

  beforeAll(async () => {
    fake = createServer((req, res) => {
      let data = '';
      req.on('data', (d) => (data += d));
      req.on('end', () => {
        seen = { authorization: req.headers.authorization, body: JSON.parse(data || '{}') };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ conversationId: 'conv-from-azure', token: 'token-for-one-conversation', expires_in: 1800 }));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v3/directline`;
    app = createApp(
      loadConfig({
        ...process.env,
        STORAGE: 'memory',
        LOG_LEVEL: 'silent',
        MicrosoftAppId: '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190',
        MicrosoftAppPassword: 'x',
        DIRECT_LINE_SECRET: SECRET,
        DIRECT_LINE_ENDPOINT: endpoint,
      }),
      { storage: new InMemoryStorage() },
    );
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => fake.close(resolve));
  });

  it('exchanges the secret for a conversation token bound to a fresh dl_ user, and never returns the secret', async () => {
    const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text) as { token: string; conversationId: string; userId: string };
    expect(body).toMatchObject({ token: 'token-for-one-conversation', conversationId: 'conv-from-azure' });
    expect(body.userId).toMatch(/^dl_[0-9a-f-]{36}$/);
    expect(seen.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen.body?.user?.id).toBe(body.userId);
  });

  it('does not serve the local Direct Line, and the page uses Azure', async () => {
    expect((await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' })).status).toBe(404);
    const page = await fetch(`${base}/`);
    expect(await page.text()).toContain('var MODE = "azure"');
    expect(page.headers.get('content-security-policy')).toContain('https://*.botframework.com');
  });
});
