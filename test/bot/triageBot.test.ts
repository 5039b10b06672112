import { ActivityTypes, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { createBot } from '../../src/app/createBot';
import { StorageConflictError } from '../../src/storage/sqliteStorage';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

function adapterFor() {
  const { bot } = createBot(triageDeps(), new MemoryStorage());
  return new TestAdapter(async (context) => bot.run(context));
}

const textOf = (a: Partial<Activity>) => a.text ?? '';

describe('TriageBot', () => {
  it('welcomes a new member in their language and says how to start', async () => {
    await adapterFor()
      .send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user', name: 'Claire' }], locale: 'fr-FR' })
      .assertReply((a) => {
        expect(textOf(a)).toContain('Bonjour ! Je vous aide quand Exchange Online empêche votre organisation');
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

describe('TriageBot robustness', () => {
  it('runs the turn again on fresh state after an eTag conflict, and sends its replies once', async () => {
    const inner = new MemoryStorage();
    let failNext = false;
    const storage = {
      read: (keys: string[]) => inner.read(keys),
      delete: (keys: string[]) => inner.delete(keys),
      write: async (changes: Record<string, unknown>) => {
        if (failNext) {
          failNext = false;
          throw new StorageConflictError(Object.keys(changes)[0] ?? '');
        }
        return inner.write(changes);
      },
    };
    const { bot } = createBot(triageDeps(), storage);
    const adapter = new TestAdapter(async (context) => bot.run(context));
    await adapter.send('550 5.7.750').assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
    failNext = true;
    await adapter
      .send('yes')
      .assertReply((a) => expect(textOf(a)).toContain('Tenant blocked from sending mail'))
      .assertReply((a) => expect(textOf(a)).toMatch(/^Step 1 of 6: Accepted domains/));
    expect(adapter.activeQueue).toHaveLength(0);
    await adapter.send('skip').assertReply((a) => expect(textOf(a)).toContain('Skipped'));
  });

  it.each([
    ['a stack from another dialog layout', { DialogState: { dialogStack: [{ id: 'old-dialog', state: {} }] }, layout: 1 }],
    ['a stack stored before layouts were versioned', { DialogState: { dialogStack: [{ id: 'main', state: {} }] } }],
    ['a nested dialog that no longer exists', { DialogState: { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: [{ id: 'retired-dialog', state: {} }] } } }] }, layout: 1 }],
  ])('restarts politely on %s', async (_name, state) => {
    const storage = new MemoryStorage();
    await storage.write({ 'test/conversations/Convo1/': state });
    const { bot } = createBot(triageDeps(), storage);
    await new TestAdapter(async (context) => bot.run(context))
      .send('yes')
      .assertReply((a) => expect(textOf(a)).toContain("I was updated since we last spoke and can't pick up exactly where we stopped"))
      .send('550 5.7.750')
      .assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
  });

  it('politely refuses Teams tenants that are not allowed', async () => {
    const allowed = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const { bot } = createBot(triageDeps(), new MemoryStorage(), undefined, { allowedTenants: [allowed] });
    const adapter = new TestAdapter(async (context) => bot.run(context), { channelId: 'msteams' } as never);
    await adapter
      .send({ type: 'message', text: '550 5.7.750', channelId: 'msteams', channelData: { tenant: { id: '11111111-2222-3333-4444-555555555555' } } })
      .assertReply((a) => expect(textOf(a)).toBe('Sorry, this bot is not available to your organization. Please contact your help desk.'))
      .send({ type: 'message', text: '550 5.7.750', channelId: 'msteams', channelData: { tenant: { id: allowed.toUpperCase() } } })
      .assertReply((a) => expect(textOf(a)).toContain('This looks like 5.7.750'));
  });
});
