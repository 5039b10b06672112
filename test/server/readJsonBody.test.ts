import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import restify, { type Request, type Response } from 'restify';
import { readJsonBody } from '../../src/server/readJsonBody';

const MAX = 10_000;

/** A server with only the body reader and a route that tells what it got. */
function echoServer(): Promise<{ url: URL; close: () => Promise<void>; reached: () => number }> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(readJsonBody(MAX));
  let reached = 0;
  server.post('/echo', async (req: Request, res: Response) => {
    reached++;
    res.send(200, { body: req.body === undefined ? 'none' : req.body });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`),
        close: () => new Promise((done) => server.close(() => done())),
        reached: () => reached,
      }),
    ),
  );
}

/** Posts `chunks` (chunked when there are several) and returns the status and parsed answer. */
function post(url: URL, chunks: Buffer[], headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const single = chunks.length === 1;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(single ? { 'content-length': String(chunks[0]!.length) } : {}), ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown> }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('readJsonBody', () => {
  let s: Awaited<ReturnType<typeof echoServer>>;
  beforeAll(async () => {
    s = await echoServer();
  });
  afterAll(() => s.close());

  it('reads JSON sent plain, chunked, gzip or deflate', async () => {
    const json = Buffer.from(JSON.stringify({ text: 'Remote Server returned 550 5.7.750 — 客户端被阻止' }));
    const expected = { status: 200, body: { body: { text: 'Remote Server returned 550 5.7.750 — 客户端被阻止' } } };
    expect(await post(s.url, [json])).toEqual(expected);
    expect(await post(s.url, [json.subarray(0, 7), json.subarray(7, 30), json.subarray(30)])).toEqual(expected);
    expect(await post(s.url, [gzipSync(json)], { 'content-encoding': 'gzip' })).toEqual(expected);
    expect(await post(s.url, [deflateSync(json)], { 'content-encoding': 'deflate' })).toEqual(expected);
  });

  it('passes a request without a body on with no body', async () => {
    expect(await post(s.url, [Buffer.alloc(0)])).toEqual({ status: 200, body: { body: 'none' } });
  });

  it('refuses a body over the cap with 413, plain or chunked, before the route runs', async () => {
    const before = s.reached();
    const big = Buffer.from(JSON.stringify({ text: 'x'.repeat(MAX) }));
    const plain = await post(s.url, [big]);
    expect(plain).toMatchObject({ status: 413, body: { status: 413, detail: expect.stringContaining(`${MAX} bytes`) } });
    const chunked = await post(s.url, [big.subarray(0, 6000), big.subarray(6000)]);
    expect(chunked.status).toBe(413);
    expect(s.reached()).toBe(before);
  });

  it('counts the cap after decompression: a small gzip body that inflates past it gets 413', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ text: ' '.repeat(5_000_000) })));
    expect(bomb.length).toBeLessThan(MAX);
    expect((await post(s.url, [bomb], { 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('answers malformed JSON and a broken gzip stream with 400, an unknown content encoding with 415', async () => {
    expect(await post(s.url, [Buffer.from('{"text": ')])).toMatchObject({ status: 400, body: { detail: 'The body is not valid JSON.' } });
    expect((await post(s.url, [Buffer.from('not gzip at all')], { 'content-encoding': 'gzip' })).status).toBe(400);
    const br = await post(s.url, [Buffer.from('{}')], { 'content-encoding': 'br' });
    expect(br).toMatchObject({ status: 415, body: { status: 415 } });
  });
});
