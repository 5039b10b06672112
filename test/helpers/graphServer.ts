import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of the fake Graph: a status, headers and a JSON body (or raw text). */
export interface GraphAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly text?: string;
}

export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

export type GraphRoute = (request: SeenRequest, origin: string) => GraphAnswer | undefined;

/**
 * A local server shaped like Microsoft Graph (127.0.0.1, a free port): each request goes to the routes in order, the
 * first answer wins; no answer is a 404 with Graph's error body. Every request is recorded.
 */
export async function startGraphServer(routes: readonly GraphRoute[]) {
  const seen: SeenRequest[] = [];
  let origin = '';
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const request: SeenRequest = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') };
    seen.push(request);
    const answer = routes.reduce<GraphAnswer | undefined>((found, route) => found ?? route(request, origin), undefined) ?? {
      status: 404,
      json: { error: { code: 'Request_ResourceNotFound', message: 'Resource not found.' } },
    };
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(answer.text ?? JSON.stringify(answer.json ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A route answering GET requests whose path (before "?") is `path`. */
export function on(path: string, answer: (request: SeenRequest, origin: string) => GraphAnswer, method = 'GET'): GraphRoute {
  return (request, origin) => (request.method === method && request.url.split('?')[0] === path ? answer(request, origin) : undefined);
}

/** Graph's answer when the app has no consent for a permission. */
export const DENIED: GraphAnswer = {
  status: 403,
  json: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: { date: '2026-11-23T10:00:00', 'request-id': 'r1' } } },
};

/** The domains of a tenant as `GET /v1.0/domains` lists them (a subset of the documented properties). */
export function domainsPage(): GraphAnswer {
  const domain = (id: string, extra: Record<string, unknown>) => ({
    authenticationType: 'Managed',
    availabilityStatus: null,
    isAdminManaged: true,
    isRoot: true,
    supportedServices: ['Email'],
    passwordValidityPeriodInDays: null,
    id,
    isDefault: false,
    isInitial: false,
    isVerified: true,
    ...extra,
  });
  return {
    json: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#domains',
      value: [domain('contoso.com', { isDefault: true }), domain('contoso.onmicrosoft.com', { isInitial: true, supportedServices: ['Email', 'OfficeCommunicationsOnline'] })],
    },
  };
}

/** One exchangeMessageTrace as `GET /v1.0/admin/exchange/tracing/messageTraces` lists it. */
export function messageTrace(id: string, sender: string, recipient: string, received: string, status = 'Delivered') {
  return {
    id,
    messageId: `<${id}@mail.example>`,
    senderAddress: sender,
    recipientAddress: recipient,
    receivedDateTime: received,
    status,
    subject: 'Invoice',
    size: 12345,
    fromIP: '203.0.113.7',
    toIP: null,
  };
}

/** A tenant whose trace shows mail relayed for fabrikam-mail.com, with a restriction alert and no connector changes. */
export const RELAYING_TENANT: readonly GraphRoute[] = [
  on('/v1.0/domains', domainsPage),
  on('/v1.0/security/alerts_v2', () => ({
    json: { value: [{ id: 'a1', title: 'Tenant restricted from sending unprovisioned email', description: 'Mail from unprovisioned domains', createdDateTime: '2026-11-23T06:05:00Z', firstActivityDateTime: '2026-11-23T06:00:00Z' }] },
  })),
  on('/v1.0/admin/exchange/tracing/messageTraces', (req, origin) =>
    req.url.includes('skiptoken')
      ? { json: { value: [messageTrace('m3', 'billing@fabrikam-mail.com', 'z@example.org', '2026-11-23T08:20:00Z', 'Failed')] } }
      : {
          json: {
            value: [
              messageTrace('m1', 'claire@contoso.com', 'paul@fabrikam.fr', '2026-11-23T07:58:12Z', 'Failed'),
              messageTrace('m2', 'billing@fabrikam-mail.com', 'y@example.org', '2026-11-23T08:10:00Z'),
            ],
            '@odata.nextLink': `${origin}/v1.0/admin/exchange/tracing/messageTraces?$skiptoken=2`,
          },
        },
  ),
  on('/v1.0/security/auditLog/queries', () => ({ status: 201, json: { id: 'q1', status: 'succeeded' } }), 'POST'),
  on('/v1.0/security/auditLog/queries/q1/records', () => ({ json: { value: [] } })),
];

/** A tenant where the app has no consent for anything: every call gets 403 Authorization_RequestDenied. */
export const DENYING_TENANT: readonly GraphRoute[] = [(req) => (req.url.startsWith('/v1.0/') ? DENIED : undefined)];
