/**
 * Who a Teams message is for, decided from plain data (no Bot Framework types): in a channel or a group chat the bot
 * answers only when it is mentioned, and reads the message without its own mention; in a personal chat (and on
 * every other channel) it answers everything, text untouched.
 */

/** The parts of an incoming message this decision reads. */
export interface AddressedInput {
  /** `activity.channelId`: only "msteams" has scopes. */
  readonly channelId: string;
  /** `activity.conversation.conversationType`: "personal", "channel" or "groupChat" on Teams. */
  readonly conversationType: string | undefined;
  /** `activity.recipient.id`: the bot, as this conversation knows it ("28:<app id>"). */
  readonly botId: string;
  readonly text: string;
  /** `activity.entities`, untrusted: anything that is not a mention of the bot is ignored. */
  readonly entities: readonly unknown[];
}

export type Addressed = { readonly answer: true; readonly text: string } | { readonly answer: false };

/** Teams scopes where several people talk and the bot speaks only when spoken to. */
const SHARED_SCOPES: ReadonlySet<string> = new Set(['channel', 'groupChat']);

/** Whether a conversation is a Teams channel or group chat, where the bot reads only messages that mention it. */
export function isSharedScope(channelId: string, conversationType: string | undefined): boolean {
  return channelId === 'msteams' && SHARED_SCOPES.has(conversationType ?? '');
}

/** A mention longer than this is not a Teams mention of a bot name ("<at>NDR Triage</at>"). */
const MAX_MENTION_TEXT = 300;

/** The `text` of each mention entity that names the bot (usually one, "<at>NDR Triage</at>"). */
function ownMentionTexts(entities: readonly unknown[], botId: string): string[] {
  const texts: string[] = [];
  for (const entity of entities) {
    if (typeof entity !== 'object' || entity === null) continue;
    const { type, mentioned, text } = entity as { type?: unknown; mentioned?: unknown; text?: unknown };
    if (type !== 'mention' || typeof mentioned !== 'object' || mentioned === null) continue;
    if ((mentioned as { id?: unknown }).id !== botId) continue;
    texts.push(typeof text === 'string' && text.length <= MAX_MENTION_TEXT ? text : '');
  }
  return texts;
}

/** `text` without any occurrence of `mention` (plain substring search, linear). */
function without(text: string, mention: string): string {
  return mention === '' ? text : text.split(mention).join(' ');
}

/** Whether the bot answers this message, and the text it reads when it does. */
export function addressedText(input: AddressedInput): Addressed {
  if (!isSharedScope(input.channelId, input.conversationType)) return { answer: true, text: input.text };
  const mentions = ownMentionTexts(input.entities, input.botId);
  if (mentions.length === 0) return { answer: false };
  // Only the ends are trimmed: a pasted NDR keeps its lines.
  return { answer: true, text: mentions.reduce(without, input.text).trim() };
}
