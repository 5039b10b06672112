import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake helpdesk received it: raw body bytes as text, lower-case headers. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What the fake does with one request: answer, drop the connection, or never answer. */
export type Reply =
  | { readonly status: number; readonly json?: unknown; readonly headers?: Record<string, string> }
  | { readonly reset: true }
  | { readonly hang: true };

export interface FakeHelpdesk {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 (a free port) answering each request as `reply` says. */
export async function fakeHelpdesk(reply: (req: Received, index: number) => Reply): Promise<FakeHelpdesk> {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const what = reply(r, received.length - 1);
      if ('reset' in what) return req.socket.destroy();
      if ('hang' in what) return void hanging.add(res);
      res.writeHead(what.status, { connection: 'close', ...(what.json !== undefined ? { 'content-type': 'application/json' } : {}), ...what.headers });
      res.end(what.json !== undefined ? JSON.stringify(what.json) : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.socket?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A ServiceNow instance's incident table, as far as the hand-off uses it: GET with a correlation_id query and POST.
 * `lose(n)` says whether the answer to the n-th POST is lost after the incident was created.
 */
export async function fakeServiceNow(options: { readonly lose?: (post: number) => boolean; readonly before?: (req: Received, index: number) => Reply | null } = {}) {
  const incidents: { number: string; sys_id: string; fields: Record<string, unknown> }[] = [];
  let posts = 0;
  const helpdesk = await fakeHelpdesk((req, index) => {
    const early = options.before?.(req, index);
    if (early) return early;
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === '/api/now/table/incident') {
      const query = url.searchParams.get('sysparm_query') ?? '';
      const ref = query.startsWith('correlation_id=') ? query.slice('correlation_id='.length) : null;
      const hit = incidents.find((i) => i.fields.correlation_id === ref);
      return { status: 200, json: { result: hit ? [{ number: hit.number, sys_id: hit.sys_id }] : [] } };
    }
    if (req.method === 'POST' && url.pathname === '/api/now/table/incident') {
      const fields = JSON.parse(req.body) as Record<string, unknown>;
      const incident = { number: `INC${String(10001 + incidents.length).padStart(7, '0')}`, sys_id: `sys${incidents.length}`, fields };
      incidents.push(incident);
      if (options.lose?.(++posts)) return { reset: true };
      return { status: 201, json: { result: { number: incident.number, sys_id: incident.sys_id, ...fields } } };
    }
    return { status: 404, json: { error: { message: 'no such table' } } };
  });
  return { ...helpdesk, incidents };
}
