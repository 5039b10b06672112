import { EXPORT_FORMATS, type ExportFormat } from '../catalog/problemCodes';
import { fill } from '../catalog/messageKeys';
import type { CaseLabels } from '../catalog/caseLabelKeys';
import type { CaseEvidence, CasePrerequisite, CaseSummary, NdrSample, PrerequisiteStatus } from './caseSummary';
import { formatUtc } from '../time/formatUtc';

/**
 * What every human-readable rendering shows, in order, as label/value pairs of plain (unescaped) text.
 * Each renderer decides the layout and the escaping; none of them decides again what goes where.
 */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

export interface CaseFacts {
  readonly header: readonly Fact[];
  readonly tenant: readonly Fact[];
  readonly contact: readonly Fact[];
  readonly block: readonly Fact[];
  readonly impact: readonly Fact[];
  /** Whether Support may act on the case, first thing a reader sees. */
  readonly readiness: Fact;
}

export const STATUS_ICON: Readonly<Record<PrerequisiteStatus, string>> = { met: '✅', 'not-met': '❌', unknown: '⚠️', skipped: '⏭️' };

export function caseFacts(c: CaseSummary, labels: CaseLabels): CaseFacts {
  const fact = (key: keyof CaseLabels, value: string | number | null): Fact => ({
    label: labels[key],
    value: value === null ? labels['case.notProvided'] : String(value),
  });
  return {
    header: [fact('case.reference', c.reference), fact('case.createdAt', formatInstant(c.createdAt)), fact('case.preferredLanguage', c.preferredLanguage)],
    tenant: [fact('case.tenant.name', c.tenant.name), fact('case.tenant.defaultDomain', c.tenant.defaultDomain), fact('case.tenant.id', c.tenant.id)],
    contact: [fact('case.contact.name', c.contact.name), fact('case.contact.email', c.contact.email), fact('case.contact.phone', c.contact.phone)],
    block: [
      fact('case.block.code', c.block.code),
      fact('case.block.smtpText', c.block.smtpText),
      fact('case.block.title', c.block.title),
      fact('case.block.firstSeen', c.block.firstSeen === null ? null : formatInstant(c.block.firstSeen)),
      ...(c.block.alert === null
        ? []
        : [
            fact('case.block.alert', fill(labels['case.block.alertValue'], { title: c.block.alert.title, time: formatInstant(c.block.alert.raisedAt) })),
            fact('case.block.alertSaid', c.block.alert.description),
          ]),
      fact('case.codes', c.codes.join(', ')),
    ],
    impact: [
      fact(
        'case.impact.affectedUsers',
        c.impact.affectedUsers !== null && c.impact.affectedUsersApproximate ? fill(labels['case.impact.about'], { count: c.impact.affectedUsers }) : c.impact.affectedUsers,
      ),
      fact('case.impact.description', c.impact.description),
    ],
    readiness: fact('case.ready', c.ready ? labels['case.ready.yes'] : fill(labels['case.ready.no'], { count: c.openItems.length })),
  };
}

/** What a prerequisite's status rests on, in words: "Pasted export", "Microsoft Graph, read at 2026-11-23 10:00 UTC". */
export function basisText(p: Pick<CasePrerequisite, 'basis' | 'readAt'>, labels: CaseLabels): string {
  return p.basis === 'graph' ? fill(labels['case.basis.graph'], { time: p.readAt === null ? '?' : formatInstant(p.readAt) }) : labels[`case.basis.${p.basis}`];
}

export function sampleFacts(s: NdrSample, labels: CaseLabels): Fact[] {
  const orMissing = (v: string | null) => v ?? labels['case.notProvided'];
  return [
    { label: labels['case.ndr.generatingServer'], value: orMissing(s.generatingServer) },
    { label: labels['case.ndr.arrivalTime'], value: orMissing(s.arrivalTime === null ? null : formatInstant(s.arrivalTime)) },
    { label: labels['case.ndr.recipients'], value: s.recipients.length > 0 ? s.recipients.join(', ') : labels['case.notProvided'] },
  ];
}

/**
 * "Label: value" as the case's language writes it: "Référence : …" with a no-break space in French, "参考：…" in
 * Chinese. Plain text; the renderer escapes label and value first when its format needs it.
 */
export function labelled(labels: CaseLabels, label: string, value: string): string {
  return fill(labels['case.labelled'], { label, value });
}

/** The part of `labelled` before the value ("Reference:", "Référence :", "参考：") and the gap after it ("" or " "). */
export function labelHead(labels: CaseLabels, label: string): { readonly head: string; readonly gap: string } {
  const before = labels['case.labelled'].split('{value}')[0] ?? '';
  const head = fill(before, { label });
  const trimmed = head.trimEnd();
  return { head: trimmed, gap: head.slice(trimmed.length) };
}

/** "NDR sample 1" (1-based). */
export function sampleTitle(index: number, labels: CaseLabels): string {
  return fill(labels['case.ndrSample'], { number: index + 1 });
}

/** "JSON, records: 3": the format by its name in the case's language (as stored when it is not a known one). */
export function evidenceText(a: CaseEvidence, labels: CaseLabels): string {
  const format = (EXPORT_FORMATS as readonly string[]).includes(a.format) ? labels[`format.${a.format as ExportFormat}`] : a.format;
  return fill(labels['case.evidence.records'], { format, count: a.records });
}

/** "2026-11-23 09:30 UTC" for an ISO instant; anything else is returned as it is. */
export function formatInstant(value: string): string {
  if (!/^\d{4}-\d\d-\d\dT/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : formatUtc(d);
}

/** "NDR-20261123-7K3Q" → "N D R, 2 0 2 6 1 1 2 3, 7 K 3 Q": one character at a time, to read out. */
export function spellOut(reference: string): string {
  return reference
    .split('-')
    .map((group) => [...group].join(' '))
    .join(', ');
}
