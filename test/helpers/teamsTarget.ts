import type { AddressInfo } from 'node:net';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { FixedTokenCredentials, startFakeConnector, type FakeConnector } from './fakeConnector';
import { startOfflineChannelAuth, type OfflineChannelAuth } from './offlineChannelAuth';

/**
 * Teams-shaped activities — as Teams posts them in a channel thread, a group chat and a personal chat — for the real
 * app: one started with channel authentication (our own signing key, endorsed for msteams) or in local mode.
 */
export const APP_ID = '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190';
export const BOT = { id: `28:${APP_ID}`, name: 'NDR Triage' };
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAM = '19:4f1c8a0e2b3d4c5e9f6a7b8c9d0e1f2a@thread.tacv2';
export const CHANNEL = '19:0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a@thread.tacv2';
export const GROUP_CHAT = '19:group-chat-of-three@thread.v2';
export const CLAIRE = { id: '29:1claire', name: 'Claire Dubois', aadObjectId: '0b7f7a34-5c1e-4f5b-9d0c-2a3b4c5d6e7f' };
export const MENTION = { type: 'mention', text: '<at>NDR Triage</at>', mentioned: BOT };

export interface Reply {
  readonly type: string;
  readonly text?: string;
  readonly conversation?: { id: string };
  readonly replyToId?: string;
  readonly attachments?: { contentType: string; content?: unknown; name?: string }[];
  readonly value?: unknown;
}

/** One running app: with channel authentication (an app id) or in local mode (none, replies only in the response). */
export interface Target {
  app: App;
  base: string;
  storage: InMemoryStorage;
  /** The text each turn read, as the turn log records it (LOG_MESSAGE_TEXT=true). */
  readTexts: string[];
  /** Log entries at warn level and above. */
  warnings: string[];
  withToken: boolean;
}

export async function startTarget(auth: OfflineChannelAuth | null, options: { connectorCredentials?: ServiceClientCredentialsFactory } = {}): Promise<Target> {
  const withToken = auth !== null;
  const env = { ...process.env, STORAGE: 'memory', LOG_LEVEL: 'info', LOG_MESSAGE_TEXT: 'true', MicrosoftAppId: withToken ? APP_ID : '', MicrosoftAppPassword: withToken ? 'unused-in-these-tests' : '' };
  const storage = new InMemoryStorage();
  const readTexts: string[] = [];
  const warnings: string[] = [];
  const logDestination = {
    write: (line: string) => {
      const entry = JSON.parse(line) as { msg?: string; text?: string; level?: number };
      if (entry.msg === 'turn' && entry.text !== undefined) readTexts.push(entry.text);
      if ((entry.level ?? 0) >= 40) warnings.push(line);
    },
  };
  const app = createApp(loadConfig(env), {
    storage,
    logDestination,
    ...(auth ? { channelAuth: auth.channelAuth } : {}),
    ...(options.connectorCredentials ? { connectorCredentials: options.connectorCredentials } : {}),
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, storage, readTexts, warnings, withToken };
}

export type Scope = 'channel' | 'groupChat' | 'personal';

/** The conversation fields Teams sends in each scope; a channel thread's id ends with ";messageid=<root post>". */
export function where(scope: Scope, thread = 'root-1'): object {
  if (scope === 'channel') {
    return {
      conversation: { id: `${CHANNEL};messageid=${thread}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { teamsChannelId: CHANNEL, teamsTeamId: TEAM, channel: { id: CHANNEL }, team: { id: TEAM }, tenant: { id: TENANT } },
    };
  }
  if (scope === 'groupChat') return { conversation: { id: GROUP_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT }, channelData: { tenant: { id: TENANT } } };
  return { conversation: { id: 'a:1personal-chat-with-claire', conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } } };
}

let counter = 0;
/** A fresh activity id. */
export const nextId = (): string => `${Date.now()}${counter++}`;

/** A message from Claire, as Teams posts it; `serviceUrl` is where replies go (the app itself unless a fake connector). */
export function message(serviceUrl: string, scope: Scope, text: string, options: { thread?: string; entities?: object[]; locale?: string } = {}): object {
  const locale = options.locale ?? 'en-US';
  return {
    type: 'message',
    id: nextId(),
    channelId: 'msteams',
    serviceUrl,
    from: CLAIRE,
    recipient: BOT,
    text,
    textFormat: 'plain',
    locale,
    entities: options.entities ?? [{ type: 'clientInfo', locale, country: 'US', platform: 'Web' }],
    ...where(scope, options.thread),
  };
}

/** "<at>NDR Triage</at> text", with the mention entity Teams adds. */
export function mentioning(serviceUrl: string, scope: Scope, text: string, thread?: string): object {
  return message(serviceUrl, scope, `<at>NDR Triage</at> ${text}`, { thread, entities: [MENTION] });
}

/** An invoke from Claire, as Teams posts it. */
export function invoke(serviceUrl: string, scope: Scope, name: string, value: unknown, options: { thread?: string; locale?: string } = {}): object {
  return { type: 'invoke', name, value, id: nextId(), channelId: 'msteams', serviceUrl, from: CLAIRE, recipient: BOT, locale: options.locale ?? 'en-US', ...where(scope, options.thread) };
}

/**
 * Posts an activity to /api/messages (with a channel token when the target authenticates). With `expectReplies`
 * (the default) the replies come back in the response; without, the body is whatever the adapter answered (an
 * invoke's response body).
 */
export async function post(target: Target, auth: OfflineChannelAuth | null, activity: object, options: { expectReplies?: boolean; serviceUrl?: string } = {}): Promise<{ status: number; replies: Reply[]; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const expectReplies = options.expectReplies ?? true;
  if (target.withToken && auth) headers.authorization = `Bearer ${auth.token(APP_ID, (activity as { serviceUrl: string }).serviceUrl)}`;
  const body = expectReplies ? { ...activity, deliveryMode: 'expectReplies' } : activity;
  const res = await fetch(`${target.base}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  const replies = expectReplies && res.status === 200 ? ((parsed as { activities?: Reply[] } | undefined)?.activities ?? []) : [];
  return { status: res.status, replies, body: parsed };
}

/** The text of each message reply. */
export const texts = (replies: readonly Reply[]): string[] => replies.filter((r) => r.type === 'message').map((r) => r.text ?? '');

/** A channel-authenticated target that replies through a fake connector, and a local-mode one. */
export interface TargetPair {
  readonly auth: OfflineChannelAuth;
  readonly connector: FakeConnector;
  readonly authenticated: Target;
  readonly local: Target;
}

export async function startTargetPair(): Promise<TargetPair> {
  const auth = await startOfflineChannelAuth(['msteams']);
  const connector = await startFakeConnector();
  const authenticated = await startTarget(auth, { connectorCredentials: new FixedTokenCredentials(APP_ID) });
  const local = await startTarget(null);
  return { auth, connector, authenticated, local };
}

export async function stopTargetPair(pair: TargetPair): Promise<void> {
  await pair.authenticated.app.close();
  await pair.local.app.close();
  await pair.connector.close();
  await pair.auth.close();
}
