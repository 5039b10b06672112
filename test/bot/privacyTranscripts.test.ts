import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import Database from 'better-sqlite3';
import { createBot } from '../../src/app/createBot';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { startRetention } from '../../src/storage/retention';
import { triageDeps } from '../helpers/triageDeps';
import { CONNECTION, graphDeps } from '../dialogs/harness';

jest.setTimeout(180_000);

/**
 * The data of the people who use the bot, in each language, on a real SQLite state file: "forget this conversation"
 * deletes the conversation at once, and the retention purge deletes a conversation nobody wrote to for longer than
 * the retention; either way the next message starts a new triage instead of going on with what was deleted.
 */
const LANGUAGES = [
  {
    lang: 'en',
    locale: 'en-US',
    yes: 'yes',
    skip: 'skip',
    forget: 'forget this conversation',
    forgotten: 'Done: I deleted everything stored about this conversation',
    block: 'This looks like 5.7.750',
    step1: 'Step 1 of 7: Accepted domains',
    step2: 'Step 2 of 7',
    fresh: 'What is happening? Paste the NDR, type the error code, or describe it.',
  },
  {
    lang: 'fr',
    locale: 'fr-FR',
    yes: 'oui',
    skip: 'passer',
    forget: 'oublie cette conversation',
    forgotten: "C'est fait\u00a0: j'ai supprimé tout ce qui était enregistré",
    block: 'Cela ressemble à 5.7.750',
    step1: 'Étape 1 sur 7\u00a0: Domaines acceptés',
    step2: 'Étape 2 sur 7',
    fresh: 'Que se passe-t-il\u202f?',
  },
  {
    lang: 'it',
    locale: 'it-IT',
    yes: 'sì',
    skip: 'salta',
    forget: 'dimentica questa conversazione',
    forgotten: 'Fatto: ho eliminato tutto ciò che era memorizzato su questa conversazione',
    block: 'Sembra 5.7.750',
    step1: 'Passo 1 di 7: Domini accettati',
    step2: 'Passo 2 di 7',
    fresh: "Cosa succede? Incolla l'NDR, scrivi il codice di errore o descrivi il problema.",
  },
  {
    lang: 'zh-CN',
    locale: 'zh-CN',
    yes: '是',
    skip: '跳过',
    forget: '忘记此对话',
    forgotten: '已完成：我已删除与此对话有关的全部存储内容',
    block: '这看起来是 5.7.750',
    step1: '第 1 步，共 7 步：已接受域',
    step2: '第 2 步，共 7 步',
    fresh: '发生了什么？',
  },
] as const;

const DAY = 24 * 60 * 60 * 1000;

let dir: string;
let file: string;
let storage: SqliteStorage;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ndr-privacy-'));
  file = join(dir, 'state.db');
  storage = new SqliteStorage(file);
});

afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows in the state file that hold this conversation, read with a separate connection (as another process would). */
function rowsOf(conversationId: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT value FROM items WHERE key LIKE ?').all(`%${conversationId}%`).map((r) => (r as { value: string }).value);
  } finally {
    db.close();
  }
}

/** A user in one conversation of their own; each message returns the texts the bot sent back. */
function chat(conversationId: string, locale: string) {
  const { bot } = createBot(triageDeps(), storage);
  const adapter = new TestAdapter(async (context) => bot.run(context), { conversation: { id: conversationId } } as Partial<ConversationReference>);
  return async (text: string): Promise<string> => {
    await adapter.send({ type: 'message', text, locale } as Partial<Activity>);
    const texts: string[] = [];
    for (let reply = adapter.activeQueue.shift(); reply; reply = adapter.activeQueue.shift()) texts.push(reply.text ?? '');
    return texts.join('\n---\n');
  };
}

describe.each(LANGUAGES.map((l) => [l.lang, l] as const))('the user\'s data (%s)', (_lang, l) => {
  it('"forget this conversation" in the middle of the walk deletes it from the state file at once', async () => {
    const send = chat(`forget-${l.lang}`, l.locale);
    expect(await send('550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains')).toContain(l.block);
    expect(await send(l.yes)).toContain(l.step1);
    expect(rowsOf(`forget-${l.lang}`).join('\n')).toContain('5.7.750');
    expect(await send(l.forget)).toContain(l.forgotten);
    expect(rowsOf(`forget-${l.lang}`)).toEqual([]);
    // Nothing of the deleted walk comes back: a "skip" is not taken as step 1's answer.
    const next = await send(l.skip);
    expect(next).not.toContain(l.step2);
    expect(next).toContain(l.fresh);
  });

  it('the retention purge deletes a conversation idle for longer than the retention, not one idle for less', async () => {
    const idle = chat(`idle-${l.lang}`, l.locale);
    expect(await idle('550 5.7.750')).toContain(l.block);
    expect(await idle(l.yes)).toContain(l.step1);
    // 29 days later nothing goes; 31 days later the idle conversation does.
    let clock = Date.now() + 29 * DAY;
    const retention = startRetention(storage, { days: 30, everyMs: 3_600_000, now: () => new Date(clock) });
    try {
      expect(await retention.runOnce()).toBe(0);
      expect(rowsOf(`idle-${l.lang}`)).toHaveLength(1);
      clock = Date.now() + 31 * DAY;
      expect(await retention.runOnce()).toBe(1);
    } finally {
      retention.stop();
    }
    expect(rowsOf(`idle-${l.lang}`)).toEqual([]);
    const next = await idle(l.skip);
    expect(next).not.toContain(l.step2);
    expect(next).toContain(l.fresh);
  });
});

describe('forgetting a conversation after Connect your tenant', () => {
  it('signs the user out of the tenant connection too: the token store no longer has their token', async () => {
    // Graph is never called here: the walk does not reach a step it checks.
    const { bot } = createBot(triageDeps(), storage, undefined, { graph: graphDeps('http://127.0.0.1:9') });
    const adapter = new TestAdapter(async (context) => bot.run(context), { conversation: { id: 'forget-signed-in' } } as Partial<ConversationReference>);
    const userId = adapter.conversation.user!.id;
    adapter.addUserToken(CONNECTION, adapter.conversation.channelId!, userId, 'token-of-the-admin');
    const tokenNow = () =>
      adapter.getUserToken(new TurnContext(adapter, { channelId: adapter.conversation.channelId, from: { id: userId, name: '' } } as Partial<Activity>), CONNECTION);
    expect((await tokenNow())?.token).toBe('token-of-the-admin');
    await adapter.send({ type: 'message', text: '550 5.7.750', locale: 'en-US' } as Partial<Activity>);
    await adapter.send({ type: 'message', text: 'forget this conversation', locale: 'en-US' } as Partial<Activity>);
    expect(adapter.activeQueue.map((a) => a.text ?? '').join('\n')).toContain('Done: I deleted everything stored about this conversation');
    expect(await tokenNow()).toBeUndefined();
    expect(rowsOf('forget-signed-in')).toEqual([]);
  });
});
