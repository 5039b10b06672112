import { checkAcceptedDomains } from './acceptedDomains';
import { checkAuditLog } from './auditLog';
import type { Checker, CheckerKind } from './checkResult';
import { checkInboundConnectors } from './inboundConnectors';
import { checkMessageTrace } from './messageTrace';
import { checkRestrictedUsers } from './restrictedUsers';

/** The evidence checker behind each prerequisite kind that has an export; checklists and questions have none. */
export const CHECKERS: Readonly<Partial<Record<CheckerKind, Checker>>> = {
  'accepted-domains': checkAcceptedDomains,
  'inbound-connectors': checkInboundConnectors,
  'audit-log': checkAuditLog,
  'restricted-users': checkRestrictedUsers,
  'message-trace': checkMessageTrace,
};
