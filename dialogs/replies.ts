import { ActionTypes, CardFactory, MessageFactory, TextFormatTypes, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Catalog } from '../src/catalog/catalog';
import { markdownCodeBlock } from '../src/case/sanitize';
import { renderPart } from '../src/conversation/renderPart';
import type { Part, PromptSpec, TriageSession } from '../src/conversation/session';
import { DialogId } from './dialogIds';
import { choicesCard, promptId } from '../src/teams/cardActions';
import { isSharedScope } from '../src/teams/addressing';

/** Channels that render Adaptive Cards and suggested actions. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test']);

export function supportsCards(context: TurnContext): boolean {
  return CARD_CHANNELS.has(context.activity.channelId);
}

/** Chat text is Markdown on every channel we serve; what users wrote in it is escaped by renderPart. */
function renderText(catalog: Catalog, session: TriageSession, parts: readonly Part[]): string {
  return parts
    .map((p) => ('code' in p ? markdownCodeBlock(p.code) : renderPart(catalog, session.locale, p, 'markdown')))
    .join('\n\n');
}

/** A chat message in Markdown. */
export function markdownMessage(text: string): Partial<Activity> {
  return { ...MessageFactory.text(text), textFormat: TextFormatTypes.Markdown };
}

/** One message from symbolic parts, in the conversation's language. */
export async function say(context: TurnContext, catalog: Catalog, session: TriageSession, parts: readonly Part[]): Promise<void> {
  await context.sendActivity(markdownMessage(renderText(catalog, session, parts)));
}

/** Builds the prompt activity: text plus the choices as buttons (and inline on channels without buttons). */
export function promptActivity(context: TurnContext, catalog: Catalog, session: TriageSession, spec: PromptSpec): Partial<Activity> {
  const text = renderText(catalog, session, spec.parts);
  // Buttons show plain text; a numbered list in a Markdown message shows escaped text.
  const choices = spec.choices.map((c) => renderPart(catalog, session.locale, c, 'plain'));
  if (choices.length === 0) return markdownMessage(text);
  if (!supportsCards(context)) {
    const listed = spec.choices.map((c, i) => `${i + 1}. ${renderPart(catalog, session.locale, c, 'markdown')}`);
    return markdownMessage(`${text}\n\n${listed.join('\n')}`);
  }
  if (context.activity.channelId === 'msteams') {
    // Suggested actions show only in a personal chat: on Teams the choices are card buttons, in every scope.
    return { ...markdownMessage(text), attachments: [cardAttachment(choicesCard(choices, promptId(spec)))] };
  }
  const actions = choices.map((c) => ({ type: ActionTypes.ImBack, title: c.length > 60 ? `${c.slice(0, 57)}…` : c, value: c }));
  return { ...MessageFactory.suggestedActions(actions, text), textFormat: TextFormatTypes.Markdown };
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

/** Help, and in a Teams channel or group chat the reminder that messages to the bot mention it. */
export function helpParts(context: TurnContext): Part[] {
  const { channelId, conversation } = context.activity;
  return [{ m: 'chat.help' }, ...(isSharedScope(channelId, conversation?.conversationType) ? [{ m: 'teams.helpMention' } as const] : [])];
}

export function cardAttachment(card: object): Attachment {
  return CardFactory.adaptiveCard(card);
}
