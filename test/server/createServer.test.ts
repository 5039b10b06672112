import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { loadConfig } from '../../src/config/config';
import { createServer } from '../../src/server/createServer';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(loadConfig({ MAX_INPUT_BYTES: String(64 * 1024) }), triageDeps());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, body: string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('HTTP triage API', () => {
  it('is alive and ready', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready', blocks: 22 });
  });

  it('triages a pasted NDR and echoes the id', async () => {
    const res = await post('/api/triage', JSON.stringify({ id: 'INC-42', text: 'Remote Server returned 550 5.7.711 Access denied, bad inbound connector' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'INC-42', block: '5.7.711', needsConfirmation: false });
  });

  it('answers a request without text with 400 and a problem body', async () => {
    const res = await post('/api/triage', JSON.stringify({ id: 1 }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 400, detail: expect.stringContaining('text') });
  });

  it('answers malformed JSON with 400, and an oversized body with 413', async () => {
    expect((await post('/api/triage', '{"text": ')).status).toBe(400);
    expect((await post('/api/triage', JSON.stringify({ text: 'x'.repeat(200 * 1024) }))).status).toBe(413);
  });

  it('answers an unknown route with 404', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
