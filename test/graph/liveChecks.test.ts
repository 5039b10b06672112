import type { CheckContext } from '../../src/checks/checkResult';
import { createGraphClient, type GraphClient } from '../../src/graph/graphClient';
import { liveAcceptedDomains } from '../../src/graph/liveDomains';
import { liveAuditLog } from '../../src/graph/liveAuditLog';
import type { LiveCheckOptions } from '../../src/graph/liveCheck';
import { liveMessageTrace, messageTracePath } from '../../src/graph/liveMessageTrace';
import { readRestrictionAlert } from '../../src/graph/restrictionAlert';
import { DENIED, domainsPage, messageTrace, on, startGraphServer, type GraphRoute } from '../helpers/graphServer';

const NOW = new Date('2026-11-23T10:00:00Z');
const context: CheckContext = {
  sendingDomains: ['contoso.com'],
  acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'],
  blockStartedAt: null,
  blockCode: '5.7.750',
  knownConnectors: [],
  now: NOW,
};

async function withGraph<T>(routes: readonly GraphRoute[], run: (client: GraphClient, seen: { method: string; url: string; body: string }[]) => Promise<T>): Promise<T> {
  const server = await startGraphServer(routes);
  try {
    const client = createGraphClient('token', { endpoint: server.origin, timeoutMs: 5000, maxPages: 5, maxItems: 1000, maxRetries: 2, fetch: (u, i) => fetch(u, i), sleep: async () => {} });
    return await run(client, server.seen);
  } finally {
    await server.close();
  }
}

function options(overrides: Partial<LiveCheckOptions> = {}): LiveCheckOptions {
  return { now: NOW, sleep: async () => {}, auditWaitMs: 20_000, pendingAuditQuery: null, onProgress: async () => {}, ...overrides };
}

describe('live accepted domains', () => {
  it('reads GET /v1.0/domains through the accepted-domains checker', async () => {
    const live = await withGraph([on('/v1.0/domains', domainsPage)], (client) => liveAcceptedDomains(client, { ...context, sendingDomains: ['contoso.com', 'fabrikam-mail.com'] }, options()));
    expect(live.ok).toBe(true);
    if (!live.ok) return;
    expect(live.result.checker).toBe('accepted-domains');
    expect(live.result.verdict).toBe('fail');
    expect(live.result.findings.map((f) => [f.code, f.params.domain])).toEqual([
      ['accepted-domain-sending-accepted', 'contoso.com'],
      ['accepted-domain-sending-not-accepted', 'fabrikam-mail.com'],
    ]);
    expect(live.result.recordsRead).toBe(2);
  });

  it('hands back a 403 as a missing Domain.Read.All', async () => {
    const live = await withGraph([on('/v1.0/domains', () => DENIED)], (client) => liveAcceptedDomains(client, context, options()));
    expect(live).toEqual({ ok: false, failure: { kind: 'permission', permission: 'Domain.Read.All', status: 403, code: 'Authorization_RequestDenied' } });
  });
});

describe('live message trace', () => {
  it('asks for the last two days with the documented filter', () => {
    expect(decodeURIComponent(messageTracePath(NOW))).toBe(
      '/v1.0/admin/exchange/tracing/messageTraces?$filter=receivedDateTime ge 2026-11-21T10:00:00.000Z and receivedDateTime le 2026-11-23T10:00:00.000Z&$top=5000',
    );
  });

  it('pages through the trace and finds the unaccepted sender domain, the top senders and the hourly volume', async () => {
    const routes = [
      on('/v1.0/admin/exchange/tracing/messageTraces', (req, origin) =>
        req.url.includes('skiptoken')
          ? { json: { value: [messageTrace('m3', 'invoices@fabrikam-mail.com', 'x@example.org', '2026-11-23T08:12:00Z', 'Failed')] } }
          : {
              json: {
                value: [
                  messageTrace('m1', 'claire@contoso.com', 'paul@example.org', '2026-11-23T07:58:00Z'),
                  messageTrace('m2', 'invoices@fabrikam-mail.com', 'y@example.org', '2026-11-23T08:01:00Z'),
                ],
                '@odata.nextLink': `${origin}/v1.0/admin/exchange/tracing/messageTraces?$skiptoken=abc`,
              },
            },
      ),
    ];
    const live = await withGraph(routes, (client) => liveMessageTrace(client, context, options()));
    expect(live.ok).toBe(true);
    if (!live.ok) return;
    expect(live.result.verdict).toBe('fail');
    const byCode = (code: string) => live.result.findings.filter((f) => f.code === code).map((f) => f.params);
    expect(byCode('message-trace-unaccepted-sender-domain')).toEqual([{ domain: 'fabrikam-mail.com', messages: 2 }]);
    expect(byCode('message-trace-top-sender')).toEqual([
      { rank: 1, sender: 'invoices@fabrikam-mail.com', messages: 2 },
      { rank: 2, sender: 'claire@contoso.com', messages: 1 },
    ]);
    expect(byCode('message-trace-hourly-volume')).toEqual([{ from: '2026-11-23 07:00 UTC', to: '2026-11-23 08:00 UTC', series: '2026-11-23 07:00 1, 08:00 2' }]);
    expect(live.result.recordsRead).toBe(3);
  });

  it('reads an empty trace as an empty pasted list is read: nothing relayed, no records', async () => {
    const live = await withGraph([on('/v1.0/admin/exchange/tracing/messageTraces', () => ({ json: { value: [] } }))], (client) => liveMessageTrace(client, context, options()));
    expect(live.ok && [live.result.verdict, live.result.recordsRead, live.result.findings]).toEqual(['pass', 0, []]);
  });

  it('says when Graph gave only part of the trace', async () => {
    const routes = [
      on('/v1.0/admin/exchange/tracing/messageTraces', () => ({
        json: { value: [messageTrace('m1', 'claire@contoso.com', 'paul@example.org', '2026-11-23T07:58:00Z')], '@odata.nextLink': 'https://elsewhere.example/next' },
      })),
    ];
    const live = await withGraph(routes, (client) => liveMessageTrace(client, context, options()));
    expect(live.ok && live.result.problems).toEqual([{ code: 'graph-partial', params: { count: 1 } }]);
    expect(live.ok && live.result.verdict).toBe('unknown');
  });
});

describe('live audit log', () => {
  const record = (id: string, operation: string, name: string, at: string, user: string) => ({
    id,
    createdDateTime: at,
    auditLogRecordType: 'exchangeAdmin',
    operation,
    organizationId: 'org',
    userType: 'regular',
    userId: user,
    service: 'Exchange',
    objectId: name,
    userPrincipalName: user,
    clientIp: null,
    administrativeUnits: [],
    auditData: { CreationTime: at, Id: id, Operation: operation, UserId: user, ObjectId: name, ResultStatus: 'True', Parameters: [{ Name: operation === 'New-InboundConnector' ? 'Name' : 'Identity', Value: name }] },
  });

  it('starts the search for the connector operations, waits for it saying so, and reads its records', async () => {
    let polls = 0;
    const progress: number[] = [];
    const routes = [
      on('/v1.0/security/auditLog/queries', () => ({ status: 201, json: { id: 'q-1', status: 'notStarted' } }), 'POST'),
      on('/v1.0/security/auditLog/queries/q-1', () => ({ json: { id: 'q-1', status: ++polls < 3 ? 'running' : 'succeeded' } })),
      on('/v1.0/security/auditLog/queries/q-1/records', () => ({
        json: {
          value: [
            record('r1', 'New-InboundConnector', 'Relay', '2026-11-20T08:00:00Z', 'mallory@contoso.com'),
            record('r2', 'Remove-InboundConnector', 'Relay', '2026-11-21T08:00:00Z', 'mallory@contoso.com'),
          ],
        },
      })),
    ];
    const live = await withGraph(routes, async (client, seen) => {
      const result = await liveAuditLog(client, context, options({ onProgress: async (ms) => void progress.push(ms) }));
      const body = JSON.parse(seen.find((r) => r.method === 'POST')!.body);
      expect(body).toEqual({
        displayName: 'NDR triage: inbound connector changes',
        filterStartDateTime: '2026-10-24T10:00:00.000Z',
        filterEndDateTime: '2026-11-23T10:00:00.000Z',
        operationFilters: ['New-InboundConnector', 'Set-InboundConnector', 'Remove-InboundConnector'],
      });
      return result;
    });
    expect(progress).toEqual([0]);
    expect(live.ok).toBe(true);
    if (!live.ok) return;
    expect(live.result.checker).toBe('audit-log');
    expect(live.result.verdict).toBe('fail');
    expect(live.result.findings.find((f) => f.code === 'audit-connector-created-then-removed')?.params).toMatchObject({ name: 'Relay', createdBy: 'mallory@contoso.com' });
  });

  it('hands back a search still running at the end of the wait, and looks at it again later instead of starting another', async () => {
    let done = false;
    const routes = [
      on('/v1.0/security/auditLog/queries', () => ({ status: 201, json: { id: 'q-2', status: 'notStarted' } }), 'POST'),
      on('/v1.0/security/auditLog/queries/q-2', () => ({ json: { id: 'q-2', status: done ? 'succeeded' : 'running' } })),
      on('/v1.0/security/auditLog/queries/q-2/records', () => ({ json: { value: [] } })),
    ];
    await withGraph(routes, async (client, seen) => {
      const progress: number[] = [];
      const first = await liveAuditLog(client, context, options({ auditWaitMs: 60_000, onProgress: async (ms) => void progress.push(ms) }));
      expect(first).toEqual({ ok: false, failure: { kind: 'audit-pending', queryId: 'q-2' } });
      expect(progress).toEqual([0, 30_000]);
      done = true;
      const later = await liveAuditLog(client, context, options({ pendingAuditQuery: 'q-2' }));
      expect(later.ok && later.result.findings.map((f) => f.code)).toEqual(['audit-no-connector-changes']);
      expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1);
    });
  });
});

describe('restriction alert', () => {
  it('finds the latest restriction alert of the last 30 days by its title', async () => {
    const routes = [
      on('/v1.0/security/alerts_v2', (req) => {
        expect(decodeURIComponent(req.url)).toContain('$filter=createdDateTime ge 2026-10-24T10:00:00.000Z');
        return {
          json: {
            value: [
              { id: 'a1', title: 'Suspicious inbox forwarding', createdDateTime: '2026-11-22T09:00:00Z', description: 'no' },
              { id: 'a2', title: 'Tenant restricted from sending unprovisioned email', createdDateTime: '2026-11-22T06:05:00Z', firstActivityDateTime: '2026-11-22T06:00:00Z', description: 'Too much mail from unprovisioned domains.', severity: 'high' },
              { id: 'a3', title: 'User restricted from sending email', createdDateTime: '2026-11-01T06:05:00Z' },
            ],
          },
        };
      }),
    ];
    const found = await withGraph(routes, (client) => readRestrictionAlert(client, NOW));
    expect(found).toEqual({ ok: true, value: { title: 'Tenant restricted from sending unprovisioned email', description: 'Too much mail from unprovisioned domains.', raisedAt: '2026-11-22T06:00:00.000Z' } });
  });

  it('is null when no alert says so', async () => {
    const found = await withGraph([on('/v1.0/security/alerts_v2', () => ({ json: { value: [] } }))], (client) => readRestrictionAlert(client, NOW));
    expect(found).toEqual({ ok: true, value: null });
  });
});
