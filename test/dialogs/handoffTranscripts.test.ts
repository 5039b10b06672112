import type { Activity } from 'botbuilder';
import { caseHandoff } from '../../src/handoff/caseHandoff';
import { Outbox } from '../../src/handoff/outbox';
import { OutboxWorker } from '../../src/handoff/outboxWorker';
import { webhookTarget } from '../../src/handoff/webhookTarget';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { fakeHelpdesk, type FakeHelpdesk, type Reply } from '../helpers/fakeHelpdesk';
import { triageDeps } from '../helpers/triageDeps';
import { conversation, visible } from './harness';

jest.setTimeout(120_000);

const REFERENCE = /NDR-\d{8}-[0-9A-Z]{4}/;

/** A conversation whose summary can be handed to a local webhook answering `reply`, and the worker that delivers. */
async function withHelpdesk(locale: string, reply: (i: number) => Reply) {
  const hook = await fakeHelpdesk((_r, i) => reply(i));
  const outbox = new Outbox(new InMemoryStorage());
  const worker = new OutboxWorker(outbox, {
    targets: { webhook: webhookTarget({ url: hook.url, secret: 's'.repeat(32) }) },
    policy: { baseMs: 1, maxMs: 1, maxAttempts: 2, timeoutMs: 5000 },
    concurrency: 1,
    pollMs: 1000,
  });
  const c = conversation({ locale, handoff: caseHandoff(outbox, 'webhook', triageDeps().catalog) });
  return { c, hook, worker, outbox };
}

/** Walks a 5.7.750 to its summary with every question skipped; the replies of the summary turn. */
async function toSummary(send: (t: string) => Promise<Partial<Activity>[]>, words: { yes: string; skip: string; language: string }, askedLanguage: string) {
  await send('550 5.7.750');
  let replies = await send(words.yes);
  for (let i = 0; i < 30 && !visible(replies).includes(askedLanguage); i++) replies = await send(words.skip);
  expect(visible(replies)).toContain(askedLanguage);
  return send(words.language);
}

const hooks: FakeHelpdesk[] = [];
afterEach(async () => Promise.all(hooks.splice(0).map((h) => h.close())));

describe('Send to helpdesk', () => {
  it('en: button → queued → the ticket number at the next message', async () => {
    const { c, hook, worker } = await withHelpdesk('en-US', () => ({ status: 201, json: { ticket: 'INC0012345' } }));
    hooks.push(hook);
    const summary = visible(await toSummary(c.send, { yes: 'yes', skip: 'skip', language: 'English' }, 'In which language should I write the case summary?'));
    expect(summary).toContain('I can also send this case to your helpdesk, which opens a ticket for it.\n[Send to helpdesk]');
    const reference = REFERENCE.exec(summary)![0];

    expect(visible(await c.send('Send to helpdesk'))).toBe(
      `Case ${reference} is queued for your helpdesk. I'll give you the ticket number in this conversation when you next write to me.`,
    );
    // A next problem, then starting over in the middle of it, does not forget a case on its way.
    expect(visible(await c.send('550 5.7.705'))).toContain('This looks like 5.7.705');
    expect(visible(await c.send('start over'))).not.toContain('INC0012345');
    // Queued before the user was told: the job is there for the worker.
    await worker.runOnce();
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ type: 'ndr-triage.case', reference, case: { reference, block: { code: '5.7.750' } } });
    expect(hook.received[0]!.headers['idempotency-key']).toBe(`webhook:${reference}`);

    const next = visible(await c.send('thanks'));
    expect(next.startsWith(`Your helpdesk opened ticket INC0012345 for case ${reference}.`)).toBe(true);
    // Told once.
    expect(visible(await c.send('help'))).not.toContain('INC0012345');
  });

  it('fr : phrase tapée → en file d’attente → numéro de ticket au message suivant', async () => {
    const { c, hook, worker } = await withHelpdesk('fr-FR', () => ({ status: 200, json: { ticket: 'HD-77' } }));
    hooks.push(hook);
    const summary = visible(await toSummary(c.send, { yes: 'oui', skip: 'passer', language: 'Français' }, 'Dans quelle langue dois-je rédiger le résumé du dossier'));
    expect(summary).toContain("Je peux aussi envoyer ce dossier à votre service d'assistance, qui ouvrira un ticket.\n[Envoyer à l'assistance]");
    const reference = REFERENCE.exec(summary)![0];

    expect(visible(await c.send("envoyer a l'assistance"))).toBe(
      `Le dossier ${reference} est en file d'attente pour votre service d'assistance. Je vous donnerai le numéro de ticket dans cette conversation à votre prochain message.`,
    );
    // Still on its way: nothing to say yet, and it is not forgotten.
    expect(visible(await c.send('aide'))).not.toContain('ticket HD-77');
    await worker.runOnce();
    expect(visible(await c.send('merci'))).toContain(`Votre service d'assistance a ouvert le ticket HD-77 pour le dossier ${reference}.`);
  });

  it('en: a hand-off that fails for good is reported with what to do', async () => {
    const { c, hook, worker } = await withHelpdesk('en-US', () => ({ status: 422 }));
    hooks.push(hook);
    const summary = visible(await toSummary(c.send, { yes: 'yes', skip: 'skip', language: 'English' }, 'In which language should I write the case summary?'));
    const reference = REFERENCE.exec(summary)![0];
    await c.send('1');
    await worker.runOnce();
    expect(visible(await c.send('ok'))).toContain(
      `I could not hand case ${reference} to your helpdesk: it did not accept it. Open a ticket yourself and attach the case files I sent (case-${reference}.md and .json)`,
    );
  });

  it('zh-CN and it: the offer in the conversation language; "skip" ends the case without sending', async () => {
    const { c, hook, outbox } = await withHelpdesk('zh-CN', () => ({ status: 200 }));
    hooks.push(hook);
    const summary = visible(await toSummary(c.send, { yes: '是', skip: '跳过', language: '中文' }, '案例摘要用哪种语言撰写？'));
    expect(summary).toContain('我还可以把此案例发送到您的服务台，由服务台为其创建工单。\n[发送到服务台]');
    await c.send('跳过');
    expect(await outbox.pendingIds()).toEqual([]);

    const it = await withHelpdesk('it-IT', () => ({ status: 200 }));
    hooks.push(it.hook);
    const riepilogo = visible(await toSummary(it.c.send, { yes: 'sì', skip: 'salta', language: 'Italiano' }, 'In che lingua devo scrivere il riepilogo del caso?'));
    expect(riepilogo).toContain("Posso anche inviare questo caso al vostro helpdesk, che aprirà un ticket.\n[Invia all'helpdesk]");
  });

  it('without a hand-off target the summary offers none', async () => {
    const c = conversation({ locale: 'en-US' });
    const summary = visible(await toSummary(c.send, { yes: 'yes', skip: 'skip', language: 'English' }, 'In which language should I write the case summary?'));
    expect(summary).not.toContain('helpdesk');
  });
});
