import type { CaseInput, PrerequisiteInput } from '../case/buildCase';
import type { Catalog } from '../catalog/catalog';
import type { CatalogLocale } from '../catalog/schema';
import type { TriageSession } from './session';

/** Everything the conversation gathered, as the case builder takes it. Unasked prerequisites count as skipped. */
export function caseInputOf(session: TriageSession, catalog: Catalog, summaryLanguage: CatalogLocale): CaseInput {
  const block = catalog.blocks.find((b) => b.id === session.blockId);
  const prerequisites: PrerequisiteInput[] = (block?.prerequisites ?? []).map((id) => ({ id, outcome: session.outcomes[id] ?? { kind: 'skipped' } }));
  const d = session.details;
  const looksLikeDomain = d.tenantName !== null && /^[\w-]+(\.[\w-]+)+$/.test(d.tenantName);
  const started = d.startedAt ? new Date(d.startedAt) : null;
  return {
    triage: session.triage,
    blockId: session.blockId ?? '',
    ndrText: d.ndrText,
    tenant: { name: looksLikeDomain ? null : d.tenantName, defaultDomain: looksLikeDomain ? d.tenantName : null, id: d.tenantId },
    contact: { name: d.contactName, email: d.email, phone: d.phone },
    preferredLanguage: session.locale,
    affectedUsers: d.affectedUsers,
    impactDescription: null,
    blockStartedAt: started && !Number.isNaN(started.getTime()) ? started : null,
    prerequisites,
    actionsTaken: [],
    summaryLanguage,
  };
}
