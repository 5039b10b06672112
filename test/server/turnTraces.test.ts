import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';

jest.setTimeout(120_000);

/**
 * The dialog library sends a trace of its whole memory each turn. Outside the Bot Framework Emulator it must not
 * reach the caller (it holds the user's paste) nor be stored with the turn's replies.
 */
const PASTE = 'Remote Server returned \'550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains\'';

describe('trace activities of a turn', () => {
  let app: App;
  let base: string;
  const storage = new InMemoryStorage();
  beforeAll(async () => {
    app = createApp(loadConfig({ ...process.env, STORAGE: 'memory' }), { storage, logDestination: { write: () => undefined } });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  const turn = async (channelId: string, conversation: string) => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m-${conversation}`,
        channelId,
        serviceUrl: base,
        from: { id: 'user-1' },
        recipient: { id: 'bot' },
        conversation: { id: conversation },
        locale: 'en-US',
        text: PASTE,
        deliveryMode: 'expectReplies',
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { activities: { type: string; text?: string }[] }).activities;
  };

  it.each(['directline', 'webchat', 'msteams'])('on %s: the answer holds the messages and no trace', async (channel) => {
    const activities = await turn(channel, `conv-${channel}`);
    expect(activities.map((a) => a.type)).not.toContain('trace');
    expect(activities.some((a) => a.type === 'message' && (a.text ?? '').includes('5.7.750'))).toBe(true);
  });

  it('the stored replies of a turn (kept to answer a redelivered message) hold no trace, on any channel', async () => {
    await turn('emulator', 'conv-emulator');
    for (const channel of ['directline', 'emulator']) {
      const key = `${channel}/conversations/conv-${channel}/`;
      const item = (await storage.read([key]))[key] as { lastTurn?: { replies: { type?: string }[] } } | undefined;
      expect(item?.lastTurn?.replies.length).toBeGreaterThan(0);
      expect(item!.lastTurn!.replies.map((a) => a.type)).not.toContain('trace');
      expect(JSON.stringify(item)).not.toContain('"turn":');
    }
  });

  it('the Bot Framework Emulator still gets its state trace', async () => {
    const activities = await turn('emulator', 'conv-emulator-2');
    expect(activities.filter((a) => a.type === 'trace')).toHaveLength(1);
  });
});
