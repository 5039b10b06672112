import type { CheckerKind } from '../checks/checkResult';
import { liveAcceptedDomains } from './liveDomains';
import { liveAuditLog } from './liveAuditLog';
import type { LiveChecker } from './liveCheck';
import { liveMessageTrace } from './liveMessageTrace';

/**
 * The prerequisite kinds Microsoft Graph can check live. Inbound connectors have no Graph API (Exchange Online
 * PowerShell only), nor do restricted users: those steps keep the paste.
 */
export const LIVE_CHECKS: Readonly<Partial<Record<CheckerKind, LiveChecker>>> = {
  'accepted-domains': liveAcceptedDomains,
  'message-trace': liveMessageTrace,
  'audit-log': liveAuditLog,
};

/** The kinds whose step says, when connected, that Graph cannot read them. */
export const NO_GRAPH_API: readonly CheckerKind[] = ['inbound-connectors', 'restricted-users'];
