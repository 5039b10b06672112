import type { Catalog } from '../catalog/catalog';
import { explainCode } from '../catalog/explainCode';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import { ADAPTIVE_CARD_SCHEMA, type AdaptiveCardJson, type CardJson } from '../case/renderAdaptiveCard';
import type { TriageResult } from '../recognize/triage';
import { CARD_VERBS, noticeCard } from './cardActions';

/** Steps of the block shown on the card; the full check walks every prerequisite. */
export const CARD_FIRST_STEPS = 3;

/**
 * The card of the "Triage this NDR" message action, in `locale`: which block and why, who lifts it, the first
 * steps, and a button to continue the full check in a personal chat (when one can be opened from here). A known
 * code that is not a sending block is explained; a message with no bounce gets a polite "nothing to triage".
 * Every text on it is catalog wording (nothing the message said is repeated).
 */
export function messageActionCard(catalog: Catalog, locale: CatalogLocale, result: TriageResult, canContinue: boolean): AdaptiveCardJson {
  const m = catalog.messages[locale];
  if (result.outOfScope) {
    const { code, title, explanation } = result.outOfScope;
    return noticeCard(fill(m['chat.outOfScopeCode'], { code, title, explanation }));
  }
  const found = result.block ? explainCode(catalog, result.block, locale) : null;
  if (!found || found.kind !== 'found' || found.explanation.kind !== 'block') return noticeCard(m['teams.triage.nothing']);
  const e = found.explanation;
  const body: CardJson[] = [
    { type: 'TextBlock', text: fill(m['teams.triage.block'], { code: e.id, title: e.title }), size: 'Large', weight: 'Bolder', wrap: true },
  ];
  if (result.needsConfirmation) body.push({ type: 'TextBlock', text: m['teams.triage.unsure'], color: 'Warning', wrap: true });
  body.push(
    heading(m['explain.cause']),
    { type: 'TextBlock', text: e.cause, wrap: true },
    { type: 'FactSet', facts: [{ title: m['explain.liftedBy'], value: e.liftedBy.map((l) => m[`lifter.${l}`]).join(', ') }] },
    heading(m['teams.triage.firstSteps']),
    ...e.steps.slice(0, CARD_FIRST_STEPS).map((s, i) => ({ type: 'TextBlock', text: `${i + 1}. ${s}`, wrap: true, spacing: 'Small' })),
  );
  const actions: CardJson[] = canContinue ? [{ type: 'Action.Submit', title: m['teams.triage.continue'], style: 'positive', data: { verb: CARD_VERBS.continueInChat } }] : [];
  return { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', body, ...(actions.length > 0 ? { actions } : {}) };
}

function heading(text: string): CardJson {
  return { type: 'TextBlock', text, weight: 'Bolder', separator: true, spacing: 'Medium', wrap: true };
}
