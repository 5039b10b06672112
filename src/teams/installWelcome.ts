/**
 * When the bot says hello, decided from plain data. On Teams it greets once per installation: the user in a personal
 * chat, one short post in a team channel or a group chat. Teams announces an installation twice — an
 * `installationUpdate` (action "add") and a `conversationUpdate` whose membersAdded holds the bot — in either order,
 * so both name the same `onceKey` and only the first to claim it greets. Members joining a team or a group chat later
 * are not greeted (the channel would fill with hellos). Other channels (web chat) greet each user who joins.
 */

export interface WelcomeInput {
  readonly channelId: string;
  readonly type: string;
  /** `activity.action` of an installationUpdate: "add", "remove", "add-upgrade", "remove-upgrade". */
  readonly action: string | undefined;
  readonly conversationType: string | undefined;
  readonly conversationId: string;
  /** `channelData.team.id` on Teams, when the conversation belongs to a team. */
  readonly teamId: string | undefined;
  readonly botId: string;
  readonly membersAdded: readonly string[];
}

/** Who the hello is for: the user of a personal chat (or web chat), a team channel, a group chat. */
export type WelcomeAudience = 'user' | 'channel' | 'groupChat';

export type WelcomeDecision =
  | { readonly kind: 'none' }
  /** Greet; with a onceKey, only if nobody claimed that key before. */
  | { readonly kind: 'welcome'; readonly audience: WelcomeAudience; readonly onceKey: string | null }
  /** The app was removed: forget its onceKey, so that installing it again greets again. */
  | { readonly kind: 'uninstalled'; readonly onceKey: string };

/** One key per installation: the team for a team install (whatever channel Teams names), else the conversation. */
function installKey(input: WelcomeInput): string {
  const target = input.conversationType === 'channel' && input.teamId ? `team:${input.teamId}` : `conversation:${input.conversationId}`;
  return `teams-installed/${target}`;
}

export function welcomeDecision(input: WelcomeInput): WelcomeDecision {
  if (input.channelId !== 'msteams') {
    const someoneJoined = input.type === 'conversationUpdate' && input.membersAdded.some((id) => id !== input.botId);
    return someoneJoined ? { kind: 'welcome', audience: 'user', onceKey: null } : { kind: 'none' };
  }
  const audience: WelcomeAudience = input.conversationType === 'channel' || input.conversationType === 'groupChat' ? input.conversationType : 'user';
  if (input.type === 'installationUpdate') {
    if (input.action === 'add') return { kind: 'welcome', audience, onceKey: installKey(input) };
    if (input.action === 'remove') return { kind: 'uninstalled', onceKey: installKey(input) };
    return { kind: 'none' };
  }
  if (input.type === 'conversationUpdate' && input.membersAdded.includes(input.botId)) return { kind: 'welcome', audience, onceKey: installKey(input) };
  return { kind: 'none' };
}
