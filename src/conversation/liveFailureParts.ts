import type { MessageKey } from '../catalog/messageKeys';
import { adminConsentUrl } from '../graph/graphClient';
import type { LiveFailure } from '../graph/liveCheck';
import type { Part } from './session';

const FAILURE_KEYS: Readonly<Record<LiveFailure['kind'], MessageKey>> = {
  permission: 'graph.failed.permission',
  unavailable: 'graph.failed.unavailable',
  throttled: 'graph.failed.throttled',
  error: 'graph.failed.error',
  'audit-pending': 'graph.failed.auditPending',
};

/**
 * The sentences that say why Graph could not read some steps, and that their paste is still wanted: each step with
 * its reason (the permission missing, throttling, an API the tenant does not have, a search still running), then,
 * once, where an administrator grants the missing permissions.
 */
export function liveFailureParts(
  failed: readonly { readonly id: string; readonly failure: LiveFailure }[],
  consent: { readonly tenant: string | null; readonly appId: string },
): Part[] {
  const parts = failed.map(({ id, failure }): Part => {
    const p: Record<string, Part> = { title: { prereq: id, f: 'title' } };
    if (failure.kind === 'permission') p.permission = { lit: failure.permission };
    return { m: FAILURE_KEYS[failure.kind], p };
  });
  if (failed.some((f) => f.failure.kind === 'permission')) parts.push({ m: 'graph.consent', p: { url: { lit: adminConsentUrl(consent.tenant, consent.appId) } } });
  return parts;
}
