import { blockById, type Catalog } from '../catalog/catalog';
import type { CatalogLocale } from '../catalog/schema';
import type { TriageResult } from '../recognize/triage';

/** The human-readable rendering of one triage result, in `locale`. */
export function formatResult(label: string, r: TriageResult, catalog: Catalog, locale: CatalogLocale): string {
  const m = catalog.messages[locale];
  const lines: string[] = [`== ${m['triage.input']}: ${label}`];
  const block = r.block ? blockById(catalog, r.block) : undefined;
  const certainty = r.needsConfirmation ? m['triage.needsConfirmation'] : m['triage.sure'];
  if (block) {
    lines.push(`${m['triage.block']}: ${block.id} — ${block.title[locale]}`);
    lines.push(`${m['triage.confidence']}: ${Math.round(r.confidence * 100)}% (${certainty})`);
    lines.push(`${m['triage.smtpText']}: ${block.smtpText}`);
  } else if (r.outOfScope) {
    const server = r.outOfScope.server ? ` (${r.outOfScope.server})` : '';
    lines.push(`${m['triage.outOfScope']}: ${r.outOfScope.code}${server} — ${r.outOfScope.title}`);
    lines.push(`  ${r.outOfScope.explanation}`);
  } else {
    lines.push(`${m['triage.noBlock']} (${m['triage.confidence']}: ${Math.round(r.confidence * 100)}%, ${certainty})`);
  }
  if (r.alternatives.length > 0) {
    const alts = r.alternatives.map((a) => `${a.block} ${Math.round(a.confidence * 100)}%`).join(', ');
    lines.push(`${m['triage.alternatives']}: ${alts}`);
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
  for (const [name, value] of optional) if (value) lines.push(`${name}: ${value}`);
  if (r.truncated) lines.push(m['triage.truncated']);
  return lines.join('\n');
}
