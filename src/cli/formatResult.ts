import { blockById, type Catalog } from '../catalog/catalog';
import type { CatalogLocale } from '../catalog/schema';
import type { TriageResult } from '../recognize/triage';
import { labelled } from '../case/caseDisplay';

/** The human-readable rendering of one triage result, in `locale`. */
export function formatResult(label: string, r: TriageResult, catalog: Catalog, locale: CatalogLocale): string {
  const m = catalog.messages[locale];
  const line = (name: string, value: string) => labelled(m, name, value);
  const lines: string[] = [`== ${line(m['triage.input'], label)}`];
  const block = r.block ? blockById(catalog, r.block) : undefined;
  const certainty = r.needsConfirmation ? m['triage.needsConfirmation'] : m['triage.sure'];
  if (block) {
    lines.push(line(m['triage.block'], `${block.id} — ${block.title[locale]}`));
    lines.push(line(m['triage.confidence'], `${Math.round(r.confidence * 100)}% (${certainty})`));
    lines.push(line(m['triage.smtpText'], block.smtpText));
  } else if (r.outOfScope) {
    const server = r.outOfScope.server ? ` (${r.outOfScope.server})` : '';
    lines.push(line(m['triage.outOfScope'], `${r.outOfScope.code}${server} — ${r.outOfScope.title}`));
    lines.push(`  ${r.outOfScope.explanation}`);
  } else {
    lines.push(`${m['triage.noBlock']} (${line(m['triage.confidence'], `${Math.round(r.confidence * 100)}%`)}, ${certainty})`);
  }
  if (r.alternatives.length > 0) {
    const alts = r.alternatives.map((a) => `${a.block} ${Math.round(a.confidence * 100)}%`).join(', ');
    lines.push(line(m['triage.alternatives'], alts));
  }
  if (r.source !== 'unknown') {
    const who = m[r.source === 'microsoft' ? 'triage.sourceMicrosoft' : 'triage.sourceOther'];
    lines.push(r.sourceHost ? `${who} (${r.sourceHost})` : who);
  }
  const optional: [string, string | null][] = [
    [m['triage.codes'], r.codes.map((c) => (c.smtp ? `${c.smtp} ${c.enhanced}` : c.enhanced)).join(', ') || null],
    [m['triage.language'], r.language],
    [m['triage.sender'], r.sender],
    [m['triage.recipients'], r.recipients.join(', ') || null],
    [m['triage.generatingServer'], r.generatingServer],
    [m['triage.diagnostic'], r.diagnostic],
  ];
  for (const [name, value] of optional) if (value) lines.push(line(name, value));
  if (r.truncated) lines.push(m['triage.truncated']);
  return lines.join('\n');
}
