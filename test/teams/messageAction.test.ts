import type { OfflineChannelAuth } from '../helpers/offlineChannelAuth';
import { OUTBOUND_TOKEN, type FakeConnector } from '../helpers/fakeConnector';
import * as teams from '../helpers/teamsTarget';
import { BOT, CLAIRE, TENANT, type Target } from '../helpers/teamsTarget';
import { cardValidationErrors } from '../case/validateCard';

jest.setTimeout(180_000);

/**
 * "Triage this NDR" on a message in Teams: `composeExtension/fetchTask` (and `submitAction`) with the message in
 * `messagePayload.body.content` answer HTTP 200 with a dialog holding the triage card; "Continue in a personal
 * chat" opens the personal chat through the connector and starts the full check there.
 */
let pair: teams.TargetPair;
let auth: OfflineChannelAuth;
let connector: FakeConnector;
let authenticated: Target;
let local: Target;

beforeAll(async () => {
  pair = await teams.startTargetPair();
  ({ auth, connector, authenticated, local } = pair);
});

afterAll(() => teams.stopTargetPair(pair));

/** An Outlook NDR as Teams hands over a pasted message: HTML, entities and all. */
const NDR_750_HTML = [
  '<div><p><b>Delivery has failed to these recipients or groups:</b></p>',
  '<p><a href="mailto:bob@fabrikam.com">bob@fabrikam.com</a><br>Your message couldn&#39;t be delivered. The sending organization was blocked.</p>',
  '<p><b>Diagnostic information for administrators:</b></p>',
  '<p>Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com</p>',
  '<p>bob@fabrikam.com<br>Remote server returned &#39;550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains&#39;</p></div>',
].join('');

const payload = (content: string, contentType = 'html') => ({
  id: '1712345678901',
  messageType: 'message',
  from: { user: { id: CLAIRE.aadObjectId, displayName: CLAIRE.name } },
  body: { contentType, content },
});

const fetchTask = (content: string, options: { locale?: string; commandId?: string } = {}) =>
  teams.invoke(connector.url, 'channel', 'composeExtension/fetchTask', { commandId: options.commandId ?? 'triageNdr', commandContext: 'message', context: { theme: 'default' }, messagePayload: payload(content) }, { locale: options.locale });

interface TaskResponse {
  task: { type: string; value: { title: string; card: { contentType: string; content: { body: { type: string; text?: string; facts?: { title: string; value: string }[] }[]; actions?: { type: string; title: string; data: unknown }[] } } } };
}

/** What a person reads on the card, in order: each TextBlock's text and each fact as "title: value". */
function shown(body: unknown): string[] {
  const card = (body as TaskResponse).task.value.card.content;
  return card.body.flatMap((e) => (e.type === 'FactSet' ? e.facts!.map((f) => `${f.title}: ${f.value}`) : [e.text ?? '']));
}
const buttons = (body: unknown) => ((body as TaskResponse).task.value.card.content.actions ?? []).map((a) => a.title);

describe('Triage this NDR', () => {
  it('an HTML-pasted 5.7.750 NDR: 200, a dialog whose card names the block, why, who lifts it, the first steps and "continue"', async () => {
    const { status, body } = await teams.post(authenticated, auth, fetchTask(NDR_750_HTML), { expectReplies: false });
    expect(status).toBe(200);
    const task = (body as TaskResponse).task;
    expect(task.type).toBe('continue');
    expect(task.value.title).toBe('Triage this NDR');
    expect(task.value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardValidationErrors(task.value.card.content)).toEqual([]);
    expect(shown(body)).toEqual([
      'Sending block 5.7.750: Tenant blocked from sending mail from unregistered domains',
      'Cause',
      expect.stringMatching(/^Exchange Online saw a large amount of mail leave your tenant with sender domains that are not accepted domains/),
      'Who lifts it: Microsoft Support',
      'First steps',
      expect.stringMatching(/^1\. Export your accepted domains and compare them/),
      expect.stringMatching(/^2\. If you legitimately relay mail for domains you don't own/),
      expect.stringMatching(/^3\. Look for forwarding to outside addresses/),
    ]);
    expect(buttons(body)).toEqual(['Continue the full check in a personal chat']);
  });

  it('submitAction without button data (a client that skips the fetch) gets the same card', async () => {
    const activity = { ...(fetchTask(NDR_750_HTML) as Record<string, unknown>), name: 'composeExtension/submitAction' };
    const { status, body } = await teams.post(authenticated, auth, activity, { expectReplies: false });
    expect(status).toBe(200);
    expect(shown(body)[0]).toBe('Sending block 5.7.750: Tenant blocked from sending mail from unregistered domains');
  });

  it('in the language of the person who used it: French', async () => {
    const { body } = await teams.post(authenticated, auth, fetchTask(NDR_750_HTML, { locale: 'fr-FR' }), { expectReplies: false });
    expect((body as TaskResponse).task.value.title).toBe('Trier ce NDR');
    expect(shown(body).slice(0, 2)).toEqual(["Blocage d'envoi 5.7.750\u00a0: Locataire bloqué pour l'envoi depuis des domaines non enregistrés", 'Cause']);
    expect(shown(body)[3]).toBe('Qui le lève: le support Microsoft');
    expect(buttons(body)).toEqual(['Poursuivre la vérification complète en conversation privée']);
  });

  it.each([
    ['a message with no bounce', () => fetchTask('<p>Lunch at noon? 🍕</p>')],
    ['another command id', () => fetchTask(NDR_750_HTML, { commandId: 'somethingElse' })],
    ['no message at all', () => teams.invoke(connector.url, 'personal', 'composeExtension/fetchTask', { commandId: 'triageNdr' })],
  ])('%s: 200 and a polite "nothing to triage" card, no button', async (_name, activity) => {
    const { status, body } = await teams.post(authenticated, auth, activity(), { expectReplies: false });
    expect(status).toBe(200);
    expect(shown(body)).toEqual([
      'I found no Exchange Online sending block in this message. Use this action on a bounce message (NDR), or on a message that quotes its error code, such as 5.7.750.',
    ]);
    expect(buttons(body)).toEqual([]);
  });

  it('a known code that is no sending block is explained', async () => {
    const { body } = await teams.post(authenticated, auth, fetchTask("<p>Remote server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'</p>"), { expectReplies: false });
    expect(shown(body)).toHaveLength(1);
    expect(shown(body)[0]).toMatch(/^5\.1\.1 — /);
  });
});

describe('Continue the full check in a personal chat', () => {
  const pressContinue = () => ({
    ...(fetchTask(NDR_750_HTML) as Record<string, unknown>),
    name: 'composeExtension/submitAction',
    value: { commandId: 'triageNdr', commandContext: 'message', messagePayload: payload(NDR_750_HTML), data: { verb: 'ndrTriage.continueInChat' } },
  });

  it('creates the personal chat with the user (tenant named) and starts the check there with the NDR already read', async () => {
    const calls = connector.calls.length;
    const { status, body } = await teams.post(authenticated, auth, pressContinue(), { expectReplies: false });
    expect(status).toBe(200);
    expect(shown(body)).toEqual(['I have opened a personal chat with you, with this NDR already in it: continue the check there.']);
    const made = connector.calls.slice(calls);
    expect(made[0]).toMatchObject({
      method: 'POST',
      path: '/v3/conversations',
      authorization: `Bearer ${OUTBOUND_TOKEN}`,
      body: { isGroup: false, bot: { id: BOT.id }, members: [{ id: CLAIRE.id }], tenantId: TENANT, channelData: { tenant: { id: TENANT } } },
    });
    const sent = made.slice(1);
    expect(sent.map((c) => [c.method, c.path])).toEqual(sent.map(() => ['POST', '/v3/conversations/a:1new-personal-chat/activities']));
    expect(sent.map((c) => c.body.text)).toEqual([
      "You asked me to triage a message in Teams: I have it here, no need to paste it again. Let's finish the check.",
      'This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?',
    ]);
    // The personal chat now waits for that answer: "Yes" there goes on to step 1.
    const { replies } = await teams.post(authenticated, auth, {
      ...(teams.message(connector.url, 'personal', 'Yes') as Record<string, unknown>),
      conversation: { id: 'a:1new-personal-chat', conversationType: 'personal', tenantId: TENANT },
    });
    expect(teams.texts(replies).some((t) => t.startsWith('Step 1 of 7: '))).toBe(true);
  });

  it('when Teams refuses the chat (app not installed for the user): 200 and a card that says to paste it in a chat', async () => {
    connector.refuseCreate = 403;
    try {
      const { status, body } = await teams.post(authenticated, auth, pressContinue(), { expectReplies: false });
      expect(status).toBe(200);
      expect(shown(body)).toEqual(["I can't open a personal chat from here. Paste the NDR in a chat with me to continue the check."]);
      expect(authenticated.warnings.some((w) => w.includes('personal chat not opened'))).toBe(true);
    } finally {
      connector.refuseCreate = null;
    }
  });

  it('local mode (no app id, replies only in the response): the card has no continue button, and continue says why', async () => {
    const fetched = await teams.post(local, null, { ...(fetchTask(NDR_750_HTML) as Record<string, unknown>), serviceUrl: local.base });
    const response = fetched.replies.find((r) => r.type === 'invokeResponse')?.value as { status: number; body: unknown };
    expect(response.status).toBe(200);
    expect(shown(response.body)[0]).toBe('Sending block 5.7.750: Tenant blocked from sending mail from unregistered domains');
    expect(buttons(response.body)).toEqual([]);
    const pressed = await teams.post(local, null, { ...pressContinue(), serviceUrl: local.base });
    const answer = pressed.replies.find((r) => r.type === 'invokeResponse')?.value as { status: number; body: unknown };
    expect(shown(answer.body)).toEqual(["I can't open a personal chat from here. Paste the NDR in a chat with me to continue the check."]);
  });
});
