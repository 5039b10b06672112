import type { MessageKey } from '../catalog/messageKeys';
import { parseDate } from '../time/parseDate';
import { parseCount } from './parseCount';
import type { CaseDetails, TriageSession } from './session';
import { parseGuid } from '../text/guid';

/** The case details, in the order they are asked. */
export const CASE_FIELDS = ['tenantName', 'tenantId', 'contactName', 'email', 'phone', 'startedAt', 'affectedUsers', 'ndrText'] as const;
export type CaseField = (typeof CASE_FIELDS)[number];

export const CASE_FIELD_PROMPTS: Readonly<Record<CaseField, MessageKey>> = {
  tenantName: 'case.ask.tenantName',
  tenantId: 'case.ask.tenantId',
  contactName: 'case.ask.contactName',
  email: 'case.ask.email',
  phone: 'case.ask.phone',
  startedAt: 'case.ask.startedAt',
  affectedUsers: 'case.ask.affectedUsers',
  ndrText: 'case.ask.ndrText',
};

/** Characters of the NDR kept with the conversation (a typed answer is cut the same). */
const MAX_NDR_TEXT = 20_000;

/** Fills what the NDR or the description already told (arrival time, tenant id, the NDR itself, the sender's domain). */
export function prefillDetails(session: TriageSession, ndrText: string | null): void {
  const t = session.triage;
  if (!t) return;
  session.details.startedAt ??= t.arrivalTime;
  session.details.tenantId ??= t.tenantId;
  // An attached NDR can be megabytes; the case keeps a sample of it anyway.
  if (ndrText && t.codes.length > 0) session.details.ndrText ??= ndrText.slice(0, MAX_NDR_TEXT);
  if (t.senderDomain && !session.sendingDomains.includes(t.senderDomain)) session.sendingDomains.push(t.senderDomain);
}

/** The next detail still unknown and not yet asked, or null when the case has what it needs. */
export function nextMissingField(details: CaseDetails, asked: readonly string[]): CaseField | null {
  return CASE_FIELDS.find((f) => !isKnown(details, f) && !asked.includes(f)) ?? null;
}

/** A field is known when it has a value; the tenant is also known by the default domain an export marked. */
function isKnown(details: CaseDetails, field: CaseField): boolean {
  if (field === 'tenantName' && details.defaultDomain) return true;
  return details[field] !== null;
}

export type FieldParse =
  | { readonly ok: true; readonly value: string | number; readonly approximate?: boolean }
  | { readonly ok: false; readonly error: MessageKey };

const EMAIL = /^[^\s@<>]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Reads a typed answer for one detail; a clear error key when it is not usable. */
export function parseField(field: CaseField, text: string, now: Date): FieldParse {
  const value = text.trim().slice(0, field === 'ndrText' ? MAX_NDR_TEXT : 200);
  switch (field) {
    case 'tenantId': {
      const guid = parseGuid(value);
      return guid !== null ? { ok: true, value: guid } : { ok: false, error: 'case.invalid.tenantId' };
    }
    case 'email':
      return EMAIL.test(value) ? { ok: true, value: value.toLowerCase() } : { ok: false, error: 'case.invalid.email' };
    case 'affectedUsers': {
      const count = parseCount(value);
      if (!count) return { ok: false, error: 'case.invalid.number' };
      return count.approximate ? { ok: true, value: count.value, approximate: true } : { ok: true, value: count.value };
    }
    case 'startedAt': {
      const when = parseDate(value, 'month-first');
      return when && when.getTime() <= now.getTime() + 86_400_000 ? { ok: true, value: when.toISOString() } : { ok: false, error: 'case.invalid.date' };
    }
    default:
      return value === '' ? { ok: false, error: CASE_FIELD_PROMPTS[field] } : { ok: true, value };
  }
}

/** Records a parsed answer; the field decides the type (a count is a number, everything else text). */
export function setDetail(details: CaseDetails, field: CaseField, value: string | number | null, approximate = false): void {
  if (field === 'affectedUsers') {
    details.affectedUsers = typeof value === 'number' ? value : null;
    details.affectedUsersApproximate = details.affectedUsers !== null && approximate;
  } else details[field] = value === null ? null : String(value);
}
