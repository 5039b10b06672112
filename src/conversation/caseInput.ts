import type { CaseInput, PrerequisiteInput } from '../case/buildCase';
import type { Catalog } from '../catalog/catalog';
import type { CatalogLocale } from '../catalog/schema';
import type { TriageSession } from './session';

/** Everything the conversation gathered, as the case builder takes it. Unasked prerequisites count as skipped. */
export function caseInputOf(session: TriageSession, catalog: Catalog, summaryLanguage: CatalogLocale): CaseInput {
  const block = catalog.blocks.find((b) => b.id === session.blockId);
  const prerequisites: PrerequisiteInput[] = (block?.prerequisites ?? []).map((id) => ({ id, outcome: session.outcomes[id] ?? { kind: 'skipped' } }));
  const d = session.details;
  const tenant = tenantOf(d.tenantName, d.defaultDomain ?? null);
  const started = d.startedAt ? new Date(d.startedAt) : null;
  return {
    triage: session.triage,
    blockId: session.blockId ?? '',
    ndrText: d.ndrText,
    ndrFile: session.ndrFile ?? null,
    tenant: { ...tenant, id: d.tenantId },
    contact: { name: d.contactName, email: d.email, phone: d.phone },
    preferredLanguage: session.locale,
    affectedUsers: d.affectedUsers,
    affectedUsersApproximate: d.affectedUsersApproximate === true,
    impactDescription: null,
    blockStartedAt: started && !Number.isNaN(started.getTime()) ? started : null,
    restrictionAlert: d.restrictionAlert ?? null,
    prerequisites,
    actionsTaken: [],
    summaryLanguage,
  };
}

/**
 * The tenant as the case shows it. A typed domain is the default domain; a typed name is the name. When an export
 * marked the default domain, the initial <name>.onmicrosoft.com domain (or what was typed) names the tenant.
 */
export function tenantOf(tenantName: string | null, defaultDomain: string | null): { name: string | null; defaultDomain: string | null } {
  const looksLikeDomain = tenantName !== null && /^[\w-]+(\.[\w-]+)+$/.test(tenantName);
  if (defaultDomain) return { name: tenantName === defaultDomain ? null : tenantName, defaultDomain };
  return { name: looksLikeDomain ? null : tenantName, defaultDomain: looksLikeDomain ? tenantName : null };
}
