import { z } from 'zod';
import { htmlToText } from '../ndr/htmlToText';
import { cardActionOfSubmit, TRIAGE_COMMAND_ID } from './cardActions';

/** Longest message text read from a message action (a Teams message is far smaller; this only bounds a forged one). */
const MAX_CONTENT = 1_000_000;

/**
 * The value of `composeExtension/fetchTask` and `composeExtension/submitAction` for our message action: the command,
 * the message it was used on (`messagePayload.body`, HTML or text) and, on submit, the data of the pressed button.
 */
const MessageActionValue = z.looseObject({
  commandId: z.string().max(64),
  messagePayload: z
    .looseObject({ body: z.looseObject({ content: z.string().max(MAX_CONTENT), contentType: z.string().max(16).optional() }) })
    .optional(),
  data: z.unknown().optional(),
});

/** What the message action is asked to do: triage the message, continue it in a personal chat, or nothing it can read. */
export type MessageAction = { readonly kind: 'triage' | 'continue'; readonly text: string } | { readonly kind: 'unreadable' };

export function readMessageAction(value: unknown): MessageAction {
  const parsed = MessageActionValue.safeParse(value);
  if (!parsed.success || parsed.data.commandId !== TRIAGE_COMMAND_ID || !parsed.data.messagePayload) return { kind: 'unreadable' };
  const { content, contentType } = parsed.data.messagePayload.body;
  const text = ((contentType ?? 'html').toLowerCase() === 'text' ? content : htmlToText(content)).trim();
  const pressed = parsed.data.data === undefined ? null : cardActionOfSubmit(parsed.data.data);
  return { kind: pressed?.kind === 'continueInChat' ? 'continue' : 'triage', text };
}
