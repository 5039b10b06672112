import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ADAPTIVE_CARD_SCHEMA, type AdaptiveCardJson, type CardJson } from '../case/renderAdaptiveCard';
import { escapeCardText } from '../case/sanitize';
import { fill } from '../catalog/messageKeys';

/**
 * The buttons of our cards on Teams and what they send back. A question's choices are `Action.Execute` buttons
 * (Universal Actions: Teams sends an `adaptiveCard/action` invoke and shows the card we answer with), each with an
 * `Action.Submit` fallback for hosts without Universal Actions (they post a message whose `value` is the data).
 * Both carry the same data: the verb, the answer as the button reads, and which question the card asked.
 */
export const CARD_VERBS = {
  /** A choice of the question waiting for an answer. */
  answer: 'ndrTriage.answer',
  /** "Continue in a personal chat" on the card of the "Triage this NDR" message action. */
  continueInChat: 'ndrTriage.continueInChat',
} as const;

/** The id of the message action command in the manifest. */
export const TRIAGE_COMMAND_ID = 'triageNdr';

/** Longest answer a button carries (a choice is a short phrase; a code block never is a choice). */
const MAX_ANSWER = 500;
/** A button title longer than this is cut (Teams cuts long titles anyway, without an ellipsis). */
const MAX_TITLE = 60;

/** Which question a card asked: a short digest of the question's symbolic form, the same in every language. */
export function promptId(spec: unknown): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64url').slice(0, 16);
}

const AnswerData = z.object({ answer: z.string().trim().min(1).max(MAX_ANSWER), prompt: z.string().min(1).max(64) });

/** What a pressed button asks for, read from untrusted invoke or submit data. */
export type CardAction =
  | { readonly kind: 'answer'; readonly answer: string; readonly prompt: string }
  | { readonly kind: 'continueInChat' }
  | { readonly kind: 'unknown' };

export function readCardAction(verb: unknown, data: unknown): CardAction {
  if (verb === CARD_VERBS.answer) {
    const parsed = AnswerData.safeParse(data);
    return parsed.success ? { kind: 'answer', ...parsed.data } : { kind: 'unknown' };
  }
  if (verb === CARD_VERBS.continueInChat) return { kind: 'continueInChat' };
  return { kind: 'unknown' };
}

/** The value of an `adaptiveCard/action` invoke (Universal Actions). */
export const ExecuteInvokeValue = z.looseObject({
  action: z.looseObject({ type: z.literal('Action.Execute'), verb: z.string().max(100), data: z.unknown().optional() }),
});

/** The `value` of a message an `Action.Submit` posted (or the `data` of a task module submit): our data has a verb. */
export const SubmitValue = z.looseObject({ verb: z.string().max(100) });

/** A card action read from an `adaptiveCard/action` invoke's value; anything malformed is unknown. */
export function cardActionOfInvoke(value: unknown): CardAction {
  const parsed = ExecuteInvokeValue.safeParse(value);
  return parsed.success ? readCardAction(parsed.data.action.verb, parsed.data.action.data) : { kind: 'unknown' };
}

/** A card action read from a submitted `value` (Action.Submit); null when the value is none of ours. */
export function cardActionOfSubmit(value: unknown): CardAction | null {
  const parsed = SubmitValue.safeParse(value);
  return parsed.success ? readCardAction(parsed.data.verb, value) : null;
}

function card(body: readonly CardJson[], actions: readonly CardJson[] = []): AdaptiveCardJson {
  return { type: 'AdaptiveCard', $schema: ADAPTIVE_CARD_SCHEMA, version: '1.5', body, ...(actions.length > 0 ? { actions } : {}) };
}

/** One button of a question: Action.Execute, falling back to Action.Submit with the same data. */
function choiceButton(choice: string, prompt: string): CardJson {
  const title = choice.length > MAX_TITLE ? `${choice.slice(0, MAX_TITLE - 1)}…` : choice;
  const data = { answer: choice, prompt };
  return {
    type: 'Action.Execute',
    title,
    verb: CARD_VERBS.answer,
    data,
    fallback: { type: 'Action.Submit', title, data: { verb: CARD_VERBS.answer, ...data } },
  };
}

/** The buttons under a question (its text is the message's own text). */
export function choicesCard(choices: readonly string[], prompt: string): AdaptiveCardJson {
  return card([], choices.map((c) => choiceButton(c, prompt)));
}

/**
 * The card of an answered question: the buttons gone, the answer shown. `template` is the localized "Your answer:
 * {answer}"; the answer came with the pressed button and is escaped for the card.
 */
export function answeredCard(template: string, answer: string): AdaptiveCardJson {
  return card([{ type: 'TextBlock', text: `✔ ${fill(template, { answer: escapeCardText(answer) })}`, wrap: true, isSubtle: true }]);
}

/** A card with one sentence of catalog wording: what a button could not do, or why a window is empty. */
export function noticeCard(text: string): AdaptiveCardJson {
  return card([{ type: 'TextBlock', text, wrap: true }]);
}
