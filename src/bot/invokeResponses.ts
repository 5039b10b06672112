import { CardFactory, StatusCodes, type InvokeResponse } from 'botbuilder';
import type { AdaptiveCardJson } from '../case/renderAdaptiveCard';

/**
 * The shapes Teams wants back from an invoke, always with HTTP status 200: a card that replaces the one whose button
 * was pressed (Universal Actions), a task module (dialog) showing a card or a line of text, or nothing.
 */
export function cardUpdate(card: AdaptiveCardJson): InvokeResponse {
  return { status: StatusCodes.OK, body: { statusCode: StatusCodes.OK, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

export function taskCard(title: string, card: AdaptiveCardJson): InvokeResponse {
  return { status: StatusCodes.OK, body: { task: { type: 'continue', value: { title, width: 'medium', card: CardFactory.adaptiveCard(card) } } } };
}

export function taskMessage(text: string): InvokeResponse {
  return { status: StatusCodes.OK, body: { task: { type: 'message', value: text } } };
}

export const EMPTY_OK: InvokeResponse = { status: StatusCodes.OK };
