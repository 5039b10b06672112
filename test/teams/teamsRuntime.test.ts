import { startOfflineChannelAuth, type OfflineChannelAuth } from '../helpers/offlineChannelAuth';
import * as teams from '../helpers/teamsTarget';
import { BOT, CHANNEL, CLAIRE, GROUP_CHAT, MENTION, TEAM, TENANT, texts, where, type Scope, type Target } from '../helpers/teamsTarget';

jest.setTimeout(180_000);

/**
 * Teams-shaped activities — as Teams posts them in a channel thread, a group chat and a personal chat — through the
 * real CloudAdapter with channel authentication (our own signing key, endorsed for msteams).
 */
let auth: OfflineChannelAuth;
const targets: Record<'authenticated' | 'local', Target> = {} as Record<'authenticated' | 'local', Target>;
let counter = 0;

beforeAll(async () => {
  auth = await startOfflineChannelAuth(['msteams']);
  targets.authenticated = await teams.startTarget(auth);
  targets.local = await teams.startTarget(null);
});

afterAll(async () => {
  for (const target of Object.values(targets)) await target.app.close();
  await auth.close();
});

/** The app the tests of a describe block talk to. */
let target: Target;

const message = (scope: Scope, text: string, options: { thread?: string; entities?: object[] } = {}) => teams.message(target.base, scope, text, options);
const mentioning = (scope: Scope, text: string, thread?: string) => teams.mentioning(target.base, scope, text, thread);
const post = (activity: object) => teams.post(target, auth, activity);

const CONFIRM_750 = 'This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?';

/** Whether anything is stored for a conversation (Bot Framework's conversation state key). */
async function stored(conversationId: string): Promise<boolean> {
  const key = `msteams/conversations/${conversationId}/`;
  return (await target.storage.read([key]))[key] !== undefined;
}

describe.each(['authenticated', 'local'] as const)('Teams channel (%s, expectReplies)', (mode) => {
  beforeAll(() => {
    target = targets[mode];
  });

  it('a message that mentions the bot gets the confirm question, in the thread', async () => {
    const activity = mentioning('channel', '550 5.7.750', 'thread-a');
    const { status, replies } = await post(activity);
    expect(status).toBe(200);
    expect(texts(replies)).toContain(CONFIRM_750);
    for (const reply of replies) expect(reply.conversation?.id).toBe(`${CHANNEL};messageid=thread-a`);
    expect(replies[0]?.replyToId).toBe((activity as { id: string }).id);
  });

  it('"<at>NDR Triage</at> Yes" in the same thread goes on to step 1', async () => {
    const { replies } = await post(mentioning('channel', 'Yes', 'thread-a'));
    expect(texts(replies).some((t) => t.startsWith('Step 1 of '))).toBe(true);
  });

  it('a channel message without the mention gets no reply and changes nothing', async () => {
    const { status, replies } = await post(message('channel', '550 5.7.750', { thread: 'thread-b' }));
    expect(status).toBe(200);
    expect(replies).toEqual([]);
    expect(await stored(`${CHANNEL};messageid=thread-b`)).toBe(false);
    expect(await stored(`${CHANNEL};messageid=thread-a`)).toBe(true);
  });

  it("another user's mention is kept in the text the bot reads", async () => {
    const { replies } = await post(
      message('channel', '<at>NDR Triage</at> <at>Claire Dubois</at> 550 5.7.750', {
        thread: 'thread-c',
        entities: [MENTION, { type: 'mention', text: '<at>Claire Dubois</at>', mentioned: { id: CLAIRE.id, name: CLAIRE.name } }],
      }),
    );
    expect(texts(replies)).toContain(CONFIRM_750);
    expect(target.readTexts.at(-1)).toBe('<at>Claire Dubois</at> 550 5.7.750');
  });

  it('two threads of one channel keep separate conversations', async () => {
    expect(texts((await post(mentioning('channel', '550 5.7.750', 'thread-d'))).replies)).toContain(CONFIRM_750);
    // Thread e has not been asked anything: "Yes" there is not an answer to thread d's question.
    const other = texts((await post(mentioning('channel', 'Yes', 'thread-e'))).replies);
    expect(other.some((t) => t.startsWith('Step 1 of '))).toBe(false);
    // Thread d still waits for its answer.
    expect(texts((await post(mentioning('channel', 'Yes', 'thread-d'))).replies).some((t) => t.startsWith('Step 1 of '))).toBe(true);
  });
});

describe('Teams group chat and personal chat', () => {
  beforeAll(() => {
    target = targets.authenticated;
  });

  it('group chat: answers when mentioned, not otherwise', async () => {
    expect((await post(message('groupChat', '550 5.7.750'))).replies).toEqual([]);
    expect(texts((await post(mentioning('groupChat', '550 5.7.750'))).replies)).toContain(CONFIRM_750);
  });

  it('personal chat: answers every message, no mention needed', async () => {
    expect(texts((await post(message('personal', '550 5.7.750'))).replies)).toContain(CONFIRM_750);
  });
});

describe.each(['authenticated', 'local'] as const)('Teams installation (%s)', (mode) => {
  beforeAll(() => {
    target = targets[mode];
  });
  const install = (scope: Scope, extra: object = {}) => ({
    type: 'installationUpdate',
    action: 'add',
    id: `install-${counter++}`,
    channelId: 'msteams',
    serviceUrl: target.base,
    from: CLAIRE,
    recipient: BOT,
    locale: 'en-US',
    ...where(scope),
    ...extra,
  });
  const botAdded = (scope: Scope, extra: object = {}) => ({
    type: 'conversationUpdate',
    id: `added-${counter++}`,
    channelId: 'msteams',
    serviceUrl: target.base,
    from: CLAIRE,
    recipient: BOT,
    membersAdded: [{ id: BOT.id }],
    ...where(scope),
    ...extra,
  });

  it('in a team: exactly one short welcome in the channel, though Teams announces the install twice', async () => {
    const conversation = { id: TEAM, conversationType: 'channel', isGroup: true, tenantId: TENANT };
    const channelData = { team: { id: TEAM }, eventType: 'teamMemberAdded', tenant: { id: TENANT } };
    const first = await post(botAdded('channel', { conversation, channelData }));
    const second = await post(install('channel', { conversation, channelData: { ...channelData, source: { name: 'message' } } }));
    const welcomes = [...texts(first.replies), ...texts(second.replies)];
    expect(welcomes).toEqual([
      "Hi everyone! I help when Exchange Online stops your organization or a user from sending mail. Mention me (@NDR Triage) with a bounce message (NDR), an error code such as 5.7.750, or a description of what happens: I answer in that message's thread, and each thread is its own case.",
    ]);
    expect(first.replies[0]?.conversation?.id).toBe(TEAM);
    // A colleague joining the team later is not greeted in the channel.
    expect((await post(botAdded('channel', { conversation, channelData, membersAdded: [{ id: '29:1new-colleague' }] }))).replies).toEqual([]);
  });

  it('in a personal chat: one welcome to the user, whichever announcement comes first', async () => {
    const scope = { conversation: { id: 'a:1fresh-personal-chat', conversationType: 'personal', tenantId: TENANT } };
    const first = await post(install('personal', scope));
    const second = await post(botAdded('personal', scope));
    expect([...texts(first.replies), ...texts(second.replies)]).toEqual([
      'Hi! I help when Exchange Online stops your organization or a user from sending mail. Paste the bounce message (NDR), type the error code (for example 5.7.750), or describe what is happening. I speak English, français, italiano and 中文.',
    ]);
  });

  it('in a group chat: one welcome for the chat; removed and installed again: welcomes again', async () => {
    const scope = { conversation: { id: GROUP_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT } };
    expect(texts((await post(install('groupChat', scope))).replies)).toEqual([
      'Hi everyone! I help when Exchange Online stops your organization or a user from sending mail. Mention me (@NDR Triage) with a bounce message (NDR), an error code such as 5.7.750, or a description of what happens. This chat works on one case at a time: mention me with "new case" to start another.',
    ]);
    expect(texts((await post(install('groupChat', scope))).replies)).toHaveLength(0);
    expect((await post(install('groupChat', { ...scope, action: 'remove' }))).replies).toEqual([]);
    expect(texts((await post(install('groupChat', scope))).replies)).toHaveLength(1);
  });
});
