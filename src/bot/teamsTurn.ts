import { ActivityTypes, TextFormatTypes, type Activity, type TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { CasStorage } from '../storage/casStorage';
import { CREATE_ONLY_ETAG } from '../storage/casStorage';
import { isStorageConflict } from '../storage/isStorageConflict';
import { addressedText, type Addressed } from '../teams/addressing';
import { welcomeDecision, type WelcomeDecision } from '../teams/installWelcome';

/** The core's addressing rule applied to a Bot Framework activity. */
export function addressedActivity(activity: Activity): Addressed {
  return addressedText({
    channelId: activity.channelId,
    conversationType: activity.conversation?.conversationType,
    botId: activity.recipient?.id ?? '',
    text: activity.text ?? '',
    entities: activity.entities ?? [],
  });
}

/** The core's welcome rule applied to a Bot Framework activity. */
export function welcomeFor(activity: Activity): WelcomeDecision {
  const team = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return welcomeDecision({
    channelId: activity.channelId,
    type: activity.type,
    action: activity.action,
    conversationType: activity.conversation?.conversationType,
    conversationId: activity.conversation?.id ?? '',
    teamId: typeof team === 'string' ? team : undefined,
    botId: activity.recipient?.id ?? '',
    membersAdded: (activity.membersAdded ?? []).map((m) => m.id),
  });
}

/**
 * Which installations were greeted, one store item each, claimed with a create-only write: of two announcements of
 * one installation racing (even on two instances), exactly one wins.
 */
export class InstallLedger {
  constructor(private readonly storage: CasStorage) {}

  /** True the first time a key is claimed, false ever after (until released). */
  async claim(key: string): Promise<boolean> {
    try {
      await this.storage.write({ [key]: { greeted: true, eTag: CREATE_ONLY_ETAG } });
      return true;
    } catch (err) {
      if (isStorageConflict(err)) return false;
      throw err;
    }
  }

  async release(key: string): Promise<void> {
    await this.storage.delete([key]);
  }
}

/** The channel a team installation names as where the app was added (`channelData.settings.selectedChannel`). */
export function selectedChannelOf(activity: Activity): string | null {
  const id = (activity.channelData as { settings?: { selectedChannel?: { id?: unknown } } } | undefined)?.settings?.selectedChannel?.id;
  return typeof id === 'string' && id !== '' && id.length <= 512 ? id : null;
}

/**
 * Sends the welcome (Markdown). A team installation that names a channel (`settings.selectedChannel`) is greeted
 * there, as a new post: through the connector, or — when the caller wants the replies in the response
 * (expectReplies) — in the response, addressed to that channel. Otherwise it is an ordinary reply.
 */
export async function sendWelcome(context: TurnContext, text: string): Promise<void> {
  const target = selectedChannelOf(context.activity);
  if (!target || target === context.activity.conversation.id) {
    await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: TextFormatTypes.Markdown });
    return;
  }
  const { activity } = context;
  const post: Partial<Activity> = {
    type: ActivityTypes.Message,
    text,
    textFormat: TextFormatTypes.Markdown,
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    from: activity.recipient,
    conversation: { ...activity.conversation, id: target },
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
  if (activity.deliveryMode === 'expectReplies') {
    context.bufferedReplyActivities.push(post);
    return;
  }
  const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
  await connector.conversations.sendToConversation(target, post);
}
