import { z } from 'zod';
import { checkAuditLog } from '../checks/auditLog';
import { withPartial } from '../checks/partialEvidence';
import { graphEvidence, GRAPH_PERMISSIONS, type LiveChecker } from './liveCheck';

/** The connector operations the audit-log check looks for. */
export const CONNECTOR_OPERATIONS = ['New-InboundConnector', 'Set-InboundConnector', 'Remove-InboundConnector'] as const;
/** How far back the audit search looks. */
export const AUDIT_DAYS = 30;
/** Time between two looks at a running audit search. */
export const AUDIT_POLL_MS = 5_000;
/** Progress is said at the first wait, then every this long. */
export const AUDIT_PROGRESS_EVERY_MS = 30_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const QUERIES = '/v1.0/security/auditLog/queries';

const QuerySchema = z.looseObject({ id: z.string().min(1).max(200), status: z.string().nullable().optional() });

/** An auditLogRecord: the AuditData of Search-UnifiedAuditLog is its `auditData`. */
export const AuditRecordSchema = z.looseObject({
  id: z.string().optional(),
  createdDateTime: z.string().nullable().optional(),
  operation: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  userId: z.string().nullable().optional(),
  auditData: z.record(z.string(), z.unknown()).nullable().optional(),
});
type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** Query ids go into a path: Graph's are GUIDs; anything else is not asked for. */
const QUERY_ID = /^[A-Za-z0-9-]{1,100}$/;

/** The search as the Purview audit query API takes it: the connector operations of the last 30 days. */
export function auditQueryBody(now: Date) {
  return {
    displayName: 'NDR triage: inbound connector changes',
    filterStartDateTime: new Date(now.getTime() - AUDIT_DAYS * DAY_MS).toISOString(),
    filterEndDateTime: now.toISOString(),
    operationFilters: [...CONNECTOR_OPERATIONS],
  };
}

/** Records in the shape the audit-log checker reads (Search-UnifiedAuditLog's columns, AuditData as an object). */
export function auditRows(records: readonly AuditRecord[]) {
  return records.map((r) => ({
    Identity: r.id ?? '',
    CreationDate: r.createdDateTime ?? '',
    Operations: r.operation ?? '',
    UserIds: r.userPrincipalName ?? r.userId ?? '',
    AuditData: r.auditData ?? null,
  }));
}

/**
 * Starts the audit search (or looks again at one already started), waits for it within `auditWaitMs`, saying so
 * as it waits, and reads its records through the audit-log checker. A search still running at the end of the wait
 * is handed back as pending, to be looked at again later.
 */
export const liveAuditLog: LiveChecker = async (client, context, options) => {
  const request = { permission: GRAPH_PERMISSIONS.auditLog };
  let queryId = options.pendingAuditQuery !== null && QUERY_ID.test(options.pendingAuditQuery) ? options.pendingAuditQuery : null;
  let status: string | null | undefined;
  if (queryId === null) {
    const created = await client.post(QUERIES, auditQueryBody(options.now), QuerySchema, request);
    if (!created.ok) return created;
    if (!QUERY_ID.test(created.value.id)) return { ok: false, failure: { kind: 'error', status: null } };
    queryId = created.value.id;
    status = created.value.status;
  }
  for (let waited = 0; ; ) {
    if (status !== 'succeeded') {
      const polled = await client.get(`${QUERIES}/${queryId}`, QuerySchema, request);
      if (!polled.ok) return polled;
      status = polled.value.status;
    }
    if (status === 'succeeded') break;
    if (status === 'failed' || status === 'cancelled') return { ok: false, failure: { kind: 'error', status: null } };
    if (waited >= options.auditWaitMs) return { ok: false, failure: { kind: 'audit-pending', queryId } };
    if (waited % AUDIT_PROGRESS_EVERY_MS === 0) await options.onProgress(waited);
    await options.sleep(AUDIT_POLL_MS);
    waited += AUDIT_POLL_MS;
  }
  const read = await client.list(`${QUERIES}/${queryId}/records`, AuditRecordSchema, request);
  if (!read.ok) return read;
  const evidence = graphEvidence(auditRows(read.value.items));
  return { ok: true, result: withPartial(checkAuditLog(evidence, context), read.value), evidence };
};
