import type { CheckContext, CheckerKind } from '../checks/checkResult';
import { acceptedDomainNames } from '../checks/acceptedDomains';
import { senderDomains } from '../checks/messageTrace';
import type { TriageSession } from './session';

/** What the checkers know of the case so far. */
export function checkContextOf(session: TriageSession, now: Date): CheckContext {
  const started = session.details.startedAt ? new Date(session.details.startedAt) : null;
  return {
    sendingDomains: session.sendingDomains,
    acceptedDomains: session.acceptedDomains,
    blockStartedAt: started && !Number.isNaN(started.getTime()) ? started : null,
    blockCode: session.blockId,
    knownConnectors: session.knownConnectors,
    now,
  };
}

/** Evidence pasted for one check informs the next: accepted domains, and the domains a trace shows sending. */
export function learnFromEvidence(session: TriageSession, checker: CheckerKind, evidence: string): void {
  if (checker === 'accepted-domains') session.acceptedDomains = acceptedDomainNames(evidence);
  if (checker === 'message-trace') {
    for (const { domain } of senderDomains(evidence)) if (!session.sendingDomains.includes(domain)) session.sendingDomains.push(domain);
  }
}
