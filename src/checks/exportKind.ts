import type { CheckerKind } from './checkResult';
import { field, parseExport, type ExportRecord } from './exports/parseExport';

/** The checkers whose evidence is an export we can tell apart by its columns. */
export type ExportKind = Extract<CheckerKind, 'accepted-domains' | 'inbound-connectors' | 'audit-log' | 'restricted-users' | 'message-trace'>;

/** Columns that only one kind of export has; a kind needs every column of one of its sets. */
const SIGNATURES: readonly { readonly kind: ExportKind; readonly all: readonly string[] }[] = [
  { kind: 'accepted-domains', all: ['DomainName', 'DomainType'] },
  // Graph /domains: id, isVerified, supportedServices.
  { kind: 'accepted-domains', all: ['isVerified', 'supportedServices'] },
  { kind: 'inbound-connectors', all: ['ConnectorType', 'SenderIPAddresses'] },
  { kind: 'inbound-connectors', all: ['ConnectorType', 'TlsSenderCertificateName'] },
  { kind: 'inbound-connectors', all: ['RestrictDomainsToIPAddresses'] },
  { kind: 'audit-log', all: ['AuditData'] },
  { kind: 'audit-log', all: ['RecordType', 'Operations'] },
  // The AuditData objects themselves (expanded from an audit search).
  { kind: 'audit-log', all: ['RecordType', 'Operation', 'Workload'] },
  { kind: 'message-trace', all: ['SenderAddress', 'RecipientAddress'] },
  { kind: 'message-trace', all: ['sender_address', 'recipient_status'] },
  { kind: 'message-trace', all: ['MessageTraceId'] },
  { kind: 'restricted-users', all: ['SenderAddress', 'Reason', 'CreatedDatetime'] },
  { kind: 'restricted-users', all: ['SenderAddress', 'Reason'] },
];

/**
 * Which export a paste is, told by its columns (in any of the formats parseExport reads), or null when it is not
 * a table of records or its columns fit no kind or several. A plain list of values (one domain per line) is null:
 * it could be anything.
 */
export function exportKindOf(evidence: string): ExportKind | null {
  const parsed = parseExport(evidence);
  if (parsed.format === 'lines' || parsed.format === 'empty' || parsed.records.length === 0) return null;
  const sample = parsed.records.slice(0, 20);
  const has = (name: string) => sample.some((r: ExportRecord) => field(r, name) !== undefined);
  const kinds = new Set(SIGNATURES.filter((s) => s.all.every(has)).map((s) => s.kind));
  // A message trace also has SenderAddress, and its rows carry no Reason: the more specific kind wins.
  if (kinds.has('message-trace')) kinds.delete('restricted-users');
  return kinds.size === 1 ? [...kinds][0]! : null;
}
