import { ActivityTypes, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { createBot } from '../../src/app/createBot';
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
