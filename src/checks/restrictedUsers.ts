import { problem } from '../catalog/problemCodes';
import type { Checker } from './checkResult';
import { date, dateColumnOrder, parseExport, text, type ExportRecord } from './exports/parseExport';
import type { DateOrder } from '../time/parseDate';
import { startCheck } from './checkBuilder';
import { formatUtc } from '../time/formatUtc';

/**
 * Checks `Get-BlockedSenderAddress` output (Format-List, Format-Table, ConvertTo-Json, Export-Csv, or addresses one
 * per line) for users on the restricted entities list: each of them was caught sending spam and must be secured
 * before it is released. An empty result means no user is restricted.
 */
export const RESTRICTED_USERS_FINDINGS = [
  'restricted-user',
  'restricted-user-undated',
  'restricted-user-no-reason',
  'restricted-user-listed',
  'restricted-users-none',
] as const;
type Code = (typeof RESTRICTED_USERS_FINDINGS)[number];

/** The Reason of a blocked sender, e.g. "Compromise detection: OutboundSpamLast24Hours=1203;OutboundSpamPercent=96;…". */
export interface BlockReason {
  /** The words before the details ("Compromise detection"); null when there are none. */
  readonly category: string | null;
  /** The details in the order given: "Key=value" and "Key:value" parts, known keys in their usual spelling. */
  readonly params: Readonly<Record<string, string>>;
  /** Parts that are neither, in order. */
  readonly notes: readonly string[];
  /** The text ends in "..." or "…" (a table cut it short); its last, incomplete part is left out. */
  readonly cutOff: boolean;
}

/** Known Reason keys, most telling first: the spam figures, then the sending limits. */
const TOP_KEYS = [
  'OutboundSpamPercent',
  'OutboundSpamLast24Hours',
  'OutboundMailLast24Hours',
  'ExceedingLimitType',
  'ExternalRecipientCountToday',
  'InternalRecipientCountToday',
  'TenantSubmissionRatio',
] as const;
/** Known keys that identify rather than explain; they are kept in `params` but not shown as reasons. */
const ID_KEYS = ['Last Spam Message MessagetraceId', 'CIP', 'AS'] as const;
const KNOWN_KEYS: readonly string[] = [...TOP_KEYS, ...ID_KEYS];
const TOP_REASONS = 3;
const CUT_OFF = /(\.\.\.|…)$/;
/** One `@` between non-blank parts, and a dot inside the domain (not its first or last character). */
function isAddress(s: string): boolean {
  if (!/^[^\s@]+@[^\s@]+$/.test(s)) return false;
  return s.slice(s.indexOf('@') + 2, -1).includes('.');
}

export const checkRestrictedUsers: Checker = (evidence, context) => {
  const parsed = parseExport(evidence);
  const { problems, add, done } = startCheck<Code>('restricted-users', parsed);

  if (parsed.records.length === 0) {
    // Get-BlockedSenderAddress prints nothing (ConvertTo-Json: nothing or "[]") when no user is restricted.
    if (problems.length === 0) add('restricted-users-none', 'info', {});
    return done();
  }

  const order = parsed.format === 'lines' ? 'month-first' : dateColumnOrder(parsed.records, SINCE_FIELDS, context.dateOrder ?? null, problems);
  const users = parsed.format === 'lines' ? typedAddresses(parsed.records) : parsed.records.map((r) => restrictedUser(r, order));
  const found = users.filter((u): u is RestrictedUser => u !== null);
  if (found.length === 0) {
    problems.push(problem('restricted-not-blocked-senders'));
    return done();
  }
  if (found.length < users.length) problems.push(problem('restricted-skipped', { count: users.length - found.length }));
  if (found.some((u) => u.cutOff)) {
    problems.push(problem('restricted-cut-off'));
  }

  for (const u of merge(found)) {
    const reasons = topReasons(u.reason);
    const params = { address: u.address };
    if (u.since && reasons) add('restricted-user', 'problem', { ...params, since: formatUtc(u.since), reasons });
    else if (reasons) add('restricted-user-undated', 'problem', { ...params, reasons });
    else if (u.since) add('restricted-user-no-reason', 'problem', { ...params, since: formatUtc(u.since) });
    else add('restricted-user-listed', 'problem', params);
  }
  return done();
};

/**
 * Reads a blocked sender's Reason: an optional "Category:" then details separated by ";", each "Key=value" or
 * "Key:value". Tolerant of spaces around the separators, empty parts, a trailing "...", and of spaces that
 * Format-List wrapping put inside a known key or a number ("OutboundSpamPer cent=96", "12 03").
 */
export function parseBlockReason(reason: string): BlockReason {
  let rest = reason.replace(/\s+/g, ' ').trim();
  const cutOff = CUT_OFF.test(rest);
  // "…;..." marks more parts left out; "…=12..." a part cut in the middle.
  const cutInPart = cutOff && !/;\s*(\.\.\.|…)$/.test(rest);
  rest = rest.replace(CUT_OFF, '').trim();
  let category: string | null = null;
  // "Category: key=value; …": a label before the first colon when what follows it (up to a ';') is a key=value.
  const head = /^([^=;:]+):\s/.exec(rest);
  const afterHead = head ? rest.slice(head[0].length - 1).trimStart() : '';
  if (head && afterHead.split(';', 1)[0]!.includes('=')) {
    category = head[1]!.trim();
    rest = afterHead;
  }
  const params: Record<string, string> = {};
  const notes: string[] = [];
  const parts = rest.split(';').map((p) => p.trim()).filter((p) => p !== '');
  // The last part of a cut-off text is incomplete ("OutboundSpamLast24Hours=12..." of 1203): leave it out.
  if (cutInPart) parts.pop();
  for (const part of parts) {
    const sep = part.search(/[=:]/);
    const rawKey = sep > 0 ? part.slice(0, sep).trimEnd() : '';
    if (rawKey.trim() === '' || rawKey.trim() === '__proto__') {
      notes.push(part);
      continue;
    }
    const key = canonicalKey(rawKey);
    const value = part.slice(sep + 1).trim();
    params[key] = /^[\d\s.,%]+$/.test(value) || /^[\da-f\s-]{36,}$/i.test(value) ? value.replace(/\s+/g, '') : value;
  }
  return { category, params, notes, cutOff };
}

/** "OutboundSpamPercent=96, OutboundSpamLast24Hours=1203, …" with the category in front; '' when nothing is known. */
function topReasons(reason: string): string {
  if (reason.trim() === '') return '';
  const { category, params, notes } = parseBlockReason(reason);
  const keys = Object.keys(params).filter((k) => !(ID_KEYS as readonly string[]).includes(k));
  const rank = (k: string) => {
    const i = (TOP_KEYS as readonly string[]).indexOf(k);
    return i === -1 ? TOP_KEYS.length : i;
  };
  const shown = [...keys]
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, TOP_REASONS)
    .map((k) => `${k}=${params[k]}`);
  const details = shown.length > 0 ? shown.join(', ') : notes.join(', ');
  return [category, details].filter((s) => s !== null && s !== '').join(': ');
}

/** A known key whatever the spacing and case ("outboundspam percent" → "OutboundSpamPercent"); others tidied. */
function canonicalKey(key: string): string {
  const squeeze = (k: string) => k.replace(/\s+/g, '').toLowerCase();
  return KNOWN_KEYS.find((k) => squeeze(k) === squeeze(key)) ?? key.replace(/\s+/g, ' ').trim();
}

interface RestrictedUser {
  readonly address: string;
  readonly since: Date | null;
  readonly reason: string;
  readonly cutOff: boolean;
}

const SINCE_FIELDS = ['CreatedDatetime', 'CreatedDate', 'CreationDate', 'Created', 'WhenCreatedUTC'];

function restrictedUser(record: ExportRecord, order: DateOrder): RestrictedUser | null {
  const shown = text(record, 'SenderAddress', 'Sender', 'User', 'UserPrincipalName', 'EmailAddress', 'Address').trim();
  const cutAddress = CUT_OFF.test(shown);
  const address = shown.toLowerCase();
  if (!cutAddress && !isAddress(address)) return null;
  if (cutAddress && !address.includes('@')) return null;
  const reason = text(record, 'Reason').trim();
  return {
    address,
    since: date(record, SINCE_FIELDS, order),
    reason,
    cutOff: cutAddress || CUT_OFF.test(reason),
  };
}

/** `Get-BlockedSenderAddress | Select -Expand SenderAddress`: one address per line. */
function typedAddresses(records: readonly ExportRecord[]): (RestrictedUser | null)[] {
  return records.map((r) => {
    const address = text(r, 'value').trim().toLowerCase();
    return isAddress(address) ? { address, since: null, reason: '', cutOff: false } : null;
  });
}

/** One entry per address, with the earliest date and the first reason given. */
function merge(users: readonly RestrictedUser[]): RestrictedUser[] {
  const byAddress = new Map<string, RestrictedUser>();
  for (const u of users) {
    const seen = byAddress.get(u.address);
    if (!seen) {
      byAddress.set(u.address, u);
      continue;
    }
    const since = seen.since && u.since ? (seen.since <= u.since ? seen.since : u.since) : (seen.since ?? u.since);
    byAddress.set(u.address, { ...seen, since, reason: seen.reason || u.reason });
  }
  return [...byAddress.values()];
}
