import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { startOfflineChannelAuth, type OfflineChannelAuth } from '../helpers/offlineChannelAuth';

jest.setTimeout(180_000);

/**
 * Teams-shaped activities — as Teams posts them in a channel thread, a group chat and a personal chat — through the
 * real CloudAdapter with channel authentication (our own signing key, endorsed for msteams).
 */
const APP_ID = '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190';
const BOT = { id: `28:${APP_ID}`, name: 'NDR Triage' };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TEAM = '19:4f1c8a0e2b3d4c5e9f6a7b8c9d0e1f2a@thread.tacv2';
const CHANNEL = '19:0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a@thread.tacv2';
const GROUP_CHAT = '19:group-chat-of-three@thread.v2';
const CLAIRE = { id: '29:1claire', name: 'Claire Dubois', aadObjectId: '0b7f7a34-5c1e-4f5b-9d0c-2a3b4c5d6e7f' };
const MENTION = { type: 'mention', text: '<at>NDR Triage</at>', mentioned: BOT };

interface Reply {
  readonly type: string;
  readonly text?: string;
  readonly conversation?: { id: string };
  readonly replyToId?: string;
  readonly attachments?: unknown[];
}

/** One running app: with channel authentication (an app id) or in local mode (none, replies only in the response). */
interface Target {
  app: App;
  base: string;
  storage: InMemoryStorage;
  /** The text each turn read, as the turn log records it (LOG_MESSAGE_TEXT=true). */
  readTexts: string[];
  withToken: boolean;
}

let auth: OfflineChannelAuth;
const targets: Record<'authenticated' | 'local', Target> = {} as Record<'authenticated' | 'local', Target>;
let counter = 0;

async function start(withToken: boolean): Promise<Target> {
  const env = { ...process.env, STORAGE: 'memory', LOG_LEVEL: 'info', LOG_MESSAGE_TEXT: 'true', MicrosoftAppId: withToken ? APP_ID : '', MicrosoftAppPassword: withToken ? 'unused-in-these-tests' : '' };
  const storage = new InMemoryStorage();
  const readTexts: string[] = [];
  const logDestination = {
    write: (line: string) => {
      const entry = JSON.parse(line) as { msg?: string; text?: string };
      if (entry.msg === 'turn' && entry.text !== undefined) readTexts.push(entry.text);
    },
  };
  const app = createApp(loadConfig(env), { storage, logDestination, ...(withToken ? { channelAuth: auth.channelAuth } : {}) });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, storage, readTexts, withToken };
}

beforeAll(async () => {
  auth = await startOfflineChannelAuth(['msteams']);
  targets.authenticated = await start(true);
  targets.local = await start(false);
});

afterAll(async () => {
  for (const target of Object.values(targets)) await target.app.close();
  await auth.close();
});

/** The app the tests of a describe block talk to. */
let target: Target;

type Scope = 'channel' | 'groupChat' | 'personal';

/** The conversation fields Teams sends in each scope; a channel thread's id ends with ";messageid=<root post>". */
function where(scope: Scope, thread = 'root-1'): object {
  if (scope === 'channel') {
    return {
      conversation: { id: `${CHANNEL};messageid=${thread}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { teamsChannelId: CHANNEL, teamsTeamId: TEAM, channel: { id: CHANNEL }, team: { id: TEAM }, tenant: { id: TENANT } },
    };
  }
  if (scope === 'groupChat') return { conversation: { id: GROUP_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT }, channelData: { tenant: { id: TENANT } } };
  return { conversation: { id: 'a:1personal-chat-with-claire', conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } } };
}

function message(scope: Scope, text: string, options: { thread?: string; entities?: object[] } = {}): object {
  return {
    type: 'message',
    id: `${Date.now()}${counter++}`,
    channelId: 'msteams',
    serviceUrl: target.base,
    from: CLAIRE,
    recipient: BOT,
    text,
    textFormat: 'plain',
    locale: 'en-US',
    entities: options.entities ?? [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }],
    ...where(scope, options.thread),
  };
}

/** "<at>NDR Triage</at> text", with the mention entity Teams adds. */
const mentioning = (scope: Scope, text: string, thread?: string) => message(scope, `<at>NDR Triage</at> ${text}`, { thread, entities: [MENTION] });

async function post(activity: object): Promise<{ status: number; replies: Reply[] }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.withToken) headers.authorization = `Bearer ${auth.token(APP_ID, target.base)}`;
  const res = await fetch(`${target.base}/api/messages`, { method: 'POST', headers, body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' }) });
  const body = res.status === 200 ? ((await res.json()) as { activities?: Reply[] }) : {};
  return { status: res.status, replies: body.activities ?? [] };
}

const texts = (replies: Reply[]) => replies.filter((r) => r.type === 'message').map((r) => r.text ?? '');

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
