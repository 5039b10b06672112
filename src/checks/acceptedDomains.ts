import { problem, type Problem } from '../catalog/problemCodes';
import type { Checker } from './checkResult';
import { field, parseExport, text, type ExportRecord, type ExportValue, type ParsedExport } from './exports/parseExport';
import { startCheck } from './checkBuilder';
import { isSubdomainOf, normalizeDomain, splitWildcard, wildcardOf } from './acceptedDomainMatch';

/**
 * Checks that every domain the tenant sends from is one of its accepted domains, from `Get-AcceptedDomain` output
 * (Format-Table, Format-List, ConvertTo-Json, Export-Csv), the Graph domains list (`GET /v1.0/domains`), or
 * domains typed one per line. A subdomain is accepted only through an entry set up for subdomains
 * (MatchSubDomains, or a "*.contoso.com" entry); the Graph list names every subdomain itself.
 */
export const ACCEPTED_DOMAINS_FINDINGS = [
  'accepted-domain-sending-accepted',
  'accepted-domain-sending-not-accepted',
  'accepted-domain-sending-unverified',
  'accepted-domain-unverified',
  'accepted-domain-subdomain-unclear',
  'accepted-domain-cut-off',
  'accepted-domain-which-sending',
] as const;
type Code = (typeof ACCEPTED_DOMAINS_FINDINGS)[number];

/** One accepted domain as the evidence shows it. */
interface AcceptedDomain {
  /** Lower case, without a leading "*.". */
  readonly name: string;
  /** Also accepts its subdomains; null when the evidence does not say (a table or a typed list). */
  readonly subdomains: boolean | null;
  /** False for a Graph domain whose ownership is not verified yet: Exchange does not accept it. */
  readonly verified: boolean;
  /** Format-Table cut the name short: `shown` is what it printed ("fabrikam-hold..."), `name` the part before "...". */
  readonly cutOff: boolean;
  readonly shown: string;
  /** The export marks it as the tenant's default domain (`Default: True`, Graph `isDefault`). */
  readonly isDefault?: boolean;
  /** The export marks it as the tenant's initial domain (`InitialDomain: True`, Graph `isInitial`). */
  readonly isInitial?: boolean;
}

interface Reading {
  readonly parsed: ParsedExport;
  readonly domains: readonly AcceptedDomain[];
  readonly problems: readonly Problem[];
}

const DOMAIN = /^(\*\.)?(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}][\p{L}\p{N}-]*$/u;
const CUT_OFF = /(\.\.\.|…)$/;
/** Fields only a Graph domain resource has; Exchange objects carry none of them. */
const GRAPH_FIELDS = ['isVerified', 'isDefault', 'isInitial', 'isRoot', 'authenticationType', 'supportedServices'];

export const checkAcceptedDomains: Checker = (evidence, context) => {
  const { parsed, domains, problems: readingProblems } = readAcceptedDomains(evidence);
  const { problems, add, done } = startCheck<Code>('accepted-domains', parsed, [...readingProblems]);
  if (domains.length === 0) return done();

  const sending = [...new Set(context.sendingDomains.map(normalizeDomain).filter((d) => d !== ''))];
  for (const domain of sending) {
    const outcome = matchSendingDomain(domain, domains);
    switch (outcome.kind) {
      case 'accepted':
        add('accepted-domain-sending-accepted', 'info', { domain, acceptedAs: outcome.acceptedAs });
        break;
      case 'unverified':
        add('accepted-domain-sending-unverified', 'problem', { domain });
        break;
      case 'unclear':
        add('accepted-domain-subdomain-unclear', 'question', { domain, parent: outcome.parent });
        break;
      case 'cut-off':
        add('accepted-domain-cut-off', 'question', { domain, shown: outcome.shown });
        break;
      case 'missing':
        add('accepted-domain-sending-not-accepted', 'problem', { domain });
        break;
    }
  }
  for (const d of domains) {
    if (!d.verified && !sending.includes(d.name)) add('accepted-domain-unverified', 'warning', { domain: d.name });
  }
  if (sending.length === 0) {
    if (domains.some((d) => d.cutOff)) {
      problems.push(problem('accepted-domains-names-cut-off'));
    }
    const accepted = domains.filter((d) => d.verified && !d.cutOff).map(display);
    add('accepted-domain-which-sending', 'question', { accepted: accepted.join(', ') });
  }
  return done();
};

/**
 * The accepted domains in pasted evidence, lower case, for later checks. An entry that also accepts its subdomains
 * is listed twice, as "contoso.com" and "*.contoso.com". Unverified Graph domains and names a table cut short are
 * left out. Empty when nothing could be read.
 */
export function acceptedDomainNames(evidence: string): string[] {
  const names = readAcceptedDomains(evidence)
    .domains.filter((d) => d.verified && !d.cutOff)
    .flatMap((d) => (d.subdomains === true ? [d.name, wildcardOf(d.name)] : [d.name]));
  return [...new Set(names)];
}

/** The tenant's initial domain; the routing domain <name>.mail.onmicrosoft.com has a dot more and does not match. */
const INITIAL_DOMAIN = /^[a-z0-9][a-z0-9-]*\.onmicrosoft\.com$/;

/**
 * What an accepted-domains export tells about the tenant: its default domain (marked `Default: True`, or Graph's
 * `isDefault`) and its initial <name>.onmicrosoft.com domain, which names the tenant for Support. Null when not shown.
 */
export function tenantDomains(evidence: string): { readonly defaultDomain: string | null; readonly initialDomain: string | null } {
  const domains = readAcceptedDomains(evidence).domains.filter((d) => d.verified && !d.cutOff);
  return {
    defaultDomain: domains.find((d) => d.isDefault === true)?.name ?? null,
    initialDomain: (domains.find((d) => d.isInitial === true) ?? domains.find((d) => INITIAL_DOMAIN.test(d.name)))?.name ?? null,
  };
}

type Outcome =
  | { kind: 'accepted'; acceptedAs: string }
  | { kind: 'unverified' }
  | { kind: 'unclear'; parent: string }
  | { kind: 'cut-off'; shown: string }
  | { kind: 'missing' };

function matchSendingDomain(domain: string, domains: readonly AcceptedDomain[]): Outcome {
  const complete = domains.filter((d) => !d.cutOff);
  const exact = complete.find((d) => d.name === domain);
  if (exact) return exact.verified ? { kind: 'accepted', acceptedAs: exact.name } : { kind: 'unverified' };
  // Parents from the closest ("sales.contoso.com") to the farthest ("contoso.com").
  const parents = complete
    .filter((d) => d.verified && isSubdomainOf(domain, d.name))
    .sort((a, b) => b.name.length - a.name.length);
  const covering = parents.find((d) => d.subdomains === true);
  if (covering) return { kind: 'accepted', acceptedAs: wildcardOf(covering.name) };
  const unclear = parents.find((d) => d.subdomains === null);
  if (unclear) return { kind: 'unclear', parent: unclear.name };
  // A name cut short could be this domain, or a parent of it.
  const suffixes = domain.split('.').map((_, i, labels) => labels.slice(i).join('.'));
  const cut = domains.find((d) => d.cutOff && suffixes.some((s) => s.startsWith(d.name)));
  if (cut) return { kind: 'cut-off', shown: cut.shown };
  return { kind: 'missing' };
}

function readAcceptedDomains(evidence: string): Reading {
  const parsed = parseExport(evidence);
  const problems = [...parsed.problems];
  const reading = (domains: AcceptedDomain[]): Reading => ({ parsed, domains: merge(domains), problems });

  if (parsed.format === 'empty') {
    problems.push(problem('accepted-domains-nothing-pasted'));
    return reading([]);
  }
  if (parsed.format === 'lines') return reading(typedDomains(parsed.records, problems));

  const domains: AcceptedDomain[] = [];
  let skipped = 0;
  for (const record of parsed.records) {
    const d = isGraphDomain(record) ? graphDomain(record) : exchangeDomain(record);
    if (d) domains.push(d);
    else skipped++;
  }
  if (domains.length === 0 && parsed.records.length > 0) {
    problems.push(problem('accepted-domains-not-domains'));
  } else if (skipped > 0) {
    problems.push(problem('accepted-domains-skipped', { count: skipped }));
  }
  if (domains.length === 0 && parsed.records.length === 0 && problems.length === 0) {
    problems.push(problem('accepted-domains-none'));
  }
  return reading(domains);
}

/** A Graph domain resource: an id and no DomainName; Exchange objects also have an Identity. */
function isGraphDomain(record: ExportRecord): boolean {
  if (field(record, 'DomainName') !== undefined || field(record, 'id') === undefined) return false;
  return GRAPH_FIELDS.some((f) => field(record, f) !== undefined) || field(record, 'Identity') === undefined;
}

function graphDomain(record: ExportRecord): AcceptedDomain | null {
  const name = normalizeDomain(text(record, 'id'));
  if (!DOMAIN.test(name)) return null;
  return {
    name,
    subdomains: false,
    verified: bool(field(record, 'isVerified')) !== false,
    cutOff: false,
    shown: name,
    isDefault: bool(field(record, 'isDefault')) === true,
    isInitial: bool(field(record, 'isInitial')) === true,
  };
}

/**
 * Get-AcceptedDomain: DomainName is "contoso.com" or "*.contoso.com", or with ConvertTo-Json in Windows PowerShell
 * an object {Domain, Address, IncludeSubDomains, IsStar}. MatchSubDomains says whether subdomains are accepted.
 */
function exchangeDomain(record: ExportRecord): AcceptedDomain | null {
  const raw = field(record, 'DomainName');
  let shown: string;
  let wildcard = false;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as ExportRecord;
    shown = text(o, 'Domain', 'Address', 'SmtpDomain');
    wildcard = bool(field(o, 'IncludeSubDomains')) === true;
  } else {
    shown = text(record, 'DomainName');
    // A table without the DomainName column still has Name, which defaults to the domain.
    if (shown.trim() === '' && raw === undefined) shown = text(record, 'Name', 'Identity');
  }
  shown = shown.trim();
  const cutOff = CUT_OFF.test(shown);
  const entry = splitWildcard(shown.replace(CUT_OFF, ''));
  if (entry.wildcard) wildcard = true;
  const name = entry.name;
  if (cutOff) return name === '' ? null : { name, subdomains: null, verified: true, cutOff: true, shown };
  if (!DOMAIN.test(name)) return null;
  const match = bool(field(record, 'MatchSubDomains'));
  const subdomains = wildcard || match === true ? true : match === false ? false : null;
  return { name, subdomains, verified: true, cutOff: false, shown, isDefault: bool(field(record, 'Default')) === true, isInitial: bool(field(record, 'InitialDomain')) === true };
}

/** Domains typed one per line (or several on a line, separated by commas, semicolons or spaces). */
function typedDomains(records: readonly ExportRecord[], problems: Problem[]): AcceptedDomain[] {
  const domains: AcceptedDomain[] = [];
  const unreadable: string[] = [];
  for (const record of records) {
    const line = text(record, 'value').trim();
    const tokens = line
      .split(/[\s,;]+/)
      .map((t) => normalizeDomain(t.replace(/^["']|["']$/g, '')))
      .filter((t) => t !== '');
    if (tokens.length === 0 || !tokens.every((t) => DOMAIN.test(t))) {
      unreadable.push(line);
      continue;
    }
    for (const t of tokens) {
      const { name, wildcard } = splitWildcard(t);
      domains.push({ name, subdomains: wildcard ? true : null, verified: true, cutOff: false, shown: t });
    }
  }
  if (unreadable.length > 0) {
    const sample = unreadable.slice(0, 3).map((l) => `"${l.length > 60 ? `${l.slice(0, 60)}…` : l}"`).join(', ');
    problems.push(
      domains.length === 0
        ? problem('accepted-domains-unreadable-all', { sample })
        : problem('accepted-domains-unreadable-lines', { count: unreadable.length, sample }),
    );
  }
  return domains;
}

/** One entry per name: subdomains accepted if any entry says so; verified if any entry is. */
function merge(domains: readonly AcceptedDomain[]): AcceptedDomain[] {
  const byName = new Map<string, AcceptedDomain>();
  for (const d of domains) {
    const key = `${d.cutOff ? '…' : ''}${d.name}`;
    const seen = byName.get(key);
    if (!seen) {
      byName.set(key, d);
      continue;
    }
    const subdomains = seen.subdomains === true || d.subdomains === true ? true : seen.subdomains === false || d.subdomains === false ? false : null;
    byName.set(key, { ...seen, subdomains, verified: seen.verified || d.verified });
  }
  return [...byName.values()];
}

function display(d: AcceptedDomain): string {
  return d.subdomains === true ? wildcardOf(d.name) : d.name;
}

/** JSON booleans or "True"/"False" (Format-List, CSV); null when absent or unreadable. */
function bool(v: ExportValue | undefined): boolean | null {
  if (typeof v === 'boolean') return v;
  const s = String(v ?? '').trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : null;
}
