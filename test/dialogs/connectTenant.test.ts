import { TurnContext, type Activity } from 'botbuilder';
import { DENYING_TENANT, RELAYING_TENANT as TENANT, on, startGraphServer } from '../helpers/graphServer';
import { ACCEPTED, APP_ID, CONNECTION, conversation, evidence, graphDeps, visible } from './harness';

jest.setTimeout(180_000);

/**
 * "Connect your tenant" in a 5.7.750 conversation: the admin signs in (the OAuthPrompt's magic-code flow, which the
 * test adapter supports), and the steps Graph can read are checked with no paste; where Graph refuses, the step
 * says why and asks for the paste as before.
 */

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.graph-token-for-tests-7f3c.sig';
const NDR = evidence('ndr-en.txt');

/** The OAuth card the sign-in prompt sent, if any. */
function oauthCard(replies: readonly Partial<Activity>[]) {
  return replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.oauth');
}

describe('Connect your tenant', () => {
  it('en: signs in, reads domains, trace, alert and audit through Graph with no paste, and finds the unaccepted sender domain', async () => {
    const graph = await startGraphServer(TENANT);
    try {
      const c = conversation({ graph: graphDeps(graph.origin) });
      c.adapter.addUserToken(CONNECTION, 'test', 'user1', TOKEN, '314159');
      expect(visible(await c.send(NDR))).toContain('This looks like 5.7.750');
      const step1 = visible(await c.send('yes'));
      expect(step1).toContain('Step 1 of 7: Accepted domains');
      expect(step1).toContain('[Connect your tenant] [I ran it — nothing unusual] [I can\'t run it] [Skip]');

      const signIn = await c.send('Connect your tenant');
      const card = oauthCard(signIn);
      expect(card?.content).toMatchObject({ connectionName: CONNECTION, text: expect.stringContaining('Sign in with an administrator account of your tenant') });
      expect(graph.seen).toEqual([]);

      const read = visible(await c.send('314159'));
      expect(read).toContain('Signed in. Reading your tenant through Microsoft Graph…');
      expect(read).toContain('Microsoft raised the alert “Tenant restricted from sending unprovisioned email” at 2026-11-23 06:00 UTC.');
      expect(read).toContain('It said: Mail from unprovisioned domains');
      expect(read).toContain('Read through Microsoft Graph at 2026-11-23 10:00 UTC: 3 step(s) checked with no paste needed.');
      expect(read).toContain('✔ Looks good.\n• contoso\\.com is an accepted domain of your tenant (listed as contoso\\.com).\n(read through Microsoft Graph at 2026-11-23 10:00 UTC, 2 records)');
      // Inbound connectors have no Graph API: that step keeps the paste, and says why.
      expect(read).toContain('Step 2 of 7: Inbound connectors');
      expect(read).toContain('“Inbound connectors” cannot be read through Microsoft Graph: Exchange Online offers no Graph API for it, only PowerShell.');
      expect(read).not.toContain('[Connect your tenant]');
      expect(graph.seen.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

      const audit = visible(await c.send('skip'));
      expect(audit).toContain('Step 3 of 7');
      expect(audit).toContain('(read through Microsoft Graph at 2026-11-23 10:00 UTC, 0 records)');
      expect(audit).toContain('Step 4 of 7: Message trace of the last two days');
      expect(audit).toContain('2 message(s) left your tenant from fabrikam-mail\\.com, which is not one of your accepted domains.');
      expect(audit).toContain('(read through Microsoft Graph at 2026-11-23 10:00 UTC, 3 records)');
      expect(audit).toContain('Step 5 of 7');

      // The case says where the evidence came from, and carries the alert; the token was never saved.
      let summary = '';
      for (let i = 0; i < 15 && !summary.includes('Support case summary'); i++) summary = visible(await c.send(i === 14 ? 'English' : 'skip'));
      expect(summary).toContain('Microsoft Graph, read at 2026-11-23 10:00 UTC');
      expect(summary).toContain('{"title":"Restriction alert","value":"Tenant restricted from sending unprovisioned email \\\\(2026-11-23 06:00 UTC\\\\)"}');
      const saved = Object.values(memoryOf(c)).join('\n');
      expect(saved).toContain('readAt');
      expect(saved).not.toContain(TOKEN);
    } finally {
      await graph.close();
    }
  });

  it('en: Graph answers 403: the step names the permission and the consent address, and the paste still works', async () => {
    const graph = await startGraphServer(DENYING_TENANT);
    try {
      const c = conversation({ graph: graphDeps(graph.origin) });
      c.adapter.addUserToken(CONNECTION, 'test', 'user1', TOKEN);
      await c.send(NDR);
      await c.send('yes');
      // Already signed in: the prompt gives the token at once, with no card.
      const refused = await c.send('Connect your tenant');
      expect(oauthCard(refused)).toBeUndefined();
      const shown = visible(refused);
      expect(shown).toContain('I could not read “Accepted domains” through Microsoft Graph: the permission Domain\\.Read\\.All is missing or has no admin consent. Please paste the export for it.');
      expect(shown.split('adminconsent')).toHaveLength(2);
      expect(shown).toContain(
        `An administrator can grant the missing permissions to the app at https\\://login\\.microsoftonline\\.com/organizations/adminconsent?client\\_id=${APP_ID}; after that, “Connect your tenant” reads those steps too.`,
      );
      expect(shown).toContain('the permission ExchangeMessageTrace\\.Read\\.All is missing');
      expect(shown).toContain('the permission AuditLogsQuery-Exchange\\.Read\\.All is missing');
      expect(shown).not.toContain('step(s) checked');
      expect(shown).toContain('Step 1 of 7: Accepted domains');
      expect(visible(await c.send(ACCEPTED))).toContain('contoso\\.com is an accepted domain of your tenant');
    } finally {
      await graph.close();
    }
  });

  it('en: a token service that fails leaves the step asking for the paste, and the walk goes on', async () => {
    const graph = await startGraphServer(TENANT);
    try {
      const c = conversation({ graph: graphDeps(graph.origin) });
      c.adapter.getUserToken = async () => {
        throw new Error('token service unreachable');
      };
      await c.send(NDR);
      await c.send('yes');
      const failed = visible(await c.send('Connect your tenant'));
      expect(failed).toContain('The sign-in service could not be reached just now, so this step still needs the export.');
      expect(failed).toContain('Step 1 of 7: Accepted domains');
      expect(graph.seen).toEqual([]);
      expect(visible(await c.send(ACCEPTED))).toContain('contoso\\.com is an accepted domain of your tenant');
    } finally {
      await graph.close();
    }
  });

  it('en: a sign-in that is not completed leaves the step asking for the paste', async () => {
    const graph = await startGraphServer(TENANT);
    try {
      const c = conversation({ graph: graphDeps(graph.origin) });
      await c.send(NDR);
      await c.send('yes');
      expect(oauthCard(await c.send('Connect your tenant'))).toBeDefined();
      const after = visible(await c.send('never mind'));
      expect(after).toContain('The sign-in was not completed, so this step still needs the export.');
      expect(after).toContain('Step 1 of 7: Accepted domains');
      expect(graph.seen).toEqual([]);
    } finally {
      await graph.close();
    }
  });

  it('en: "sign out" works at any step and signs out of the token store', async () => {
    const graph = await startGraphServer(TENANT);
    try {
      const c = conversation({ graph: graphDeps(graph.origin) });
      c.adapter.addUserToken(CONNECTION, 'test', 'user1', TOKEN);
      await c.send(NDR);
      await c.send('yes');
      expect(visible(await c.send('Connect your tenant'))).toContain('Step 2 of 7');
      const stored = () => c.adapter.getUserToken(new TurnContext(c.adapter, { type: 'message', channelId: 'test', from: { id: 'user1', name: 'User1' } }), CONNECTION);
      expect((await stored())?.token).toBe(TOKEN);
      const out = visible(await c.send('sign out'));
      expect(out).toContain('Signed out: I no longer read your tenant');
      expect(out).toContain('Step 2 of 7');
      expect(await stored()).toBeUndefined();
    } finally {
      await graph.close();
    }
  });

  it('en: a slow audit search says it is still waiting, falls back to the paste, and is looked at again at its step; a throttled trace says so', async () => {
    let auditDone = false;
    const graph = await startGraphServer([
      on('/v1.0/security/auditLog/queries', () => ({ status: 201, json: { id: 'q-slow', status: 'notStarted' } }), 'POST'),
      on('/v1.0/security/auditLog/queries/q-slow', () => ({ json: { id: 'q-slow', status: auditDone ? 'succeeded' : 'running' } })),
      on('/v1.0/security/auditLog/queries/q-slow/records', () => ({ json: { value: [] } })),
      on('/v1.0/admin/exchange/tracing/messageTraces', () => ({ status: 429, headers: { 'Retry-After': '12' }, json: { error: { code: 'TooManyRequests' } } })),
      ...TENANT,
    ]);
    const waits: number[] = [];
    try {
      const c = conversation({ graph: graphDeps(graph.origin, waits) });
      c.adapter.addUserToken(CONNECTION, 'test', 'user1', TOKEN);
      await c.send(NDR);
      await c.send('yes');
      const first = visible(await c.send('connect your tenant'));
      expect(first.split('Still waiting for the audit search…')).toHaveLength(2);
      expect(first).toContain('The audit search for “Connector changes in the audit log” is still running in Microsoft Purview.');
      expect(first).toContain('I could not read “Message trace of the last two days” through Microsoft Graph: it is throttling requests right now.');
      expect(first).toContain('1 step(s) checked with no paste needed');
      // Two waits for the audit search (5 s each, up to GRAPH_AUDIT_WAIT_MS), two Retry-After waits for the trace.
      expect(waits).toEqual([5000, 5000, 12_000, 12_000]);

      const step3 = visible(await c.send('skip'));
      expect(step3).toContain('Step 3 of 7: Connector changes in the audit log');
      expect(step3).toContain('[Connect your tenant]');
      auditDone = true;
      const again = visible(await c.send('Connect your tenant'));
      expect(again).toContain('The audit export holds 0 record(s)');
      expect(graph.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
    } finally {
      await graph.close();
    }
  });

  it('en: "sign out" as the first message signs out too, then asks what is happening', async () => {
    const graph = await startGraphServer(TENANT);
    try {
      const c = conversation({ graph: graphDeps(graph.origin) });
      c.adapter.addUserToken(CONNECTION, 'test', 'user1', TOKEN);
      const shown = visible(await c.send('log out'));
      expect(shown).toContain('Signed out: I no longer read your tenant');
      expect(shown).toContain('What is happening?');
      expect(await c.adapter.getUserToken(new TurnContext(c.adapter, { type: 'message', channelId: 'test', from: { id: 'user1', name: 'User1' } }), CONNECTION)).toBeUndefined();
    } finally {
      await graph.close();
    }
  });

  it('offers nothing when no OAuth connection is configured', async () => {
    const c = conversation();
    await c.send(NDR);
    const step1 = visible(await c.send('yes'));
    expect(step1).toContain('[I ran it — nothing unusual] [I can\'t run it] [Skip]');
    expect(step1).not.toContain('Connect your tenant');
  });
});

/** What the conversation saved, as stored (MemoryStorage keeps each item as a JSON string). */
function memoryOf(c: ReturnType<typeof conversation>): Record<string, string> {
  return (c.conversationState as unknown as { storage: { memory: Record<string, string> } }).storage.memory;
}
