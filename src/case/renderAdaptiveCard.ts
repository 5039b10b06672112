import type { CaseLabels } from '../catalog/caseLabelKeys';
import { basisText, caseFacts, evidenceText, labelled, sampleFacts, sampleTitle, STATUS_ICON, type Fact } from './caseDisplay';
import type { CaseFinding, CasePrerequisite, CaseSummary, NdrSample, OpenItem, PrerequisiteStatus } from './caseSummary';
import { capText, escapeCardText as t, stripControl, TRUNCATED } from './sanitize';

/** A card element or action as JSON; the card is plain data for whichever channel sends it. */
export type CardJson = { readonly type: string } & { readonly [property: string]: unknown };

export interface AdaptiveCardJson {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly CardJson[];
  readonly actions?: readonly CardJson[];
}

/** The JSON Schema every card we build names. */
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Lines of an NDR sample shown in the card (each line is a TextBlock); the rest is cut. */
export const CARD_SAMPLE_LINES = 60;

const STATUS_STYLE: Readonly<Record<PrerequisiteStatus, string>> = { met: 'good', 'not-met': 'attention', unknown: 'warning', skipped: 'emphasis' };
const STATUS_COLOR: Readonly<Record<PrerequisiteStatus, string>> = { met: 'Good', 'not-met': 'Attention', unknown: 'Warning', skipped: 'Default' };
const SEVERITY_COLOR: Readonly<Record<CaseFinding['severity'], string>> = {
  problem: 'Attention',
  warning: 'Warning',
  info: 'Default',
  question: 'Accent',
};

/**
 * How much of the case a card shows: lines of each NDR sample, characters of each text, findings of each
 * prerequisite, items of each list. A card that must fit a size (a Teams message) shows less, step by step.
 */
interface CardFit {
  readonly sampleLines: number;
  readonly textMax: number;
  readonly findings: number;
  readonly items: number;
}
const FULL: CardFit = { sampleLines: CARD_SAMPLE_LINES, textMax: Number.POSITIVE_INFINITY, findings: Number.POSITIVE_INFINITY, items: Number.POSITIVE_INFINITY };
const SMALLER: readonly CardFit[] = [
  { sampleLines: 20, textMax: 600, findings: 10, items: 20 },
  { sampleLines: 5, textMax: 240, findings: 4, items: 8 },
  { sampleLines: 0, textMax: 120, findings: 1, items: 3 },
  { sampleLines: 0, textMax: 80, findings: 0, items: 0 },
];

export interface CardOptions {
  /** The card's JSON must stay under this many bytes (Teams refuses larger messages); unlimited when absent. */
  readonly maxBytes?: number;
}

const bytesOf = (card: AdaptiveCardJson) => Buffer.byteLength(JSON.stringify(card), 'utf8');

/**
 * The case as an Adaptive Card 1.5: facts about tenant, contact and block, one container per prerequisite
 * coloured by its verdict, and the NDR samples behind "show" buttons. Text is escaped for the Markdown subset
 * TextBlocks and facts render. With `maxBytes`, a case too large for it is shown shorter (fewer sample lines,
 * shorter texts, fewer findings), with a line saying the attached files hold all of it.
 */
export function renderAdaptiveCard(c: CaseSummary, labels: CaseLabels, options: CardOptions = {}): AdaptiveCardJson {
  const full = buildCard(c, labels, FULL, false);
  const max = options.maxBytes;
  if (max === undefined || bytesOf(full) <= max) return full;
  let card = full;
  for (const fit of SMALLER) {
    card = buildCard(c, labels, fit, true);
    if (bytesOf(card) <= max) return card;
  }
  return card;
}

function buildCard(c: CaseSummary, labels: CaseLabels, fit: CardFit, trimmed: boolean): AdaptiveCardJson {
  const cap = (text: string) => capText(text, fit.textMax);
  const some = <T>(list: readonly T[], n: number) => list.slice(0, n);
  const facts = caseFacts(c, labels);
  const body: CardJson[] = [
    { type: 'TextBlock', text: t(labels['case.title']), size: 'Large', weight: 'Bolder', wrap: true },
    ...(trimmed ? [textBlock(labels['case.cardTrimmed'], { isSubtle: true, spacing: 'Small' })] : []),
    factSet(facts.header),
    {
      type: 'TextBlock',
      text: t(labelled(labels, facts.readiness.label, facts.readiness.value)),
      weight: 'Bolder',
      color: c.ready ? 'Good' : 'Attention',
      wrap: true,
    },
    ...(c.ready ? [] : [heading(labels['case.openItems']), ...c.openItems.map((o) => openItemContainer(o, labels, cap))]),
    heading(labels['case.tenant']),
    factSet(facts.tenant, cap),
    heading(labels['case.contact']),
    factSet(facts.contact, cap),
    heading(labels['case.block']),
    factSet(facts.block, cap),
  ];
  if (c.ndrSamples.length > 0 && fit.sampleLines > 0) {
    body.push({ type: 'ActionSet', actions: some(c.ndrSamples, fit.items).map((s, i) => showSample(s, i, labels, fit.sampleLines)) });
  }
  body.push(heading(labels['case.impact']), factSet(facts.impact, cap));

  body.push(heading(labels['case.prerequisites']));
  if (c.prerequisites.length === 0) body.push(textBlock(labels['case.none']));
  body.push(...c.prerequisites.map((p) => prerequisiteContainer({ ...p, findings: some(p.findings, fit.findings) }, labels, cap)));

  body.push(heading(labels['case.actionsTaken']));
  const actions = some(c.actionsTaken, fit.items);
  body.push(...(actions.length > 0 ? actions.map((a) => textBlock(`• ${cap(a)}`, { spacing: 'Small' })) : [textBlock(labels['case.none'])]));
  body.push(heading(labels['case.askOfSupport']), textBlock(cap(c.askOfSupport)));
  body.push(heading(labels['case.evidence']));
  const evidence = some(c.evidence, fit.items);
  body.push(
    evidence.length > 0
      ? factSet(evidence.map((a) => ({ label: a.name, value: evidenceText(a, labels) })), cap)
      : textBlock(labels[c.evidence.length > 0 ? 'case.cardTrimmed' : 'case.none']),
  );

  return { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', body };
}

function textBlock(text: string, extra: Readonly<Record<string, unknown>> = {}): CardJson {
  return { type: 'TextBlock', text: t(text), wrap: true, ...extra };
}

function heading(text: string): CardJson {
  return textBlock(text, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Medium' });
}

function factSet(list: readonly Fact[], cap: (text: string) => string = (x) => x): CardJson {
  return { type: 'FactSet', facts: list.map((f) => ({ title: t(f.label), value: t(cap(f.value)) })) };
}

/** A container coloured by a prerequisite's status, headed by its icon and `heading` (already escaped). */
function statusContainer(status: PrerequisiteStatus, heading: string, items: readonly CardJson[]): CardJson {
  return {
    type: 'Container',
    style: STATUS_STYLE[status],
    spacing: 'Small',
    items: [{ type: 'TextBlock', text: `${STATUS_ICON[status]} ${heading}`, weight: 'Bolder', wrap: true }, ...items],
  };
}

function openItemContainer(o: OpenItem, labels: CaseLabels, cap: (text: string) => string): CardJson {
  return statusContainer(o.status, labelled(labels, t(o.title), t(labels[`case.status.${o.status}`])), [
    textBlock(labelled(labels, labels['case.openItem.fix'], cap(o.fix)), { spacing: 'Small' }),
  ]);
}

function prerequisiteContainer(p: CasePrerequisite, labels: CaseLabels, cap: (text: string) => string): CardJson {
  return statusContainer(p.status, t(p.title), [
    textBlock(labels[`case.status.${p.status}`], { color: STATUS_COLOR[p.status], weight: 'Bolder', spacing: 'None' }),
    textBlock(labelled(labels, labels['case.basis'], basisText(p, labels)), { isSubtle: true, spacing: 'None' }),
    ...p.findings.map((f) => textBlock(labelled(labels, labels[`case.severity.${f.severity}`], cap(f.text)), { color: SEVERITY_COLOR[f.severity], spacing: 'Small' })),
  ]);
}

function showSample(s: NdrSample, index: number, labels: CaseLabels, maxLines: number): CardJson {
  const lines = stripControl(s.text, true)
    .split('\n')
    .filter((l) => l.trim() !== '');
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), TRUNCATED] : lines;
  return {
    type: 'Action.ShowCard',
    // Action titles are shown as plain text: no Markdown escaping, only control characters removed.
    title: stripControl(sampleTitle(index, labels), false),
    card: {
      type: 'AdaptiveCard',
      body: [
        factSet(sampleFacts(s, labels)),
        ...shown.map((line) => textBlock(line, { fontType: 'Monospace', size: 'Small', spacing: 'None' })),
      ],
    },
  };
}
