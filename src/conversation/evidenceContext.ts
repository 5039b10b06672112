import type { CatalogLocale } from '../catalog/schema';
import type { CheckContext, CheckerKind } from '../checks/checkResult';
import type { DateOrder } from '../time/parseDate';
import { acceptedDomainNames, tenantDomains } from '../checks/acceptedDomains';
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
    dateOrder: DATE_ORDER[session.locale],
  };
}

/** How admins who talk to us in each language most likely have their machine write 02/12/2025. */
const DATE_ORDER: Readonly<Record<CatalogLocale, DateOrder | null>> = { en: 'month-first', fr: 'day-first', it: 'day-first', 'zh-CN': null };

/** Evidence pasted for one check informs the next: accepted domains, and the domains a trace shows sending. */
export function learnFromEvidence(session: TriageSession, checker: CheckerKind, evidence: string): void {
  if (checker === 'accepted-domains') {
    session.acceptedDomains = acceptedDomainNames(evidence);
    // Every tenant has one initial <name>.onmicrosoft.com domain: it names the tenant for Support, so it is not asked;
    // nor is the default domain the export marks.
    const { defaultDomain, initialDomain } = tenantDomains(evidence);
    session.details.tenantName ??= initialDomain;
    session.details.defaultDomain ??= defaultDomain;
  }
  if (checker === 'message-trace') {
    for (const { domain } of senderDomains(evidence)) if (!session.sendingDomains.includes(domain)) session.sendingDomains.push(domain);
  }
}
