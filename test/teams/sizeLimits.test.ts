import { buildCase } from '../../src/case/buildCase';
import type { CaseSummary } from '../../src/case/caseSummary';
import { renderAdaptiveCard } from '../../src/case/renderAdaptiveCard';
import { TEAMS_CARD_MAX_BYTES } from '../../dialogs/sendCaseSummary';
import { deps, EN_LABELS, sampleInput } from '../fixtures/case/caseFixture';
import { cardValidationErrors } from '../case/validateCard';
import { startOfflineChannelAuth, type OfflineChannelAuth } from '../helpers/offlineChannelAuth';
import * as teams from '../helpers/teamsTarget';
import { TENANT, texts, type Target } from '../helpers/teamsTarget';

jest.setTimeout(180_000);

/** Teams refuses messages over about 28 KB: what the bot sends stays under it, and a longer paste is sent back as advice. */
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('the case card on Teams', () => {
  const small = buildCase(sampleInput(), deps());
  const line = (i: number) => `Received: from relay${i}.contoso.com (10.0.0.${i % 250}) by AM0PR01MB1234.eurprd01.prod.outlook.com with Microsoft SMTP Server id 15.20.7452.${i}`;
  const sample = Array.from({ length: 60 }, (_, i) => line(i)).join('\n').slice(0, 4000);
  const finding = (i: number) => ({ ...small.prerequisites[0]!.findings[0]!, text: `Connector ${i}: ${'sends for a domain that is not accepted (fabrikam-partner.example) '.repeat(14)}`.slice(0, 1000) });
  // A case as large as the case limits allow: long samples, fifty long findings a prerequisite, long lists.
  const big: CaseSummary = {
    ...small,
    ndrSamples: Array.from({ length: 5 }, () => ({ ...small.ndrSamples[0]!, text: sample })),
    prerequisites: small.prerequisites.map((p) => ({ ...p, findings: Array.from({ length: 50 }, (_, i) => finding(i)) })),
    actionsTaken: Array.from({ length: 50 }, (_, i) => `Step ${i}: ${'removed a forwarding rule and reset the password. '.repeat(18)}`.slice(0, 1000)),
  };

  it('a case this large is well over the limit as the full card', () => {
    expect(bytes(renderAdaptiveCard(big, EN_LABELS))).toBeGreaterThan(28 * 1024);
  });

  it('is kept under the limit, still valid, says that the files hold all of it, and keeps what matters first', () => {
    const card = renderAdaptiveCard(big, EN_LABELS, { maxBytes: TEAMS_CARD_MAX_BYTES });
    expect(bytes(card)).toBeLessThanOrEqual(24 * 1024);
    expect(cardValidationErrors(card)).toEqual([]);
    const blocks = card.body.filter((e) => e.type === 'TextBlock').map((e) => e.text);
    expect(blocks.slice(0, 2)).toEqual([
      'Support case summary',
      'This card leaves out part of the case to fit in a Teams message; the attached files hold all of it.',
    ]);
    // Every prerequisite is still there with its verdict.
    const containers = card.body.filter((e) => e.type === 'Container' && (e.style as string) !== undefined);
    expect(containers.length).toBeGreaterThanOrEqual(big.prerequisites.length);
  });

  it('a case that fits is the same card as without a limit, with no such line', () => {
    expect(renderAdaptiveCard(small, EN_LABELS, { maxBytes: TEAMS_CARD_MAX_BYTES })).toEqual(renderAdaptiveCard(small, EN_LABELS));
  });
});

describe('a pasted text longer than a Teams message', () => {
  let auth: OfflineChannelAuth;
  let target: Target;
  beforeAll(async () => {
    auth = await startOfflineChannelAuth(['msteams']);
    target = await teams.startTarget(auth);
  });
  afterAll(async () => {
    await target.app.close();
    await auth.close();
  });

  it('is answered with the advice to attach a file, and starts nothing', async () => {
    const pasted = `550 5.7.750 ${'Received: from relay.contoso.com by outlook.com; '.repeat(640)}`;
    const conversation = { id: 'a:1personal-chat-too-long', conversationType: 'personal', tenantId: TENANT };
    const { status, replies } = await teams.post(target, auth, { ...(teams.message(target.base, 'personal', pasted) as Record<string, unknown>), conversation });
    expect(status).toBe(200);
    expect(texts(replies)).toEqual([
      'Your message is 31 KB, more than Teams carries whole (about 28 KB), so part of it may be missing. Attach the bounce or the export as a file instead (.eml, .txt, .csv or .json): I read files.',
    ]);
    // Only the record of this turn's reply is kept (a repeated delivery gets the same answer): no case, no dialog.
    const key = `msteams/conversations/${conversation.id}/`;
    expect(Object.keys((await target.storage.read([key]))[key] ?? {}).sort()).toEqual(['eTag', 'lastTurn']);
  });

  it('in French, with French typography', async () => {
    const pasted = 'x'.repeat(29 * 1024);
    const { replies } = await teams.post(target, auth, teams.message(target.base, 'personal', pasted, { locale: 'fr-FR' }));
    expect(texts(replies)).toEqual([
      "Votre message fait 29 Ko, plus que ce que Teams transmet en entier (environ 28 Ko)\u00a0: une partie peut manquer. Joignez plutôt le NDR ou l'export en tant que fichier (.eml, .txt, .csv ou .json)\u00a0: je lis les fichiers.",
    ]);
  });
});
