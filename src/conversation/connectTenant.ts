import type { Catalog } from '../catalog/catalog';
import { CONNECT_CHOICE, type PrerequisiteChoice } from './answerPrerequisite';
import { matchCommand } from './commands';
import type { CheckerKind } from '../checks/checkResult';
import type { GraphClient } from '../graph/graphClient';
import type { LiveCheckOptions, LiveFailure } from '../graph/liveCheck';
import { LIVE_CHECKS, NO_GRAPH_API } from '../graph/liveChecks';
import { readRestrictionAlert, type RestrictionAlert } from '../graph/restrictionAlert';
import { checkContextOf, learnFromEvidence } from './evidenceContext';
import type { TriageSession } from './session';

/** Whether a prerequisite can be read live through Microsoft Graph. */
export function hasLiveCheck(checker: CheckerKind): boolean {
  return LIVE_CHECKS[checker] !== undefined;
}

/** Whether a prerequisite's step says, once the tenant is connected, that Graph cannot read it. */
export function hasNoGraphApi(checker: CheckerKind): boolean {
  return NO_GRAPH_API.includes(checker);
}

/** The reply asks to connect the tenant: the choice, or the phrase typed in any language. */
export function asksToConnect(catalog: Catalog, reply: string, picked: PrerequisiteChoice | null): boolean {
  return picked === CONNECT_CHOICE || matchCommand(catalog, reply) === 'connectTenant';
}

export interface ConnectReport {
  /** Steps checked live, in walk order. */
  readonly checked: readonly string[];
  /** Steps Graph could not check, and why: they keep the paste. */
  readonly failed: readonly { readonly id: string; readonly failure: LiveFailure }[];
  /** The restriction alert read this time; null when there was none or it could not be read. */
  readonly alert: RestrictionAlert | null;
}

/**
 * Reads the tenant through Microsoft Graph for the steps from `fromIndex` on that have a live check and no answer
 * yet: the restriction alert first (it dates the block), then each step in walk order, each informing the next as a
 * paste would (accepted domains before the trace). Results are recorded in the session as checked evidence read at
 * `options.now`; a later step checked here is passed over when its turn comes. Never throws for Graph's sake: what
 * Graph would not give is reported per step.
 */
export async function connectTenant(
  session: TriageSession,
  catalog: Catalog,
  prerequisiteIds: readonly string[],
  fromIndex: number,
  client: GraphClient,
  options: Omit<LiveCheckOptions, 'pendingAuditQuery'>,
): Promise<ConnectReport> {
  const graph = (session.graph ??= { connected: true, pendingAuditQuery: null });
  graph.connected = true;
  const checked: string[] = [];
  const failed: { id: string; failure: LiveFailure }[] = [];

  // The alert only adds to the case: without it (no permission, no alert) the checks go on as they are.
  const alert = await readRestrictionAlert(client, options.now);
  if (alert.ok && alert.value) {
    session.details.restrictionAlert = alert.value;
    session.details.startedAt ??= alert.value.raisedAt;
  }

  for (const [index, id] of prerequisiteIds.entries()) {
    const prerequisite = catalog.prerequisites.get(id);
    const live = prerequisite ? LIVE_CHECKS[prerequisite.checker] : undefined;
    if (index < fromIndex || !prerequisite || !live || (session.outcomes[id] !== undefined && index !== fromIndex)) continue;
    const result = await live(client, checkContextOf(session, options.now), { ...options, pendingAuditQuery: graph.pendingAuditQuery });
    if (!result.ok) {
      if (result.failure.kind === 'audit-pending') graph.pendingAuditQuery = result.failure.queryId;
      failed.push({ id, failure: result.failure });
      continue;
    }
    if (prerequisite.checker === 'audit-log') graph.pendingAuditQuery = null;
    session.outcomes[id] = { kind: 'checked', result: result.result, readAt: options.now.toISOString() };
    learnFromEvidence(session, prerequisite.checker, result.evidence);
    if (index > fromIndex && !session.checkedAhead?.includes(id)) session.checkedAhead = [...(session.checkedAhead ?? []), id];
    checked.push(id);
  }
  return { checked, failed, alert: alert.ok ? alert.value : null };
}

/** Forgets the connection (after "sign out"): steps ask for pastes again; what was read stays in the case. */
export function disconnectTenant(session: TriageSession): void {
  session.graph = { connected: false, pendingAuditQuery: null };
}
