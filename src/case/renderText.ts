import type { CaseLabels } from '../catalog/caseLabelKeys';
import { basisText, caseFacts, evidenceText, labelled, sampleFacts, sampleTitle, spellOut, type Fact } from './caseDisplay';
import type { CaseSummary } from './caseSummary';
import { stripControl } from './sanitize';

/** Longest line, so that the text fits a narrow window and can be read out on a call. */
export const TEXT_WIDTH = 60;

/**
 * The case as plain text to read out on a support call: no markup, short lines, the reference also spelled
 * one character at a time. Control characters are removed from every value.
 */
export function renderText(c: CaseSummary, labels: CaseLabels): string {
  const facts = caseFacts(c, labels);
  const out: string[] = [];
  const para = (text: string, indent: number, hanging = indent + 2) => out.push(...wrap(stripControl(text, false), indent, hanging));
  const factLines = (list: readonly Fact[], indent: number) => list.forEach((f) => para(labelled(labels, f.label, f.value), indent));
  const section = (title: string) => {
    out.push('');
    para(title, 0);
  };

  para(labels['case.title'], 0);
  const [reference, ...rest] = facts.header;
  factLines([reference!, { label: labels['case.spelled'], value: spellOut(c.reference) }, ...rest, facts.readiness], 0);
  if (!c.ready) {
    section(labels['case.openItems']);
    c.openItems.forEach((o, i) => {
      const number = `${i + 1}. `;
      para(`${number}${labelled(labels, o.title, labels[`case.status.${o.status}`])}`, 2, 2 + number.length);
      factLines([{ label: labels['case.openItem.fix'], value: o.fix }], 2 + number.length);
    });
  }

  section(labels['case.tenant']);
  factLines(facts.tenant, 2);
  section(labels['case.contact']);
  factLines(facts.contact, 2);
  section(labels['case.block']);
  factLines(facts.block, 2);
  c.ndrSamples.forEach((s, i) => {
    section(sampleTitle(i, labels));
    factLines(sampleFacts(s, labels), 2);
    para(`${labels['case.ndr.text']}:`, 2);
    for (const line of stripControl(s.text, true).split('\n')) out.push(...wrap(stripControl(line, false), 4, 4));
  });
  section(labels['case.impact']);
  factLines(facts.impact, 2);

  section(labels['case.prerequisites']);
  if (c.prerequisites.length === 0) para(labels['case.none'], 2);
  c.prerequisites.forEach((p, i) => {
    const number = `${i + 1}. `;
    const indent = 2 + number.length;
    para(`${number}${labelled(labels, p.title, labels[`case.status.${p.status}`])}`, 2, indent);
    factLines(
      [
        { label: labels['case.basis'], value: basisText(p, labels) },
        ...p.findings.map((f) => ({ label: labels[`case.severity.${f.severity}`], value: f.text })),
      ],
      indent,
    );
  });

  section(labels['case.actionsTaken']);
  if (c.actionsTaken.length === 0) para(labels['case.none'], 2);
  for (const action of c.actionsTaken) para(`- ${action}`, 2, 4);
  section(labels['case.askOfSupport']);
  para(c.askOfSupport, 2, 2);
  section(labels['case.evidence']);
  if (c.evidence.length === 0) para(labels['case.none'], 2);
  for (const a of c.evidence) para(labelled(labels, a.name, evidenceText(a, labels)), 2);
  return `${out.join('\n')}\n`;
}

/** CJK, Hangul, fullwidth forms and emoji: two columns in a terminal or a fixed-width font. */
const WIDE_RANGES =
  '\\u1100-\\u115f\\u2e80-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6\\u{1f300}-\\u{1faff}\\u{20000}-\\u{3fffd}';
const WIDE = new RegExp(`^[${WIDE_RANGES}]$`, 'u');

/** The text's units in order — a run of narrow characters, or one wide character — each with the spaces before it. */
function* units(text: string): Generator<readonly [spaces: string, unit: string]> {
  let spaces = '';
  let run = '';
  for (const ch of text) {
    if (ch === ' ' || WIDE.test(ch)) {
      if (run !== '') yield [spaces, run];
      if (run !== '') spaces = '';
      run = '';
      if (ch === ' ') spaces += ' ';
      else {
        yield [spaces, ch];
        spaces = '';
      }
    } else run += ch;
  }
  if (run !== '') yield [spaces, run];
}

/**
 * Word-wraps one line to TEXT_WIDTH columns (CJK characters count two). A line may break at a space or
 * between two CJK characters; a word longer than a line is cut. Blank input gives one blank line.
 */
function wrap(text: string, indent: number, hanging: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  let margin = indent;
  const push = () => {
    lines.push(' '.repeat(margin) + line);
    line = '';
    used = 0;
    margin = hanging;
  };
  // Units: a run of narrow characters, or one wide (CJK) character; `spaces` says whether a space came before.
  for (const [spaces, unit] of units(text)) {
    const chars = [...unit];
    const width = chars.reduce((sum, ch) => sum + charWidth(ch), 0);
    const gap = line !== '' && spaces !== '' ? 1 : 0;
    const room = TEXT_WIDTH - margin;
    if (used + gap + width <= room) {
      line += (gap ? ' ' : '') + unit;
      used += gap + width;
      continue;
    }
    // Too long for what is left: move it to the next line, or, if it is longer than any line, cut it here.
    if (width <= TEXT_WIDTH - hanging || used + gap >= room) {
      if (line !== '') push();
    } else if (gap) {
      line += ' ';
      used += 1;
    }
    for (const ch of chars) {
      if (used + charWidth(ch) > TEXT_WIDTH - margin && line !== '') push();
      line += ch;
      used += charWidth(ch);
    }
  }
  if (line !== '' || lines.length === 0) push();
  return lines;
}

function charWidth(ch: string): number {
  return WIDE.test(ch) ? 2 : 1;
}
