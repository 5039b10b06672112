import { problem, type Problem } from '../catalog/problemCodes';
import type { CheckContext, Checker } from './checkResult';
import { date, dateColumnOrder, field, list, parseExport, text, type ExportRecord } from './exports/parseExport';
import type { DateOrder } from '../time/parseDate';
import { startCheck } from './checkBuilder';
import { formatUtc } from '../time/formatUtc';

/**
 * Checks `Get-InboundConnector` output (Format-List, ConvertTo-Json, Export-Csv) for the usual relay paths:
 * OnPremises connectors locked to neither a certificate nor IP addresses, sender domain `*`, broad IP ranges,
 * connectors created or changed in the week before the block, and connectors the admin has not confirmed.
 */
export const INBOUND_CONNECTORS_FINDINGS = [
  'inbound-connector-none',
  'inbound-connector-count',
  'inbound-connector-disabled',
  'inbound-connector-unrestricted',
  'inbound-connector-any-sender-domain',
  'inbound-connector-broad-ip-range',
  'inbound-connector-created-before-block',
  'inbound-connector-changed-before-block',
  'inbound-connector-created-recently',
  'inbound-connector-changed-recently',
  'inbound-connector-unrecognised',
] as const;
type Code = (typeof INBOUND_CONNECTORS_FINDINGS)[number];

/** The fields the prerequisite's Format-List asks for; without them part of the check cannot be done. */
const EXPECTED_FIELDS = [
  'Name',
  'Enabled',
  'ConnectorType',
  'SenderDomains',
  'SenderIPAddresses',
  'TlsSenderCertificateName',
  'RestrictDomainsToCertificate',
  'RestrictDomainsToIPAddresses',
  'WhenCreatedUTC',
  'WhenChangedUTC',
] as const;

/** More addresses than this in one SenderIPAddresses entry (a /24) is a broad range. */
const MAX_RANGE_SIZE = 256;
const DAY_MS = 24 * 60 * 60 * 1000;
const RECENT_DAYS = 7;

/** The week in which a change is suspicious: the 7 days before the block started, or the last 7 days. */
export interface ChangeWindow {
  readonly from: Date;
  readonly to: Date;
  /** The block start when known; null means the window ends now. */
  readonly blockStartedAt: Date | null;
}

export function changeWindow(context: CheckContext): ChangeWindow {
  const to = context.blockStartedAt ?? context.now;
  return { from: new Date(to.getTime() - RECENT_DAYS * DAY_MS), to, blockStartedAt: context.blockStartedAt };
}

export function inWindow(when: Date | null, window: ChangeWindow): when is Date {
  return when !== null && when.getTime() >= window.from.getTime() && when.getTime() <= window.to.getTime();
}


export const checkInboundConnectors: Checker = (evidence, context) => {
  const parsed = parseExport(evidence);
  const { problems, add, done } = startCheck<Code>('inbound-connectors', parsed);

  if (parsed.records.length === 0) {
    // Get-InboundConnector prints nothing (ConvertTo-Json: nothing or "[]") when there is no connector.
    if (problems.length === 0) add('inbound-connector-none', 'info', {});
    return done();
  }

  const connectors = parsed.records.filter((r) => text(r, 'Name', 'Identity').trim() !== '');
  if (connectors.length === 0) {
    problems.push(problem('inbound-no-name'));
    return done();
  }
  if (connectors.length < parsed.records.length) {
    problems.push(problem('inbound-skipped', { count: parsed.records.length - connectors.length }));
  }
  const missing = EXPECTED_FIELDS.filter((f) => connectors.every((r) => field(r, f) === undefined));
  if (missing.length > 0) {
    problems.push(problem('inbound-missing-fields', { fields: missing.join(', ') }));
  }

  const window = changeWindow(context);
  const known = new Set(context.knownConnectors.map((n) => n.trim().toLowerCase()));
  const enabledCount = connectors.filter((r) => bool(r, 'Enabled') !== false).length;
  add('inbound-connector-count', 'info', { count: connectors.length, enabled: enabledCount });

  const order = dateColumnOrder(connectors, ['WhenCreatedUTC', 'WhenChangedUTC'], context.dateOrder ?? null, problems);
  for (const r of connectors) {
    const name = text(r, 'Name', 'Identity').trim();
    if (bool(r, 'Enabled') === false) {
      add('inbound-connector-disabled', 'info', { name });
      continue;
    }
    const type = text(r, 'ConnectorType').trim().toLowerCase();
    const partner = type === 'partner';
    const domains = values(r, 'SenderDomains', name, problems).map(senderDomain).filter((d) => d !== '');
    const ips = values(r, 'SenderIPAddresses', name, problems);

    const certificate = text(r, 'TlsSenderCertificateName').trim() !== '' || bool(r, 'RestrictDomainsToCertificate') === true;
    const addresses = ips.length > 0 || bool(r, 'RestrictDomainsToIPAddresses') === true;
    if (type === 'onpremises' && !certificate && !addresses) add('inbound-connector-unrestricted', 'problem', { name });
    if (domains.includes('*')) add('inbound-connector-any-sender-domain', 'warning', { name });
    for (const ip of ips) {
      const size = rangeSize(ip);
      // An OnPremises connector lets matching mail relay to the internet, a Partner connector does not (unknown type: as OnPremises).
      if (size !== null && size > MAX_RANGE_SIZE) add('inbound-connector-broad-ip-range', partner ? 'warning' : 'problem', { name, range: ip, addresses: size });
    }

    const created = checkedDate(r, 'WhenCreatedUTC', name, order, context.now, problems);
    const changed = checkedDate(r, 'WhenChangedUTC', name, order, context.now, problems);
    const recent = (when: Date, before: Code, lately: Code) =>
      window.blockStartedAt
        ? add(before, 'warning', { name, date: formatUtc(when), blockStart: formatUtc(window.blockStartedAt) })
        : add(lately, 'warning', { name, date: formatUtc(when) });
    // A change in the same week as the creation is part of the same story: report the creation only.
    if (inWindow(created, window)) recent(created, 'inbound-connector-created-before-block', 'inbound-connector-created-recently');
    else if (inWindow(changed, window)) recent(changed, 'inbound-connector-changed-before-block', 'inbound-connector-changed-recently');

    if (!known.has(name.toLowerCase())) add('inbound-connector-unrecognised', 'question', { name });
  }
  return done();
};

/** "True"/"False" (Format-List, CSV) or JSON booleans; null when absent or unreadable. */
function bool(record: ExportRecord, name: string): boolean | null {
  const v = field(record, name);
  if (typeof v === 'boolean') return v;
  const s = String(v ?? '').trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : null;
}

/**
 * A multi-valued field's entries. Reports values that cannot be trusted: a type name instead of the values
 * (Export-Csv of a list) and lists that Format-List cut short ("{a, b, c, d...}").
 */
function values(record: ExportRecord, name: string, connector: string, problems: Problem[]): string[] {
  const raw = text(record, name).trim();
  if (/^(System|Microsoft\.Exchange)\.[\w.`]+(\[.*\])?$/.test(raw)) {
    problems.push(problem('inbound-values-as-type', { field: name, connector, raw }));
    return [];
  }
  const truncated = /(\.\.\.|…)\}?$/.test(raw);
  if (truncated) {
    problems.push(problem('inbound-list-cut-off', { field: name, connector }));
  }
  return list(record, name)
    .flatMap((v) => v.split(/\s+/))
    .map((v) => v.replace(/(\.\.\.|…)$/, ''))
    .filter((v) => v !== '');
}

/** SenderDomains holds address spaces: "smtp:contoso.com;1" (the ";1" may arrive as its own entry). */
function senderDomain(entry: string): string {
  if (/^\d+$/.test(entry)) return '';
  return entry.replace(/^smtp:/i, '').replace(/;\d+$/, '').toLowerCase();
}

/** Number of IPv4 addresses in "a.b.c.d", "a.b.c.d/n" or "a.b.c.d-e.f.g.h"; null for anything else (IPv6). */
function rangeSize(entry: string): number | null {
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(entry);
  if (cidr) {
    const bits = Number(cidr[2]);
    return ipv4(cidr[1]!) === null || bits > 32 ? null : 2 ** (32 - bits);
  }
  const range = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(entry);
  if (range) {
    const a = ipv4(range[1]!);
    const b = ipv4(range[2]!);
    return a === null || b === null ? null : Math.abs(b - a) + 1;
  }
  return ipv4(entry) === null ? null : 1;
}

function ipv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** A UTC date field; reports it when unreadable, or later than now (day and month swapped by the export's culture). */
function checkedDate(record: ExportRecord, name: string, connector: string, order: DateOrder, now: Date, problems: Problem[]): Date | null {
  const raw = text(record, name).trim();
  if (raw === '') return null; // a wholly missing column is reported once for the export
  const when = date(record, name, order);
  if (when === null) {
    problems.push(problem('inbound-date-unreadable', { field: name, connector, raw }));
    return null;
  }
  if (when.getTime() > now.getTime() + DAY_MS) {
    problems.push(problem('inbound-date-future', { field: name, connector, raw }));
    return null;
  }
  return when;
}
