import type { CaseLabels } from '../catalog/caseLabelKeys';
import { basisText, caseFacts, evidenceText, labelHead, labelled, sampleFacts, sampleTitle, STATUS_ICON, type Fact } from './caseDisplay';
import type { CaseSummary } from './caseSummary';
import { escapeMarkdown as md, markdownCodeBlock } from './sanitize';

/** The case as Markdown (CommonMark/GFM), for a support portal or an e-mail. Every value is escaped. */
export function renderMarkdown(c: CaseSummary, labels: CaseLabels): string {
  const facts = caseFacts(c, labels);
  const factList = (list: readonly Fact[]) =>
    list
      .map((f) => {
        const { head, gap } = labelHead(labels, md(f.label));
        return `- **${head}**${gap}${md(f.value)}`;
      })
      .join('\n');
  const heading = (level: number, text: string) => `${'#'.repeat(level)} ${md(text)}`;
  const list = (items: readonly string[]) => (items.length > 0 ? items.map((i) => `- ${md(i)}`).join('\n') : md(labels['case.none']));

  const blocks: string[] = [heading(1, labels['case.title']), factList([...facts.header, facts.readiness])];
  if (!c.ready) {
    blocks.push(heading(2, labels['case.openItems']));
    for (const o of c.openItems) {
      blocks.push(`### ${STATUS_ICON[o.status]} ${labelled(labels, md(o.title), md(labels[`case.status.${o.status}`]))}`, factList([{ label: labels['case.openItem.fix'], value: o.fix }]));
    }
  }
  blocks.push(heading(2, labels['case.tenant']), factList(facts.tenant));
  blocks.push(heading(2, labels['case.contact']), factList(facts.contact));
  blocks.push(heading(2, labels['case.block']), factList(facts.block));
  c.ndrSamples.forEach((s, i) => {
    blocks.push(heading(3, sampleTitle(i, labels)), factList(sampleFacts(s, labels)), markdownCodeBlock(s.text));
  });
  blocks.push(heading(2, labels['case.impact']), factList(facts.impact));

  blocks.push(heading(2, labels['case.prerequisites']));
  if (c.prerequisites.length === 0) blocks.push(md(labels['case.none']));
  for (const p of c.prerequisites) {
    blocks.push(`### ${STATUS_ICON[p.status]} ${labelled(labels, md(p.title), md(labels[`case.status.${p.status}`]))}`);
    const lines = [
      { label: labels['case.basis'], value: basisText(p, labels) },
      ...p.findings.map((f) => ({ label: labels[`case.severity.${f.severity}`], value: f.text })),
    ];
    blocks.push(factList(lines));
  }

  blocks.push(heading(2, labels['case.actionsTaken']), list(c.actionsTaken));
  blocks.push(heading(2, labels['case.askOfSupport']), md(c.askOfSupport));
  blocks.push(heading(2, labels['case.evidence']), list(c.evidence.map((a) => labelled(labels, a.name, evidenceText(a, labels)))));
  return `${blocks.join('\n\n')}\n`;
}
