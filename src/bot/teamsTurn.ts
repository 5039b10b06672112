import type { Activity } from 'botbuilder';
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
