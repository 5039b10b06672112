import { ActivityTypes, TestAdapter, type Activity, type StoreItems } from 'botbuilder';
import { createBot } from '../../src/app/createBot';
import type { CasStorage } from '../../src/storage/casStorage';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { StorageConflictError } from '../../src/storage/storageConflictError';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

function adapterFor() {
  const { bot } = createBot(triageDeps(), new InMemoryStorage());
  return new TestAdapter(async (context) => bot.run(context));
}

const textOf = (a: Partial<Activity>) => a.text ?? '';

describe('TriageBot', () => {
  it('welcomes a new member in their language and says how to start', async () => {
    await adapterFor()
      .send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user', name: 'Claire' }], locale: 'fr-FR' })
      .assertReply((a) => {
        expect(textOf(a)).toContain('Bonjour ! Je vous aide quand Exchange Online empêche votre organisation');
        expect(textOf(a)).toContain('tapez le code d\'erreur (par exemple 5.7.750)');
      });
  });

  it('does not welcome itself', async () => {
    const adapter = adapterFor();
    await adapter.send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'bot', name: 'NDR Triage Bot' }] });
    expect(adapter.activeQueue).toHaveLength(0);
  });

  it('routes a message through the conversation and keeps the state between turns', async () => {
    await adapterFor()
      .send('550 5.7.64 TenantAttribution; Relay Access Denied')
      .assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.64'))
      .send('yes')
      .assertReply((a) => expect(textOf(a)).toContain('Inbound connector no longer matches your on-premises server'))
      .assertReply((a) => expect(textOf(a)).toMatch(/^Step 1 of \d+: /));
  });
});

/** An in-memory store whose next n writes lose a race (as when another instance saved first). */
function failingStorage() {
  const inner = new InMemoryStorage();
  let failing = 0;
  const writes: StoreItems[] = [];
  const storage: CasStorage = {
    read: (keys) => inner.read(keys),
    delete: (keys) => inner.delete(keys),
    purgeOlderThan: (cutoff) => inner.purgeOlderThan(cutoff),
    write: async (changes) => {
      if (failing > 0) {
        failing--;
        throw new StorageConflictError(Object.keys(changes)[0] ?? '');
      }
      writes.push(changes);
      return inner.write(changes);
    },
  };
  return { storage, inner, writes, failNextWrites: (n: number) => (failing = n) };
}

const noWait = { attempts: 3, delayMs: () => 0 };

describe('TriageBot robustness', () => {
  it('apologises when every attempt loses the race, saves nothing of that turn, and goes on from where it was', async () => {
    const { storage, writes, failNextWrites } = failingStorage();
    const { bot } = createBot(triageDeps(), storage, undefined, { retry: noWait });
    const adapter = new TestAdapter(async (context) => bot.run(context));
    await adapter.send('550 5.7.750').assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
    const saved = writes.length;
    failNextWrites(3);
    await adapter
      .send('yes')
      .assertReply((a) =>
        expect(textOf(a)).toBe('Sorry, several messages of this conversation reached me at the same moment and I could not take this one in. Nothing was lost; please send it again.'),
      );
    expect(adapter.activeQueue).toHaveLength(0);
    expect(writes.length).toBe(saved);
    // The block is still waiting for confirmation: the lost turn left no trace.
    await adapter
      .send('yes')
      .assertReply((a) => expect(textOf(a)).toContain('Tenant blocked from sending mail'))
      .assertReply((a) => expect(textOf(a)).toMatch(/^Step 1 of 7: Accepted domains/));
  });

  it('answers a message delivered twice with the same replies, and the conversation moves once', async () => {
    const { bot } = createBot(triageDeps(), new InMemoryStorage());
    const adapter = new TestAdapter(async (context) => bot.run(context));
    const message = (id: string, text: string) => ({ type: 'message', id, text });
    await adapter.send(message('m1', '550 5.7.750')).assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
    await adapter
      .send(message('m2', 'yes'))
      .assertReply((a) => expect(textOf(a)).toContain('Tenant blocked from sending mail'))
      .assertReply((a) => expect(textOf(a)).toMatch(/^Step 1 of 7/));
    await adapter
      .send(message('m2', 'yes'))
      .assertReply((a) => expect(textOf(a)).toContain('Tenant blocked from sending mail'))
      .assertReply((a) => expect(textOf(a)).toMatch(/^Step 1 of 7/));
    await adapter.send(message('m3', 'skip')).assertReply((a) => expect(textOf(a)).toContain('Skipped')).assertReply((a) => expect(textOf(a)).toMatch(/^Step 2 of 7/));
  });

  it('runs the turn again on fresh state after an eTag conflict, and sends its replies once', async () => {
    const { storage, failNextWrites } = failingStorage();
    const { bot } = createBot(triageDeps(), storage);
    const adapter = new TestAdapter(async (context) => bot.run(context));
    await adapter.send('550 5.7.750').assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
    failNextWrites(1);
    await adapter
      .send('yes')
      .assertReply((a) => expect(textOf(a)).toContain('Tenant blocked from sending mail'))
      .assertReply((a) => expect(textOf(a)).toMatch(/^Step 1 of 7: Accepted domains/));
    expect(adapter.activeQueue).toHaveLength(0);
    await adapter.send('skip').assertReply((a) => expect(textOf(a)).toContain('Skipped'));
  });

  it('keeps a first turn in two dialog levels: the main dialog, and its flow with the confirm question on one stack', async () => {
    const storage = new InMemoryStorage();
    const { bot } = createBot(triageDeps(), storage);
    await new TestAdapter(async (context) => bot.run(context)).send('550 5.7.750').assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
    const stored = (await storage.read(['test/conversations/Convo1/']))['test/conversations/Convo1/'] as { DialogState: { dialogStack: { id: string; state: { dialogs: { dialogStack: { id: string }[] } } }[] } };
    const [main] = stored.DialogState.dialogStack;
    expect(stored.DialogState.dialogStack.map((d) => d.id)).toEqual(['main']);
    expect(main!.state.dialogs.dialogStack.map((d) => d.id)).toEqual(['main.flow', 'confirm-block', 'text-prompt']);
  });

  it.each([
    ['a stack from another dialog layout', { DialogState: { dialogStack: [{ id: 'old-dialog', state: {} }] }, layout: 1 }],
    ['a stack stored before layouts were versioned', { DialogState: { dialogStack: [{ id: 'main', state: {} }] } }],
    ['a nested dialog that no longer exists', { DialogState: { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: [{ id: 'retired-dialog', state: {} }] } } }] }, layout: 1 }],
    [
      'a confirm question stored with layout 1 (a component around its waterfall)',
      {
        DialogState: {
          dialogStack: [
            {
              id: 'main',
              state: {
                dialogs: {
                  dialogStack: [
                    { id: 'main.flow', state: { options: { fromMessage: true }, values: {}, stepIndex: 1 } },
                    { id: 'confirm-block', state: { dialogs: { dialogStack: [{ id: 'confirm-block.flow', state: { options: {}, values: {}, stepIndex: 0 } }, { id: 'text-prompt', state: { options: {}, state: {} } }] } } },
                  ],
                },
              },
            },
          ],
        },
        layout: 1,
      },
    ],
  ])('restarts politely on %s', async (_name, state) => {
    const storage = new InMemoryStorage();
    await storage.write({ 'test/conversations/Convo1/': state });
    const { bot } = createBot(triageDeps(), storage);
    await new TestAdapter(async (context) => bot.run(context))
      .send('yes')
      .assertReply((a) => expect(textOf(a)).toContain("I was updated since we last spoke and can't pick up exactly where we stopped"))
      .send('550 5.7.750')
      .assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
  });

  it.each([
    ['fr-FR', 'oublie cette conversation', "C'est fait : j'ai supprimé tout ce qui était enregistré"],
    ['zh-CN', '忘记此对话', '已完成：我已删除与此对话有关的全部存储内容'],
    ['en-US', 'Forget this conversation.', 'Done: I deleted everything stored about this conversation'],
  ])('in %s, "%s" deletes the stored conversation at once and says so in its language', async (locale, command, goodbye) => {
    const storage = new InMemoryStorage();
    const { bot } = createBot(triageDeps(), storage);
    const adapter = new TestAdapter(async (context) => bot.run(context), { locale } as never);
    const key = 'test/conversations/Convo1/';
    await adapter.send({ type: 'message', text: '550 5.7.750', locale }).assertReply((a) => expect(textOf(a)).toContain('5.7.750'));
    expect(JSON.stringify(await storage.read([key]))).toContain('5.7.750');
    await adapter.send({ type: 'message', text: command, locale }).assertReply((a) => expect(textOf(a)).toContain(goodbye));
    expect(await storage.read([key])).toEqual({});
    // Not a dead end: the next message starts a new triage.
    await adapter.send({ type: 'message', text: '550 5.7.705', locale }).assertReply((a) => expect(textOf(a)).toContain('5.7.705'));
    expect(JSON.stringify(await storage.read([key]))).toContain('5.7.705');
  });

  it('politely refuses Teams tenants that are not allowed', async () => {
    const allowed = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const { bot } = createBot(triageDeps(), new InMemoryStorage(), undefined, { allowedTenants: [allowed] });
    const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: 'msteams' } as never);
    await adapter
      .send({ type: 'message', text: '550 5.7.750', channelId: 'msteams', channelData: { tenant: { id: '11111111-2222-3333-4444-555555555555' } } })
      .assertReply((a) => expect(textOf(a)).toBe('Sorry, this bot is not available to your organization. Please contact your help desk.'))
      .send({ type: 'message', text: '550 5.7.750', channelId: 'msteams', channelData: { tenant: { id: allowed.toUpperCase() } } })
      .assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
  });

  it('installed by a Teams tenant that is not allowed: no welcome, and the installation stays unclaimed', async () => {
    const allowed = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const { bot } = createBot(triageDeps(), new InMemoryStorage(), undefined, { allowedTenants: [allowed] });
    const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: 'msteams' } as never);
    const install = (tenant: string) =>
      ({ type: 'installationUpdate', action: 'add', channelId: 'msteams', conversation: { id: 'a:1chat', conversationType: 'personal' }, channelData: { tenant: { id: tenant } } }) as Partial<Activity>;
    await adapter.send(install('11111111-2222-3333-4444-555555555555'));
    expect(adapter.activeQueue).toHaveLength(0);
    await adapter.send(install(allowed)).assertReply((a) => expect(textOf(a)).toMatch(/^Hi! I help when Exchange Online/));
  });
});
