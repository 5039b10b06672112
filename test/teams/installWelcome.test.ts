import { welcomeDecision, type WelcomeInput } from '../../src/teams/installWelcome';

const BOT = '28:bot';
const input = (over: Partial<WelcomeInput>): WelcomeInput => ({
  channelId: 'msteams',
  type: 'conversationUpdate',
  action: undefined,
  conversationType: 'channel',
  conversationId: '19:general@thread.tacv2',
  teamId: '19:general@thread.tacv2',
  botId: BOT,
  membersAdded: [],
  ...over,
});

describe('welcomeDecision: when the bot says hello', () => {
  it.each<[string, Partial<WelcomeInput>, ReturnType<typeof welcomeDecision>]>([
    ['team install (installationUpdate add)', { type: 'installationUpdate', action: 'add' }, { kind: 'welcome', audience: 'channel', onceKey: 'teams-installed/team:19:general@thread.tacv2' }],
    ['team install (bot in membersAdded): the same key', { membersAdded: [BOT] }, { kind: 'welcome', audience: 'channel', onceKey: 'teams-installed/team:19:general@thread.tacv2' }],
    [
      'team install announced in another channel: still the team key',
      { type: 'installationUpdate', action: 'add', conversationId: '19:ops@thread.tacv2' },
      { kind: 'welcome', audience: 'channel', onceKey: 'teams-installed/team:19:general@thread.tacv2' },
    ],
    ['a user joins the team: no hello in the channel', { membersAdded: ['29:new-colleague'] }, { kind: 'none' }],
    ['app upgraded', { type: 'installationUpdate', action: 'add-upgrade' }, { kind: 'none' }],
    ['app removed from the team', { type: 'installationUpdate', action: 'remove' }, { kind: 'uninstalled', onceKey: 'teams-installed/team:19:general@thread.tacv2' }],
    [
      'group chat install',
      { type: 'installationUpdate', action: 'add', conversationType: 'groupChat', conversationId: '19:chat@thread.v2', teamId: undefined },
      { kind: 'welcome', audience: 'groupChat', onceKey: 'teams-installed/conversation:19:chat@thread.v2' },
    ],
    ['someone joins the group chat', { conversationType: 'groupChat', teamId: undefined, membersAdded: ['29:someone'] }, { kind: 'none' }],
    [
      'personal install',
      { type: 'installationUpdate', action: 'add', conversationType: 'personal', conversationId: 'a:1xyz', teamId: undefined },
      { kind: 'welcome', audience: 'user', onceKey: 'teams-installed/conversation:a:1xyz' },
    ],
    [
      'personal install (bot in membersAdded): the same key',
      { conversationType: 'personal', conversationId: 'a:1xyz', teamId: undefined, membersAdded: [BOT] },
      { kind: 'welcome', audience: 'user', onceKey: 'teams-installed/conversation:a:1xyz' },
    ],
    ['a Teams message', { type: 'message' }, { kind: 'none' }],
    ['web chat: a user joins', { channelId: 'webchat', conversationType: undefined, teamId: undefined, membersAdded: ['dl_user'] }, { kind: 'welcome', audience: 'user', onceKey: null }],
    ['web chat: only the bot joins', { channelId: 'webchat', conversationType: undefined, teamId: undefined, membersAdded: [BOT] }, { kind: 'none' }],
  ])('%s', (_name, over, expected) => {
    expect(welcomeDecision(input(over))).toEqual(expected);
  });
});
