import type { CaseLabels } from '../catalog/caseLabelKeys';
import { basisText, caseFacts, evidenceText, labelled, sampleFacts, sampleTitle, STATUS_ICON, type Fact } from './caseDisplay';
import type { CaseFinding, CasePrerequisite, CaseSummary, NdrSample, OpenItem, PrerequisiteStatus } from './caseSummary';
import { escapeCardText as t, stripControl, TRUNCATED } from './sanitize';

/** A card element or action as JSON; the card is plain data for whichever channel sends it. */
export type CardJson = { readonly type: string } & { readonly [property: string]: unknown };

export interface AdaptiveCardJson {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly CardJson[];
}

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
 * The case as an Adaptive Card 1.5: facts about tenant, contact and block, one container per prerequisite
 * coloured by its verdict, and the NDR samples behind "show" buttons. Text is escaped for the Markdown subset
 * TextBlocks and facts render.
 */
export function renderAdaptiveCard(c: CaseSummary, labels: CaseLabels): AdaptiveCardJson {
  const facts = caseFacts(c, labels);
  const body: CardJson[] = [
    { type: 'TextBlock', text: t(labels['case.title']), size: 'Large', weight: 'Bolder', wrap: true },
    factSet(facts.header),
    {
      type: 'TextBlock',
      text: t(labelled(labels, facts.readiness.label, facts.readiness.value)),
      weight: 'Bolder',
      color: c.ready ? 'Good' : 'Attention',
      wrap: true,
    },
    ...(c.ready ? [] : [heading(labels['case.openItems']), ...c.openItems.map((o) => openItemContainer(o, labels))]),
    heading(labels['case.tenant']),
    factSet(facts.tenant),
    heading(labels['case.contact']),
    factSet(facts.contact),
    heading(labels['case.block']),
    factSet(facts.block),
  ];
  if (c.ndrSamples.length > 0) {
    body.push({ type: 'ActionSet', actions: c.ndrSamples.map((s, i) => showSample(s, i, labels)) });
  }
  body.push(heading(labels['case.impact']), factSet(facts.impact));

  body.push(heading(labels['case.prerequisites']));
  if (c.prerequisites.length === 0) body.push(textBlock(labels['case.none']));
  body.push(...c.prerequisites.map((p) => prerequisiteContainer(p, labels)));

  body.push(heading(labels['case.actionsTaken']));
  body.push(...(c.actionsTaken.length > 0 ? c.actionsTaken.map((a) => textBlock(`• ${a}`, { spacing: 'Small' })) : [textBlock(labels['case.none'])]));
  body.push(heading(labels['case.askOfSupport']), textBlock(c.askOfSupport));
  body.push(heading(labels['case.evidence']));
  body.push(
    c.evidence.length > 0
      ? factSet(c.evidence.map((a) => ({ label: a.name, value: evidenceText(a, labels) })))
      : textBlock(labels['case.none']),
  );

  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}

function textBlock(text: string, extra: Readonly<Record<string, unknown>> = {}): CardJson {
  return { type: 'TextBlock', text: t(text), wrap: true, ...extra };
}

function heading(text: string): CardJson {
  return textBlock(text, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Medium' });
}

function factSet(list: readonly Fact[]): CardJson {
  return { type: 'FactSet', facts: list.map((f) => ({ title: t(f.label), value: t(f.value) })) };
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

function openItemContainer(o: OpenItem, labels: CaseLabels): CardJson {
  return statusContainer(o.status, labelled(labels, t(o.title), t(labels[`case.status.${o.status}`])), [
    textBlock(labelled(labels, labels['case.openItem.fix'], o.fix), { spacing: 'Small' }),
  ]);
}

function prerequisiteContainer(p: CasePrerequisite, labels: CaseLabels): CardJson {
  return statusContainer(p.status, t(p.title), [
    textBlock(labels[`case.status.${p.status}`], { color: STATUS_COLOR[p.status], weight: 'Bolder', spacing: 'None' }),
    textBlock(labelled(labels, labels['case.basis'], basisText(p, labels)), { isSubtle: true, spacing: 'None' }),
    ...p.findings.map((f) => textBlock(labelled(labels, labels[`case.severity.${f.severity}`], f.text), { color: SEVERITY_COLOR[f.severity], spacing: 'Small' })),
  ]);
}

function showSample(s: NdrSample, index: number, labels: CaseLabels): CardJson {
  const lines = stripControl(s.text, true)
    .split('\n')
    .filter((l) => l.trim() !== '');
  const shown = lines.length > CARD_SAMPLE_LINES ? [...lines.slice(0, CARD_SAMPLE_LINES - 1), TRUNCATED] : lines;
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
