import type { OfflineChannelAuth } from '../helpers/offlineChannelAuth';
import { OUTBOUND_TOKEN, type FakeConnector } from '../helpers/fakeConnector';
import * as teams from '../helpers/teamsTarget';
import { CHANNEL, texts, type Reply, type Target } from '../helpers/teamsTarget';
import { cardValidationErrors } from '../case/validateCard';

jest.setTimeout(180_000);

/**
 * Card buttons on Teams: a question's choices are Action.Execute buttons (Action.Submit as fallback); pressing one
 * sends an `adaptiveCard/action` invoke, answered with HTTP 200 and the card updated, while the answer goes on
 * through the conversation as if typed. Every invoke gets 200.
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

interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data: Record<string, unknown>;
  fallback?: { type: string; title: string; data: Record<string, unknown> };
}
interface Card {
  type: string;
  version: string;
  body: { type: string; text?: string }[];
  actions?: CardAction[];
}

/** The adaptive card attached to a reply. */
function cardOf(reply: Reply | undefined): Card {
  const attachment = reply?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  expect(attachment).toBeDefined();
  return attachment!.content as Card;
}

const execute = (action: CardAction) => ({ action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' });

const CONFIRM_750 = 'This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?';
const UNKNOWN_BUTTON = 'Sorry, I could not read that button. Type your answer in the chat instead.';
const STALE = 'This question is already answered or no longer open. Answer the latest question in the chat.';

describe('a question in a channel thread, answered with its card', () => {
  let buttons: CardAction[] = [];
  const thread = 'card-thread-a';

  it('the confirm question shows its text and Yes / No as Action.Execute buttons falling back to Action.Submit', async () => {
    const { replies } = await teams.post(authenticated, auth, teams.mentioning(connector.url, 'channel', '550 5.7.750', thread));
    const question = replies.find((r) => r.text === CONFIRM_750);
    const card = cardOf(question);
    expect(cardValidationErrors(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    buttons = card.actions ?? [];
    expect(buttons.map((b) => [b.type, b.title, b.verb, b.data.answer, b.fallback?.type, b.fallback?.data.verb, b.fallback?.data.answer])).toEqual([
      ['Action.Execute', 'Yes', 'ndrTriage.answer', 'Yes', 'Action.Submit', 'ndrTriage.answer', 'Yes'],
      ['Action.Execute', 'No', 'ndrTriage.answer', 'No', 'Action.Submit', 'ndrTriage.answer', 'No'],
    ]);
  });

  it('pressing Yes: 200 with the card, buttons gone and the answer shown; the thread goes on to step 1', async () => {
    const calls = connector.calls.length;
    const activity = teams.invoke(connector.url, 'channel', 'adaptiveCard/action', execute(buttons[0]!), { thread });
    const { status, body } = await teams.post(authenticated, auth, activity, { expectReplies: false });
    expect(status).toBe(200);
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        body: [{ type: 'TextBlock', text: '✔ Your answer: Yes', wrap: true, isSubtle: true }],
      },
    });
    // The next messages went to the thread through the connector, with the bot's token.
    const sent = connector.calls.slice(calls);
    expect(sent.every((c) => c.path.startsWith(`/v3/conversations/${CHANNEL};messageid=${thread}/activities`) && c.authorization === `Bearer ${OUTBOUND_TOKEN}`)).toBe(true);
    expect(sent.some((c) => String(c.body.text).startsWith('Step 1 of 7: '))).toBe(true);
  });

  it('the same card pressed again: 200, the card says the question is closed, nothing moves', async () => {
    const calls = connector.calls.length;
    const { status, body } = await teams.post(authenticated, auth, teams.invoke(connector.url, 'channel', 'adaptiveCard/action', execute(buttons[1]!), { thread }), { expectReplies: false });
    expect(status).toBe(200);
    expect((body as { value: Card }).value.body).toEqual([{ type: 'TextBlock', text: STALE, wrap: true }]);
    expect(connector.calls.length).toBe(calls);
  });

  it('typed text still answers: "@NDR Triage skip" moves on from step 1', async () => {
    const { replies } = await teams.post(authenticated, auth, teams.mentioning(connector.url, 'channel', 'skip', thread));
    expect(texts(replies).some((t) => t.startsWith('Step 2 of 7: '))).toBe(true);
  });
});

describe('buttons the bot cannot read get a polite card, never an error', () => {
  it.each([
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'deleteEverything', data: {} } }],
    ['an answer without its question', { action: { type: 'Action.Execute', verb: 'ndrTriage.answer', data: { answer: 'Yes' } } }],
    ['an answer too long for a button', { action: { type: 'Action.Execute', verb: 'ndrTriage.answer', data: { answer: 'y'.repeat(501), prompt: 'p' } } }],
    ['a value that is not an action', 'nonsense'],
    ['no value at all', undefined],
  ])('%s: 200 with "could not read that button"', async (_name, value) => {
    const { status, body } = await teams.post(authenticated, auth, teams.invoke(connector.url, 'personal', 'adaptiveCard/action', value), { expectReplies: false });
    expect(status).toBe(200);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect((body as { value: Card }).value.body).toEqual([{ type: 'TextBlock', text: UNKNOWN_BUTTON, wrap: true }]);
  });

  it('in the language of the invoke: French', async () => {
    const value = { action: { type: 'Action.Execute', verb: 'deleteEverything' } };
    const { body } = await teams.post(authenticated, auth, teams.invoke(connector.url, 'groupChat', 'adaptiveCard/action', value, { locale: 'fr-FR' }), { expectReplies: false });
    expect((body as { value: Card }).value.body[0]!.text).toBe("Désolé, je n'ai pas pu lire ce bouton. Tapez plutôt votre réponse dans la conversation.");
  });

  it('task/fetch (no task module is declared): 200 with a line of text', async () => {
    const { status, body } = await teams.post(authenticated, auth, teams.invoke(connector.url, 'personal', 'task/fetch', { data: { foo: 1 } }), { expectReplies: false });
    expect(status).toBe(200);
    expect(body).toEqual({ task: { type: 'message', value: 'There is nothing to open here. Write to me in the chat, or use "Triage this NDR" on a bounce message.' } });
  });

  it('an invoke nobody declared: 200 with an empty body', async () => {
    const { status, body } = await teams.post(authenticated, auth, teams.invoke(connector.url, 'personal', 'composeExtension/query', { commandId: 'x' }), { expectReplies: false });
    expect(status).toBe(200);
    expect(body).toBeUndefined();
  });
});

describe('Action.Submit fallback (a message with the button data as value, no text)', () => {
  it('in a channel, without any mention, the answer goes on like a typed one', async () => {
    const thread = 'card-thread-submit';
    const { replies } = await teams.post(authenticated, auth, teams.mentioning(connector.url, 'channel', '550 5.7.750', thread));
    const no = cardOf(replies.find((r) => r.text === CONFIRM_750)).actions![1]!.fallback!;
    const submit = { ...(teams.message(connector.url, 'channel', '', { thread }) as Record<string, unknown>), text: undefined, value: no.data };
    const after = texts((await teams.post(authenticated, auth, submit)).replies);
    expect(after).not.toContain(CONFIRM_750);
    expect(after.some((t) => t.startsWith('Step 1 of '))).toBe(false);
    expect(authenticated.readTexts.at(-1)).toBe('No');
  });

  it('data of a button the bot never made: the polite line, nothing else', async () => {
    const submit = { ...(teams.message(connector.url, 'personal', '') as Record<string, unknown>), text: undefined, value: { verb: 'nonsense' } };
    expect(texts((await teams.post(authenticated, auth, submit)).replies)).toEqual([UNKNOWN_BUTTON]);
  });
});

describe('local mode: the same invoke over /api/messages with expectReplies, no channel token', () => {
  it('the invoke response comes back in the HTTP body with the next question', async () => {
    const base = local.base;
    const thread = 'local-thread';
    const { replies } = await teams.post(local, null, teams.mentioning(base, 'channel', '550 5.7.750', thread));
    const yes = cardOf(replies.find((r) => r.text === CONFIRM_750)).actions![0]!;
    const { status, replies: after } = await teams.post(local, null, teams.invoke(base, 'channel', 'adaptiveCard/action', execute(yes), { thread }));
    expect(status).toBe(200);
    const response = after.find((r) => r.type === 'invokeResponse');
    expect(response?.value).toEqual({
      status: 200,
      body: {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: expect.objectContaining({ body: [{ type: 'TextBlock', text: '✔ Your answer: Yes', wrap: true, isSubtle: true }] }),
      },
    });
    expect(texts(after).some((t) => t.startsWith('Step 1 of 7: '))).toBe(true);
  });
});
