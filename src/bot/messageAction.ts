import type { ConversationParameters, InvokeResponse, TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { catalogLocaleFor, triage, type TriageDeps } from '../recognize/triage';
import { noticeCard } from '../teams/cardActions';
import { readMessageAction } from '../teams/messageActionValue';
import { messageActionCard } from '../teams/triageCard';
import { taskCard } from './invokeResponses';

export interface MessageActionOptions {
  readonly triage: TriageDeps;
  /** The bot's app id; empty in local mode, where no personal chat can be opened. */
  readonly appId: string;
  /** Runs the first turn of the personal chat "Continue" opened: a new case, started with the message's text. */
  readonly startCase: (context: TurnContext, text: string) => Promise<void>;
  /** Told why a personal chat could not be opened (the user is told too). */
  readonly onError?: (err: unknown) => void;
}

/**
 * "Triage this NDR" on a message (`composeExtension/fetchTask`, and `composeExtension/submitAction` when a button
 * of its card is pressed): the message's text is triaged and the answer is a dialog with the card, in the invoker's
 * language. "Continue in a personal chat" opens (or reuses) the personal chat with the invoker and starts the full
 * check there with the message already read. Every answer is HTTP 200.
 */
export async function messageActionResponse(context: TurnContext, options: MessageActionOptions): Promise<InvokeResponse> {
  const { catalog } = options.triage;
  const locale = catalogLocaleFor(context.activity.locale ?? null);
  const m = catalog.messages[locale];
  const title = m['teams.triage.command'];
  const action = readMessageAction(context.activity.value);
  if (action.kind === 'unreadable') return taskCard(title, noticeCard(m['teams.triage.nothing']));
  // A personal chat is opened through the channel's connector: not in local mode (replies only in the response).
  const canContinue = options.appId !== '' && context.activity.deliveryMode !== 'expectReplies';
  if (action.kind === 'continue') {
    const opened = canContinue && (await openPersonalChat(context, options, action.text));
    return taskCard(title, noticeCard(m[opened ? 'teams.triage.continued' : 'teams.triage.cannotContinue']));
  }
  const result = await triage(action.text, options.triage, { locale });
  return taskCard(title, messageActionCard(catalog, locale, result, canContinue && result.block !== null));
}

/**
 * Creates the personal conversation with the invoker (Teams answers with the existing one when there is one) and
 * runs its first turn as if the user had pasted the message there. False when Teams refuses (for example, the app
 * is not installed for the user).
 */
async function openPersonalChat(context: TurnContext, options: MessageActionOptions, text: string): Promise<boolean> {
  const { activity } = context;
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenantId = typeof channelTenant === 'string' ? channelTenant : activity.conversation.tenantId;
  const user = { id: activity.from.id, name: activity.from.name ?? '' };
  const parameters = { isGroup: false, bot: activity.recipient, members: [user], tenantId, channelData: { tenant: { id: tenantId } } } as ConversationParameters;
  try {
    await context.adapter.createConversationAsync(options.appId, activity.channelId, activity.serviceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope, parameters, async (chat) => {
      Object.assign(chat.activity, {
        type: 'message',
        // No id: the replies are new messages of the chat, not replies to an activity.
        id: undefined,
        text,
        locale: activity.locale,
        from: user,
        conversation: { ...chat.activity.conversation, conversationType: 'personal', tenantId },
      });
      await options.startCase(chat, text);
    });
    return true;
  } catch (err) {
    options.onError?.(err);
    return false;
  }
}
