import { problem } from '../catalog/problemCodes';
import type { Checker } from './checkResult';
import { date, dateColumnOrder, field, parseExport, text, type ExportRecord, type ExportValue } from './exports/parseExport';
import type { DateOrder } from '../time/parseDate';
import { startCheck } from './checkBuilder';
import { formatUtc } from '../time/formatUtc';
import { changeWindow, inWindow } from './inboundConnectors';

/**
 * Checks a unified audit log export (Search-UnifiedAuditLog | Export-Csv or ConvertTo-Json, the Purview audit
 * search CSV) for inbound connector changes: connectors created and then removed, changes by accounts other than
 * the ones that usually change connectors, and changes in the week before the block.
 */
export const AUDIT_LOG_FINDINGS = [
  'audit-no-connector-changes',
  'audit-connector-operations',
  'audit-connector-created-then-removed',
  'audit-connector-unexpected-account',
  'audit-connector-changed-before-block',
  'audit-connector-changed-recently',
] as const;
type Code = (typeof AUDIT_LOG_FINDINGS)[number];

const OPERATIONS = ['New-InboundConnector', 'Set-InboundConnector', 'Remove-InboundConnector'] as const;
type Operation = (typeof OPERATIONS)[number];

interface ConnectorOperation {
  readonly operation: Operation;
  /** The connector's name as the cmdlet was given it ('' when the record does not say). */
  readonly name: string;
  /** The new name, when Set-InboundConnector renamed the connector. */
  readonly renamedTo: string | null;
  readonly user: string;
  readonly at: Date | null;
  readonly succeeded: boolean;
  readonly id: string;
}

export const checkAuditLog: Checker = (evidence, context) => {
  const parsed = parseExport(evidence);
  const { problems, add, done } = startCheck<Code>('audit-log', parsed);

  const audit = parsed.records.filter(isAuditRecord);
  if (parsed.records.length > 0 && audit.length === 0) {
    problems.push(problem('audit-not-audit-log'));
    return done();
  }

  let unreadable = 0;
  const seen = new Set<string>();
  const ops: ConnectorOperation[] = [];
  const order = dateColumnOrder(audit, ['CreationDate', 'CreationTime'], context.dateOrder ?? null, problems);
  for (const record of audit) {
    const data = auditData(record);
    if (data === 'unreadable') unreadable++;
    const op = connectorOperation(record, data === 'unreadable' ? null : data, order);
    if (op === null) continue;
    // Search-UnifiedAuditLog can return the same record twice.
    if (op.id !== '' && seen.has(op.id)) continue;
    if (op.id !== '') seen.add(op.id);
    ops.push(op);
  }
  if (unreadable > 0) {
    problems.push(problem('audit-data-unreadable', { count: unreadable }));
  }

  const total = audit.reduce((max, r) => Math.max(max, Number(text(r, 'ResultCount')) || 0), 0);
  if (total > audit.length) {
    problems.push(problem('audit-partial', { count: audit.length, total }));
  }

  if (ops.length === 0) {
    // Search-UnifiedAuditLog prints nothing when no connector was changed: an empty export is an answer too.
    if (audit.length > 0 || problems.length === 0) add('audit-no-connector-changes', 'info', { records: parsed.records.length });
    return done();
  }

  const count = (o: Operation) => ops.filter((op) => op.operation === o).length;
  add('audit-connector-operations', 'info', {
    count: ops.length,
    created: count('New-InboundConnector'),
    changed: count('Set-InboundConnector'),
    removed: count('Remove-InboundConnector'),
  });

  const ordered = [...ops].sort((a, b) => (a.at?.getTime() ?? Infinity) - (b.at?.getTime() ?? Infinity));
  for (const { created, removed } of createdThenRemoved(ordered)) {
    add('audit-connector-created-then-removed', 'problem', {
      name: created.name,
      created: created.at ? formatUtc(created.at) : '?',
      removed: removed.at ? formatUtc(removed.at) : '?',
      createdBy: created.user,
      removedBy: removed.user,
    });
  }

  const byUser = new Map<string, ConnectorOperation[]>();
  for (const op of ops) {
    const key = op.user.toLowerCase();
    byUser.set(key, [...(byUser.get(key) ?? []), op]);
  }
  const expected = usualAccounts(new Map([...byUser].map(([user, theirs]) => [user, theirs.length])));
  for (const [user, theirs] of byUser) {
    if (expected.has(user)) continue;
    const names = [...new Set(theirs.map((op) => op.name).filter((n) => n !== ''))];
    add('audit-connector-unexpected-account', 'question', { user: theirs[0]!.user, count: theirs.length, connectors: names.join(', ') || '?' });
  }

  const window = changeWindow(context);
  for (const op of ordered) {
    if (!op.succeeded || !inWindow(op.at, window)) continue;
    const params = { name: op.name || '?', operation: op.operation, user: op.user, date: formatUtc(op.at) };
    if (window.blockStartedAt) add('audit-connector-changed-before-block', 'warning', { ...params, blockStart: formatUtc(window.blockStartedAt) });
    else add('audit-connector-changed-recently', 'warning', params);
  }
  return done();
};

/** A Search-UnifiedAuditLog / Purview row (AuditData, Operations) or an AuditData object exported on its own. */
function isAuditRecord(record: ExportRecord): boolean {
  return (
    field(record, 'AuditData') !== undefined ||
    field(record, 'Operations') !== undefined ||
    (field(record, 'Operation') !== undefined && field(record, 'CreationTime', 'CreationDate') !== undefined)
  );
}

/** The AuditData of a row: a JSON string (CSV, ConvertTo-Json), an object, or the row itself (AuditData exported alone). */
function auditData(record: ExportRecord): ExportRecord | null | 'unreadable' {
  const v = field(record, 'AuditData');
  if (v === undefined) return field(record, 'CreationTime') !== undefined ? record : null;
  if (isObject(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return null;
  try {
    const data: unknown = JSON.parse(v);
    return isObject(data as ExportValue) ? (data as ExportRecord) : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function connectorOperation(record: ExportRecord, data: ExportRecord | null, order: DateOrder): ConnectorOperation | null {
  const opText = (data ? text(data, 'Operation') : '') || text(record, 'Operations', 'Operation');
  const operation = OPERATIONS.find((o) => o.toLowerCase() === opText.trim().toLowerCase());
  if (!operation) return null;
  const param = (name: string) => (data ? parameter(data, name) : '');
  const objectId = data ? text(data, 'ObjectId') : '';
  const name = (operation === 'New-InboundConnector' ? param('Name') : param('Identity')) || lastSegment(objectId);
  return {
    operation,
    name,
    renamedTo: operation === 'Set-InboundConnector' ? param('Name') || null : null,
    user: (data ? text(data, 'UserId') : '') || text(record, 'UserIds', 'UserId') || '?',
    at: (data ? date(data, 'CreationTime') : null) ?? date(record, ['CreationDate', 'CreationTime'], order),
    succeeded: !/^(false|failed|failure)$/i.test(data ? text(data, 'ResultStatus').trim() : ''),
    id: (data ? text(data, 'Id') : '') || text(record, 'Identity', 'RecordId'),
  };
}

/** A cmdlet parameter from AuditData.Parameters: [{Name, Value}]. */
function parameter(data: ExportRecord, name: string): string {
  const params = field(data, 'Parameters');
  if (!Array.isArray(params)) return '';
  for (const p of params as readonly ExportValue[]) {
    if (isObject(p) && text(p, 'Name').toLowerCase() === name.toLowerCase()) return text(p, 'Value').trim();
  }
  return '';
}

/** ObjectId can be a path ("…/contoso.onmicrosoft.com/Relay"); the connector is its last part. */
function lastSegment(objectId: string): string {
  return objectId.split(/[\\/]/).pop()?.trim() ?? '';
}

/** Connectors created and later removed within the export, following renames, in time order. */
function createdThenRemoved(ordered: readonly ConnectorOperation[]): { created: ConnectorOperation; removed: ConnectorOperation }[] {
  const live = new Map<string, ConnectorOperation>(); // current name (lower case) -> its New-InboundConnector
  const pairs: { created: ConnectorOperation; removed: ConnectorOperation }[] = [];
  for (const op of ordered) {
    const key = op.name.toLowerCase();
    if (!op.succeeded || key === '') continue;
    if (op.operation === 'New-InboundConnector') live.set(key, op);
    const creation = live.get(key);
    if (!creation) continue;
    if (op.operation === 'Remove-InboundConnector') {
      pairs.push({ created: creation, removed: op });
      live.delete(key);
    } else if (op.renamedTo) {
      live.delete(key);
      live.set(op.renamedTo.toLowerCase(), creation);
    }
  }
  return pairs;
}

/**
 * The accounts that usually change connectors, from their number of changes: whole groups of accounts with the
 * same number, from the most active down, until together they made more than half of the changes.
 */
function usualAccounts(counts: ReadonlyMap<string, number>): Set<string> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const levels = [...new Set(counts.values())].sort((a, b) => b - a);
  const usual = new Set<string>();
  let covered = 0;
  for (const level of levels) {
    if (covered * 2 > total) break;
    for (const [user, n] of counts) {
      if (n !== level) continue;
      usual.add(user);
      covered += n;
    }
  }
  return usual;
}

function isObject(v: ExportValue | undefined): v is ExportRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
