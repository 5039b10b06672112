import type { CheckContext, CheckResult } from '../checks/checkResult';
import type { GraphClient, GraphFailure } from './graphClient';

/** The delegated permissions the live checks use, each the least privileged one Graph documents for its call. */
export const GRAPH_PERMISSIONS = {
  domains: 'Domain.Read.All',
  messageTrace: 'ExchangeMessageTrace.Read.All',
  alerts: 'SecurityAlert.Read.All',
  auditLog: 'AuditLogsQuery-Exchange.Read.All',
} as const;

/** Why a live check gave no result: Graph's failure, or an audit search still running when the wait ran out. */
export type LiveFailure = GraphFailure | { readonly kind: 'audit-pending'; readonly queryId: string };

/**
 * A live check's answer: the same CheckResult a pasted export gives, with the evidence it was made from (Graph's
 * JSON, which the conversation learns from as it does from a paste), or why there is none.
 */
export type LiveCheckResult =
  | { readonly ok: true; readonly result: CheckResult; readonly evidence: string }
  | { readonly ok: false; readonly failure: LiveFailure };

export interface LiveCheckOptions {
  readonly now: Date;
  /** Waits between polls of a long-running search (tests: returns at once). */
  readonly sleep: (ms: number) => Promise<void>;
  /** How long to wait for the audit search in this turn, in milliseconds. */
  readonly auditWaitMs: number;
  /** An audit search started earlier and not finished then: looked at again instead of starting another. */
  readonly pendingAuditQuery: string | null;
  /** Called while waiting for the audit search, with the time waited so far. */
  readonly onProgress: (waitedMs: number) => Promise<void>;
}

export type LiveChecker = (client: GraphClient, context: CheckContext, options: LiveCheckOptions) => Promise<LiveCheckResult>;

/** Graph's items in the shape Graph returns them, for the checkers that read pasted Graph JSON. */
export function graphEvidence(items: readonly unknown[]): string {
  return JSON.stringify({ value: items });
}
