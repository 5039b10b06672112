import type { MessageKey } from '../catalog/messageKeys';
import type { GraphFailure } from '../graph/graphClient';
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
 * The sentence that says why Graph could not read something and that the paste is still wanted: the permission
 * missing with where an administrator grants it, throttling, an API the tenant does not have, a search still running.
 */
export function liveFailurePart(failure: LiveFailure | GraphFailure, title: Part, consent: { readonly tenant: string | null; readonly appId: string }): Part {
  const p: Record<string, string | Part> = { title };
  if (failure.kind === 'permission') {
    p.permission = { lit: failure.permission };
    p.url = { lit: adminConsentUrl(consent.tenant, consent.appId) };
  }
  return { m: FAILURE_KEYS[failure.kind], p };
}
