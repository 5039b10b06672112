import type { Problem } from '../catalog/problemCodes';
import type { Catalog } from '../catalog/catalog';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale, LIFTERS } from '../catalog/schema';
import type { CheckResult, Finding } from '../checks/checkResult';
import { InputError } from '../errors/errors';
import type { TriageResult } from '../recognize/triage';
import type { CaseLabels } from '../catalog/caseLabelKeys';
import {
  CASE_LIMITS,
  CaseSummarySchema,
  REFERENCE_ALPHABET,
  type CaseEvidence,
  type CaseFinding,
  type CasePrerequisite,
  type CaseSummary,
  type NdrSample,
  type OpenItem,
  type PrerequisiteStatus,
} from './caseSummary';
import { TRUNCATED, cleanOptional, cleanText } from './sanitize';
import { canonicalGuid } from '../text/guid';
import { evidenceName, itemsNotDone, type PrerequisiteOutcome } from './prerequisiteOutcome';
import { compactUtcDate } from '../time/formatUtc';

export interface PrerequisiteInput {
  readonly id: string;
  readonly outcome: PrerequisiteOutcome;
}

/** Everything gathered in the conversation; text fields are as the user typed them (null when not given). */
export interface CaseInput {
  readonly triage: TriageResult | null;
  readonly blockId: string;
  /** The NDR as pasted, or null. */
  readonly ndrText: string | null;
  /** The attached file the NDR came from, listed with the evidence; null when it was pasted or typed. */
  readonly ndrFile?: string | null;
  readonly tenant: { readonly name: string | null; readonly defaultDomain: string | null; readonly id: string | null };
  readonly contact: { readonly name: string | null; readonly email: string | null; readonly phone: string | null };
  /** BCP 47 tag of the language the contact wants to be answered in. */
  readonly preferredLanguage: string | null;
  readonly affectedUsers: number | null;
  /** The count is an estimate ("about 40"). */
  readonly affectedUsersApproximate?: boolean;
  readonly impactDescription: string | null;
  readonly blockStartedAt: Date | null;
  /** The restriction alert read through Microsoft Graph, when it was. */
  readonly restrictionAlert?: { readonly title: string; readonly description: string | null; readonly raisedAt: string } | null;
  readonly prerequisites: readonly PrerequisiteInput[];
  readonly actionsTaken: readonly string[];
  readonly summaryLanguage: CatalogLocale;
}

export interface CaseDeps {
  readonly catalog: Pick<Catalog, 'blocks' | 'prerequisites'>;
  /** Case wording in the summary language. */
  readonly messages: CaseLabels;
  /** A finding's wording in the summary language (from knowledge). */
  readonly findingText: (finding: Finding) => string;
  /** A problem's wording in the summary language (from knowledge). */
  readonly problemText: (problem: Problem) => string;
  /** Uniform in [0, 1), like Math.random; used for the reference only. */
  readonly random: () => number;
  readonly now: Date;
}

/**
 * Builds the support case from what the conversation gathered: free text is stripped of control characters,
 * redacted and capped; the result is validated. Throws an InputError when the block or a prerequisite is
 * unknown or a value is not usable (bad e-mail, tenant ID, language tag, date…).
 */
export function buildCase(input: CaseInput, deps: CaseDeps): CaseSummary {
  const lang = input.summaryLanguage;
  const block = deps.catalog.blocks.find((b) => b.id === input.blockId);
  if (!block) throw new InputError(`Unknown block "${input.blockId}"`);
  if (input.blockStartedAt && Number.isNaN(input.blockStartedAt.getTime())) throw new InputError('The block start date is not a valid date');

  const tenantId = cleanOptional(input.tenant.id, CASE_LIMITS.short);
  const prerequisites: CasePrerequisite[] = [];
  const openItems: OpenItem[] = [];
  const evidence: CaseEvidence[] = [];
  const ndrFile = cleanOptional(input.ndrFile ?? null, CASE_LIMITS.short);
  if (ndrFile) evidence.push({ name: ndrFile, format: 'NDR', records: 1 });
  for (const p of input.prerequisites) {
    const known = deps.catalog.prerequisites.get(p.id);
    if (!known) throw new InputError(`Unknown prerequisite "${p.id}"`);
    const entry: CasePrerequisite = { id: p.id, title: known.title[lang], ...outcomeOf(p.outcome, itemsNotDone(known, p.outcome, lang), deps) };
    prerequisites.push(entry);
    if (entry.status !== 'met') openItems.push({ id: entry.id, title: entry.title, status: entry.status, fix: known.fix[lang] });
    if (p.outcome.kind === 'checked') {
      evidence.push({
        name: cleanText(evidenceName(p.id, p.outcome.result.format, p.outcome.file, p.outcome.readAt !== undefined), CASE_LIMITS.short) || p.id,
        format: p.outcome.result.format,
        records: p.outcome.result.recordsRead,
      });
    }
  }

  const lifter: (typeof LIFTERS)[number] = block.liftedBy.includes('microsoft-support') ? 'microsoft-support' : block.liftedBy[0]!;
  // Support is asked to lift the block only when our own checks say every prerequisite is met.
  const ready = openItems.length === 0;
  const candidate: CaseSummary = {
    schemaVersion: 3,
    reference: makeReference(deps.now, deps.random),
    createdAt: deps.now.toISOString(),
    language: lang,
    preferredLanguage: cleanOptional(input.preferredLanguage, CASE_LIMITS.short),
    tenant: {
      name: cleanOptional(input.tenant.name, CASE_LIMITS.short),
      defaultDomain: cleanOptional(input.tenant.defaultDomain, CASE_LIMITS.short)?.toLowerCase() ?? null,
      id: tenantId === null ? null : canonicalGuid(tenantId),
    },
    contact: {
      name: cleanOptional(input.contact.name, CASE_LIMITS.short),
      email: cleanOptional(input.contact.email, CASE_LIMITS.email),
      phone: cleanOptional(input.contact.phone, CASE_LIMITS.short),
    },
    block: {
      code: block.id,
      smtpText: block.smtpText,
      title: block.title[lang],
      firstSeen: input.blockStartedAt ? input.blockStartedAt.toISOString() : null,
      alert: restrictionAlertOf(input.restrictionAlert ?? null),
    },
    codes: [...new Set([block.id, ...(input.triage?.codes ?? []).map((c) => c.enhanced)])].slice(0, CASE_LIMITS.items),
    ndrSamples: ndrSamples(input.ndrText, input.triage),
    impact: { affectedUsers: input.affectedUsers, affectedUsersApproximate: input.affectedUsers !== null && input.affectedUsersApproximate === true, description: cleanOptional(input.impactDescription, CASE_LIMITS.text) },
    ready,
    prerequisites,
    openItems,
    actionsTaken: cleanList(input.actionsTaken, CASE_LIMITS.text),
    askOfSupport: fill(ready ? deps.messages[`case.request.${lifter}`] : deps.messages['case.request.notReady'], { code: block.id }),
    evidence,
  };

  const parsed = CaseSummarySchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new InputError(`The support case is not valid: ${issues.join('; ')}`);
  }
  return parsed.data;
}

const STATUS_OF_VERDICT: Readonly<Record<CheckResult['verdict'], PrerequisiteStatus>> = { pass: 'met', fail: 'not-met', unknown: 'unknown' };

/** The alert as the case keeps it: cleaned and capped; null when it has no title or no valid time. */
function restrictionAlertOf(alert: CaseInput['restrictionAlert'] | null): CaseSummary['block']['alert'] {
  if (!alert) return null;
  const title = cleanOptional(alert.title, CASE_LIMITS.short);
  const raisedAt = new Date(alert.raisedAt);
  if (title === null || Number.isNaN(raisedAt.getTime())) return null;
  return { title, description: cleanOptional(alert.description, CASE_LIMITS.text), raisedAt: raisedAt.toISOString() };
}

function outcomeOf(outcome: PrerequisiteOutcome, notDoneItems: readonly string[], deps: CaseDeps): Pick<CasePrerequisite, 'status' | 'basis' | 'readAt' | 'findings'> {
  switch (outcome.kind) {
    case 'checked': {
      // One more than we keep, so that capList can tell the list was cut.
      const read = <T>(list: readonly T[]) => list.slice(0, CASE_LIMITS.items + 1);
      const findings: CaseFinding[] = [
        ...read(outcome.result.findings).map((f) => ({ severity: f.severity, text: cleanText(deps.findingText(f), CASE_LIMITS.text) })),
        ...read(outcome.result.problems).map((p) => ({ severity: 'warning' as const, text: cleanText(deps.problemText(p), CASE_LIMITS.text) })),
      ].filter((f) => f.text !== '');
      const readAt = outcome.readAt !== undefined && !Number.isNaN(new Date(outcome.readAt).getTime()) ? new Date(outcome.readAt).toISOString() : null;
      return {
        status: STATUS_OF_VERDICT[outcome.result.verdict],
        basis: readAt === null ? 'pasted' : 'graph',
        readAt,
        findings: capList(findings, { severity: 'info', text: TRUNCATED }),
      };
    }
    case 'answered': {
      const note = cleanOptional(outcome.note, CASE_LIMITS.text);
      const notDone = cleanList(notDoneItems, CASE_LIMITS.text);
      const findings: CaseFinding[] = [
        ...(notDone.length > 0 ? [{ severity: 'problem' as const, text: cleanText(fill(deps.messages['case.notDone'], { items: itemList(notDone, deps.messages) }), CASE_LIMITS.text) }] : []),
        ...(note ? [{ severity: 'info' as const, text: note }] : []),
      ];
      return { status: outcome.answer === 'yes' ? 'met' : 'not-met', basis: 'self-attested', readAt: null, findings };
    }
    case 'attested':
      return { status: 'met', basis: 'self-attested', readAt: null, findings: [{ severity: 'info', text: deps.messages['case.attested'] }] };
    case 'cannotRun':
      return { status: 'unknown', basis: 'skipped', readAt: null, findings: [{ severity: 'warning', text: deps.messages['case.cannotRun'] }] };
    case 'skipped':
      return { status: 'skipped', basis: 'skipped', readAt: null, findings: [] };
  }
}

/** Checklist items in one sentence: each without its full stop, joined as the language joins a list ("a; b", "a ; b", "a；b"). */
function itemList(items: readonly string[], labels: CaseLabels): string {
  return items.map((i) => i.replace(/[.。]$/, '')).reduce((list, next) => fill(labels['case.itemSeparator'], { first: list, rest: next }));
}

function ndrSamples(ndrText: string | null, triage: TriageResult | null): NdrSample[] {
  const text = ndrText === null ? '' : cleanText(ndrText, CASE_LIMITS.ndrSample, true);
  if (text === '') return [];
  return [
    {
      text,
      generatingServer: cleanOptional(triage?.generatingServer, CASE_LIMITS.short),
      arrivalTime: cleanOptional(triage?.arrivalTime, CASE_LIMITS.short),
      recipients: cleanList(triage?.recipients ?? [], CASE_LIMITS.short),
    },
  ];
}

/** Cleans each entry, drops blank ones, and keeps at most CASE_LIMITS.items (the last one then says so). */
function cleanList(items: readonly string[], max: number): string[] {
  const cleaned: string[] = [];
  for (const item of items) {
    if (cleaned.length > CASE_LIMITS.items) break;
    const s = cleanText(item, max);
    if (s !== '') cleaned.push(s);
  }
  return capList(cleaned, TRUNCATED);
}

function capList<T>(items: readonly T[], marker: T): T[] {
  return items.length <= CASE_LIMITS.items ? [...items] : [...items.slice(0, CASE_LIMITS.items - 1), marker];
}

/** "NDR-20261123-7K3Q": the UTC date of `now` and four characters drawn from `random`. */
function makeReference(now: Date, random: () => number): string {
  const date = compactUtcDate(now);
  let tail = '';
  for (let i = 0; i < 4; i += 1) {
    const index = Math.min(REFERENCE_ALPHABET.length - 1, Math.max(0, Math.floor(random() * REFERENCE_ALPHABET.length)));
    tail += REFERENCE_ALPHABET.charAt(index);
  }
  return `NDR-${date}-${tail}`;
}
