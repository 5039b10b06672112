import { join } from 'node:path';
import type { z } from 'zod';
import { loadCatalog } from '../../src/catalog/loadKnowledge';
import { asksToConnect, connectTenant, disconnectTenant } from '../../src/conversation/connectTenant';
import { interruptionOf } from '../../src/conversation/interruption';
import { newSession } from '../../src/conversation/session';
import type { GraphClient, GraphResult } from '../../src/graph/graphClient';

const catalog = loadCatalog(join(__dirname, '..', '..', 'knowledge'));
const NOW = new Date('2026-11-23T10:00:00Z');
const STEPS = catalog.blocks.find((b) => b.id === '5.7.750')!.prerequisites;

type Answer = GraphResult<unknown>;

/** A Graph that answers from a table of paths (the query string left out); what it was asked is recorded. */
function fakeGraph(answers: Record<string, Answer | (() => Answer)>) {
  const asked: string[] = [];
  const answer = (method: string, path: string): Answer => {
    const key = `${method} ${path.split('?')[0]}`;
    asked.push(key);
    const a = answers[key];
    return (typeof a === 'function' ? a() : a) ?? { ok: false, failure: { kind: 'unavailable', status: 404, code: null } };
  };
  const client: GraphClient = {
    get: async <T>(path: string, _schema: z.ZodType<T>) => answer('GET', path) as GraphResult<T>,
    post: async <T>(path: string, _body: unknown, _schema: z.ZodType<T>) => answer('POST', path) as GraphResult<T>,
    list: async (path) => {
      const a = answer('GET', path);
      return (a.ok ? { ok: true, value: { items: a.value as unknown[], partial: false } } : a) as never;
    },
  };
  return { client, asked };
}

const options = { now: NOW, sleep: async () => {}, auditWaitMs: 0, onProgress: async () => {} };
const DOMAINS: Answer = { ok: true, value: [{ id: 'contoso.com', isVerified: true, isDefault: true }, { id: 'contoso.onmicrosoft.com', isVerified: true, isInitial: true }] };
const TRACE: Answer = { ok: true, value: [{ id: 'm1', senderAddress: 'x@fabrikam-mail.com', recipientAddress: 'y@example.org', receivedDateTime: '2026-11-23T08:00:00Z', status: 'Delivered' }] };
const ALERT: Answer = { ok: true, value: [{ title: 'Tenant restricted from sending email', createdDateTime: '2026-11-22T05:00:00Z' }] };

describe('connectTenant', () => {
  it('reads the alert, then each step from this one on in walk order, the domains informing the trace', async () => {
    const session = newSession('en');
    session.blockId = '5.7.750';
    session.sendingDomains = ['contoso.com'];
    const { client, asked } = fakeGraph({
      'GET /v1.0/security/alerts_v2': ALERT,
      'GET /v1.0/domains': DOMAINS,
      'GET /v1.0/admin/exchange/tracing/messageTraces': TRACE,
      'POST /v1.0/security/auditLog/queries': { ok: false, failure: { kind: 'permission', permission: 'AuditLogsQuery-Exchange.Read.All', status: 403, code: null } },
    });
    const report = await connectTenant(session, catalog, STEPS, 0, client, options);
    expect(asked).toEqual(['GET /v1.0/security/alerts_v2', 'GET /v1.0/domains', 'POST /v1.0/security/auditLog/queries', 'GET /v1.0/admin/exchange/tracing/messageTraces']);
    expect(report).toEqual({
      checked: ['accepted-domains', 'message-trace'],
      failed: [{ id: 'connector-audit', failure: { kind: 'permission', permission: 'AuditLogsQuery-Exchange.Read.All', status: 403, code: null } }],
      alert: { title: 'Tenant restricted from sending email', description: null, raisedAt: '2026-11-22T05:00:00.000Z' },
    });
    expect(session.outcomes['accepted-domains']).toMatchObject({ kind: 'checked', readAt: '2026-11-23T10:00:00.000Z', result: { verdict: 'pass' } });
    const trace = session.outcomes['message-trace'];
    expect(trace?.kind === 'checked' && trace.result.findings[0]).toEqual({ code: 'message-trace-unaccepted-sender-domain', severity: 'problem', params: { domain: 'fabrikam-mail.com', messages: 1 } });
    expect(session.checkedAhead).toEqual(['message-trace']);
    expect(session.details).toMatchObject({ startedAt: '2026-11-22T05:00:00.000Z', tenantName: 'contoso.onmicrosoft.com', defaultDomain: 'contoso.com' });
    expect(session.details.restrictionAlert).toEqual({ title: 'Tenant restricted from sending email', description: null, raisedAt: '2026-11-22T05:00:00.000Z' });
    expect(session.graph).toEqual({ connected: true, pendingAuditQuery: null });
  });

  it('keeps a block start the admin gave, leaves earlier and answered steps alone, and goes on without the alert', async () => {
    const session = newSession('fr');
    session.details.startedAt = '2026-11-20T00:00:00.000Z';
    session.outcomes['message-trace'] = { kind: 'attested' };
    const { client, asked } = fakeGraph({
      'GET /v1.0/security/alerts_v2': { ok: false, failure: { kind: 'throttled' } },
      'GET /v1.0/domains': DOMAINS,
      'POST /v1.0/security/auditLog/queries': { ok: true, value: { id: 'q1', status: 'succeeded' } },
      'GET /v1.0/security/auditLog/queries/q1/records': { ok: true, value: [] },
    });
    const report = await connectTenant(session, catalog, STEPS, 2, client, options);
    expect(report.checked).toEqual(['connector-audit']);
    expect(asked).not.toContain('GET /v1.0/domains');
    expect(session.outcomes['message-trace']).toEqual({ kind: 'attested' });
    expect(session.details.startedAt).toBe('2026-11-20T00:00:00.000Z');
    expect(session.details.restrictionAlert).toBeUndefined();
  });

  it('remembers an audit search still running, asks about that one next time, and forgets it once read', async () => {
    const session = newSession('en');
    let status = 'running';
    const { client, asked } = fakeGraph({
      'GET /v1.0/security/alerts_v2': { ok: true, value: [] },
      'POST /v1.0/security/auditLog/queries': { ok: true, value: { id: 'q-7', status: 'notStarted' } },
      'GET /v1.0/security/auditLog/queries/q-7': () => ({ ok: true, value: { id: 'q-7', status } }),
      'GET /v1.0/security/auditLog/queries/q-7/records': { ok: true, value: [] },
    });
    const audit = STEPS.indexOf('connector-audit');
    const first = await connectTenant(session, catalog, STEPS, audit, client, options);
    expect(first.failed).toContainEqual({ id: 'connector-audit', failure: { kind: 'audit-pending', queryId: 'q-7' } });
    expect(session.graph?.pendingAuditQuery).toBe('q-7');
    status = 'succeeded';
    const second = await connectTenant(session, catalog, STEPS, audit, client, options);
    expect(second.checked).toEqual(['connector-audit']);
    expect(asked.filter((a) => a.startsWith('POST'))).toHaveLength(1);
    expect(session.graph?.pendingAuditQuery).toBeNull();
    disconnectTenant(session);
    expect(session.graph).toEqual({ connected: false, pendingAuditQuery: null });
  });
});

describe('asking to connect and to sign out', () => {
  it.each(['Connect your tenant', 'connecter votre locataire', 'Connetti il tenant', '连接您的租户', 'sign in'])('"%s" connects', (text) => {
    expect(asksToConnect(catalog, text, null)).toBe(true);
  });

  it('the button connects; other replies do not', () => {
    expect(asksToConnect(catalog, '1', 'connectTenant')).toBe(true);
    expect(asksToConnect(catalog, 'skip', 'skip')).toBe(false);
    expect(asksToConnect(catalog, 'contoso.com', null)).toBe(false);
  });

  it.each(['sign out', 'se déconnecter', 'disconnetti', '注销'])('"%s" signs out wherever it is typed', (text) => {
    expect(interruptionOf(catalog, text, null)).toEqual({ kind: 'signOut' });
  });
});
