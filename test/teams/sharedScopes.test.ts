import { startOfflineChannelAuth, type OfflineChannelAuth } from '../helpers/offlineChannelAuth';
import { FixedTokenCredentials, OUTBOUND_TOKEN, startFakeConnector, type FakeConnector } from '../helpers/fakeConnector';
import * as teams from '../helpers/teamsTarget';
import { APP_ID, BOT, CLAIRE, TEAM, TENANT, texts, type Target } from '../helpers/teamsTarget';

jest.setTimeout(180_000);

/** Help in a channel or group chat reminds people to mention the bot; a team install is greeted in the channel it names. */
let auth: OfflineChannelAuth;
let connector: FakeConnector;
let target: Target;

beforeAll(async () => {
  auth = await startOfflineChannelAuth(['msteams']);
  connector = await startFakeConnector();
  target = await teams.startTarget(auth, { connectorCredentials: new FixedTokenCredentials(APP_ID) });
});

afterAll(async () => {
  await target.app.close();
  await connector.close();
  await auth.close();
});

const HELP =
  'Paste an NDR or type its code, or describe the problem. At any step you can type "back", "start over", "different problem", "help", "forget this conversation", or switch language ("speak English", "parle français", "parla italiano", "说中文"). Questions that ask for pasted data also accept "skip".';
const MENTION_ME = 'Here, mention me (@NDR Triage) at the start of each message you write to me; the buttons under my questions work without a mention.';

describe('help', () => {
  it('in a channel thread: help, then the reminder to mention the bot', async () => {
    const { replies } = await teams.post(target, auth, teams.mentioning(connector.url, 'channel', 'help', 'help-thread'));
    expect(texts(replies)[0]).toBe(`${HELP}\n\n${MENTION_ME}`);
  });

  it('in a group chat: the same reminder', async () => {
    const { replies } = await teams.post(target, auth, teams.mentioning(connector.url, 'groupChat', 'help'));
    expect(texts(replies)[0]).toBe(`${HELP}\n\n${MENTION_ME}`);
  });

  it('in a personal chat: help alone (nobody needs to mention the bot there)', async () => {
    const conversation = { id: 'a:1personal-help', conversationType: 'personal', tenantId: TENANT };
    const { replies } = await teams.post(target, auth, { ...(teams.message(connector.url, 'personal', 'help') as Record<string, unknown>), conversation });
    expect(texts(replies)[0]).toBe(HELP);
  });
});

describe('the team welcome goes to the channel the installation names', () => {
  const WELCOME_CHANNEL =
    "Hi everyone! I help when Exchange Online stops your organization or a user from sending mail. Mention me (@NDR Triage) with a bounce message (NDR), an error code such as 5.7.750, or a description of what happens: I answer in that message's thread, and each thread is its own case.";
  const GENERAL = TEAM;
  const SUPPORT = '19:support-channel-of-the-team@thread.tacv2';
  const added = (team: string) => ({
    type: 'conversationUpdate',
    id: teams.nextId(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: CLAIRE,
    recipient: BOT,
    locale: 'en-US',
    membersAdded: [{ id: BOT.id }],
    conversation: { id: GENERAL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { team: { id: team }, eventType: 'teamMemberAdded', tenant: { id: TENANT }, settings: { selectedChannel: { id: SUPPORT } } },
  });

  it('through the connector: a new post in the selected channel, nothing in General', async () => {
    const calls = connector.calls.length;
    const { status } = await teams.post(target, auth, added('19:team-one@thread.tacv2'), { expectReplies: false });
    expect(status).toBe(200);
    const made = connector.calls.slice(calls);
    expect(made.map((c) => [c.method, c.path, c.authorization, c.body.text])).toEqual([['POST', `/v3/conversations/${SUPPORT}/activities`, `Bearer ${OUTBOUND_TOKEN}`, WELCOME_CHANNEL]]);
  });

  it('with expectReplies: in the response, addressed to the selected channel', async () => {
    const { replies } = await teams.post(target, auth, added('19:team-two@thread.tacv2'));
    expect(replies.map((r) => [r.conversation?.id, r.text])).toEqual([[SUPPORT, WELCOME_CHANNEL]]);
  });

  it('an installation that names no channel is greeted where it was announced', async () => {
    const activity = added('19:team-three@thread.tacv2') as { channelData: Record<string, unknown> };
    delete activity.channelData.settings;
    const { replies } = await teams.post(target, auth, activity);
    expect(replies.map((r) => [r.conversation?.id, r.text])).toEqual([[GENERAL, WELCOME_CHANNEL]]);
  });
});

