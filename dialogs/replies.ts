import { ActionTypes, CardFactory, MessageFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Catalog } from '../src/catalog/catalog';
import { CATALOG_LOCALES } from '../src/catalog/schema';
import { fold } from '../src/conversation/commands';
import { renderPart } from '../src/conversation/renderPart';
import type { Part, PromptSpec, TriageSession } from '../src/conversation/session';
import { DialogId } from './dialogIds';

/** Channels that render Adaptive Cards and suggested actions. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test']);

export function supportsCards(context: TurnContext): boolean {
  return CARD_CHANNELS.has(context.activity.channelId);
}

function renderText(catalog: Catalog, session: TriageSession, parts: readonly Part[]): string {
  return parts
    .map((p) => ('code' in p ? `\`\`\`\n${p.code}\n\`\`\`` : renderPart(catalog, session.locale, p)))
    .join('\n\n');
}

/** One message from symbolic parts, in the conversation's language. */
export async function say(context: TurnContext, catalog: Catalog, session: TriageSession, parts: readonly Part[]): Promise<void> {
  await context.sendActivity(renderText(catalog, session, parts));
}

/** Builds the prompt activity: text plus the choices as buttons (and inline on channels without buttons). */
export function promptActivity(context: TurnContext, catalog: Catalog, session: TriageSession, spec: PromptSpec): Partial<Activity> {
  const text = renderText(catalog, session, spec.parts);
  const choices = spec.choices.map((c) => renderPart(catalog, session.locale, c));
  if (choices.length === 0) return MessageFactory.text(text);
  if (!supportsCards(context)) return MessageFactory.text(`${text}\n\n${choices.map((c, i) => `${i + 1}. ${c}`).join('\n')}`);
  const actions = choices.map((c) => ({ type: ActionTypes.ImBack, title: c.length > 60 ? `${c.slice(0, 57)}…` : c, value: c }));
  return MessageFactory.suggestedActions(actions, text);
}

/** Asks and waits; the question is remembered so that help or a language switch can ask it again. */
export async function ask(step: WaterfallStepContext, catalog: Catalog, session: TriageSession, spec: PromptSpec): Promise<DialogTurnResult> {
  session.lastPrompt = spec;
  return step.prompt(DialogId.text, { prompt: promptActivity(step.context, catalog, session, spec) });
}

/** Sends the waiting question again (in the current language). */
export async function askAgain(context: TurnContext, catalog: Catalog, session: TriageSession): Promise<void> {
  if (session.lastPrompt) await context.sendActivity(promptActivity(context, catalog, session, session.lastPrompt));
}

/**
 * Which of the offered choices the reply picks: its number, or its wording in any of our languages.
 * -1 when it picks none.
 */
export function pickChoice(catalog: Catalog, reply: string, choices: readonly Part[]): number {
  const folded = fold(reply);
  const n = /^\d{1,2}$/.test(folded) ? Number(folded) : NaN;
  if (n >= 1 && n <= choices.length) return n - 1;
  return choices.findIndex((c) => CATALOG_LOCALES.some((l) => fold(renderPart(catalog, l, c)) === folded));
}

export function cardAttachment(card: object): Attachment {
  return CardFactory.adaptiveCard(card);
}
