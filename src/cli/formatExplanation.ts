import { blockById, type Catalog } from '../catalog/catalog';
import type { CodeExplanation } from '../catalog/explainCode';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import { labelHead, labelled } from '../case/caseDisplay';

/** The human-readable rendering of `ndr-triage explain`, in `locale`. */
export function formatExplanation(e: CodeExplanation, catalog: Catalog, locale: CatalogLocale): string {
  const m = catalog.messages[locale];
  const line = (name: string, value: string) => labelled(m, name, value);
  /** A label that introduces the lines below it: "Steps:", "Étapes :". */
  const heading = (name: string) => labelHead(m, name).head;
  const lines = [`== ${line(e.kind === 'block' ? m['explain.block'] : m['explain.outOfScope'], `${e.id} — ${e.title}`)}`];
  if (e.codes.length > 1) lines.push(line(m['explain.codes'], e.codes.join(', ')));
  if (e.smtpTexts.length > 0) lines.push(heading(m['explain.smtpTexts']), ...e.smtpTexts.map((t) => `  ${t}`));
  lines.push(line(m['explain.cause'], e.cause));
  if (e.kind === 'other') return lines.join('\n');
  lines.push(line(m['explain.liftedBy'], e.liftedBy.map((l) => m[`lifter.${l}`]).join(', ')));
  lines.push(line(m['explain.duration'], e.duration ?? ''));
  const published = blockById(catalog, e.id)?.publishedDuration ?? null;
  lines.push(
    line(
      m['explain.publishedTime'],
      published ? fill(m['explain.publishedHours'], { min: published.minHours, max: published.maxHours, source: published.source }) : m['explain.noPublishedTime'],
    ),
  );
  lines.push(heading(m['explain.steps']), ...e.steps.map((s, i) => `  ${i + 1}. ${s}`));
  if (e.evidence.length > 0) {
    lines.push(heading(m['explain.evidence']));
    for (const ev of e.evidence) {
      lines.push(`  - ${ev.description}`);
      if (ev.command) lines.push(`    ${ev.command}`);
    }
  }
  lines.push(heading(m['explain.sources']), ...e.links.map((l) => `  - ${line(l.title, l.url)}`));
  return lines.join('\n');
}
