import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { domainsPage, messageTrace, on, startGraphServer } from '../helpers/graphServer';

jest.setTimeout(180_000);

/**
 * The admin's Graph token is used for the turn that reads the tenant and kept nowhere of ours: not in the state file
 * (conversation state, dialog stack), not in the log lines, even at the most talkative log level with message text on.
 */
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.never-kept-graph-token-5b1e.signature';
const NDR = '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains\nFrom: Claire <claire@contoso.com>';

describe('the Graph token', () => {
  let dir: string;
  let storage: SqliteStorage;
  let app: App | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ndr-graph-token-'));
    storage = new SqliteStorage(join(dir, 'state.db'));
  });

  afterEach(async () => {
    await app?.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is in no saved state and no log line after a whole connected walk', async () => {
    const graph = await startGraphServer([
      on('/v1.0/domains', domainsPage),
      on('/v1.0/security/alerts_v2', () => ({ json: { value: [] } })),
      on('/v1.0/admin/exchange/tracing/messageTraces', () => ({ json: { value: [messageTrace('m1', 'a@fabrikam-mail.com', 'b@example.org', '2026-11-23T08:00:00Z')] } })),
      on('/v1.0/security/auditLog/queries', () => ({ status: 201, json: { id: 'q1', status: 'succeeded' } }), 'POST'),
      on('/v1.0/security/auditLog/queries/q1/records', () => ({ json: { value: [] } })),
    ]);
    const logs: string[] = [];
    try {
      const config = loadConfig({
        MicrosoftAppId: 'b1f5e7c2-0000-4000-8000-000000000001',
        MicrosoftAppPassword: 'not-used-here',
        LOG_LEVEL: 'trace',
        LOG_MESSAGE_TEXT: 'true',
        GRAPH_OAUTH_CONNECTION: 'graph',
        GRAPH_ENDPOINT: graph.origin,
      });
      app = createApp(config, { storage, logDestination: { write: (line: string) => void logs.push(line) }, sleep: async () => {} });
      const bot = app.bot;
      const adapter = new TestAdapter(async (context) => bot.run(context));
      adapter.addUserToken('graph', 'test', 'user1', TOKEN, '602214');
      const replies: string[] = [];
      const send = async (text: string) => {
        await adapter.send({ type: 'message', text, locale: 'en-US' } as Partial<Activity>);
        for (let r = adapter.activeQueue.shift(); r; r = adapter.activeQueue.shift()) replies.push(JSON.stringify(r));
      };
      for (const text of [NDR, 'yes', 'Connect your tenant', '602214', 'skip', 'skip', 'sign out', 'skip']) await send(text);

      // The walk did read the tenant with the token…
      expect(graph.seen.length).toBeGreaterThan(0);
      expect(graph.seen.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(replies.join('\n')).toContain('fabrikam-mail');
      expect(logs.filter((l) => JSON.parse(l).msg === 'turn')).toHaveLength(8);
      // …and kept it nowhere: not in the state file (and its journal), not in a log line, not in a reply.
      const saved = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
      expect(saved).toContain('fabrikam-mail.com');
      expect(saved).not.toContain(TOKEN);
      expect(logs.join('\n')).not.toContain(TOKEN);
      expect(replies.join('\n')).not.toContain(TOKEN);
    } finally {
      await graph.close();
    }
  });
});
