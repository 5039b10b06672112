import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConversationState, MemoryStorage, type Activity, type TestAdapter } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog';
import type { GraphDialogDeps } from '../../dialogs/dialogDeps';
import { CHECKERS } from '../../src/checks/checkers';
import type { TriageSession } from '../../src/conversation/session';
import { triageDeps } from '../helpers/triageDeps';
import type { CaseHandoff } from '../../src/handoff/caseHandoff';

export const NOW = new Date('2026-11-23T10:00:00Z');

/** A fresh conversation with the real catalog, recognizer and checkers; storage can be shared to test resuming. */
export function conversation(options: { channel?: string; storage?: MemoryStorage; locale?: string; handoff?: CaseHandoff; graph?: GraphDialogDeps } = {}) {
  const conversationState = new ConversationState(options.storage ?? new MemoryStorage());
  const session = conversationState.createProperty<TriageSession>('session');
  let seed = 42;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const dialog = new MainDialog({
    triage: triageDeps(),
    session,
    checkers: CHECKERS,
    now: () => NOW,
    random,
    ...(options.handoff ? { handoff: options.handoff } : {}),
    ...(options.graph ? { graph: options.graph } : {}),
  });
  const client = new DialogTestClient(options.channel ?? 'test', dialog, undefined, [], conversationState);
  const locale = options.locale ?? 'en-US';

  /** Sends one message and returns every reply of that turn. */
  async function send(text: string): Promise<Partial<Activity>[]> {
    const replies: Partial<Activity>[] = [];
    const first = await client.sendActivity({ type: 'message', text, locale });
    if (first) replies.push(first);
    for (let r = client.getNextReply(); r; r = client.getNextReply()) replies.push(r);
    return replies;
  }
  /** The client's adapter: its token store is where a test signs the user in (addUserToken). */
  const adapter = (client as unknown as { readonly _testAdapter: TestAdapter })._testAdapter;
  return { client, send, conversationState, adapter };
}

/** What a user sees of a turn: texts, button titles and card texts, in order. */
export function visible(replies: readonly Partial<Activity>[]): string {
  return replies
    .map((r) => {
      const buttons = r.suggestedActions?.actions.map((a) => `[${a.title}]`).join(' ') ?? '';
      // Cards as their JSON; files (the case as .json and .md) by name, as a chat shows them.
      const cards = (r.attachments ?? []).map((a) => (a.contentType === 'application/vnd.microsoft.card.adaptive' ? JSON.stringify(a.content) : `[file ${a.name}]`));
      return [r.text ?? '', buttons, ...cards].filter(Boolean).join('\n');
    })
    .join('\n---\n');
}

/** A file of test/fixtures/dialogs: the NDRs and exports the transcripts paste. */
export const evidence = (file: string): string => readFileSync(join(__dirname, '..', 'fixtures', 'dialogs', file), 'utf8');
export const ACCEPTED = evidence('accepted-domains.txt');
export const CONNECTORS = evidence('inbound-connectors.txt');
export const AUDIT = evidence('audit.csv');
export const TRACE = evidence('trace.txt');

/** The OAuth connection and app the Graph tests sign in with. */
export const CONNECTION = 'graph';
export const APP_ID = '11111111-2222-3333-4444-555555555555';

/** "Connect your tenant" against a local Graph; retries and polls wait for nothing (the waits are recorded). */
export function graphDeps(origin: string, waits: number[] = []): GraphDialogDeps {
  return {
    connectionName: CONNECTION,
    appId: APP_ID,
    auditWaitMs: 10_000,
    client: {
      endpoint: origin,
      timeoutMs: 5000,
      maxPages: 5,
      maxItems: 1000,
      maxRetries: 2,
      fetch: (url, init) => fetch(url, init),
      sleep: async (ms) => void waits.push(ms),
    },
  };
}
