import { conversation, visible, evidence, ACCEPTED, CONNECTORS, TRACE } from './harness';

jest.setTimeout(180_000);

/**
 * Evidence as people really paste it, in each language of the conversation: a table from Teams as HTML with a line
 * of chat above it, a Format-Table whose runs of spaces the chat client collapsed, a trace exported on a French
 * machine (day first, which a day over 12 in the column proves), a trace whose dates could be read either way, and
 * the wrong export at a step.
 */

const TEAMS_HTML =
  '<p>Here it is / voici / ecco / 如下:</p><table><tr><th>Name</th><th>DomainName</th><th>DomainType</th><th>Default</th></tr>' +
  '<tr><td>contoso.com</td><td>contoso.com</td><td>Authoritative</td><td>True</td></tr>' +
  '<tr><td>contoso.onmicrosoft.com</td><td>contoso.onmicrosoft.com</td><td>Authoritative</td><td>False</td></tr></table>';
/** What a chat client leaves of a Format-Table: every run of spaces is one space. */
const COLLAPSED = ACCEPTED.replace(/ {2,}/g, ' ');
/** Exported on a French machine: "22/11/2026" can only be day first, so "05/11/2026" is 5 November too. */
const FRENCH_TRACE = TRACE.replace(/11\/23\/2026/g, '05/11/2026').replace(/11\/22\/2026/g, '22/11/2026');
/** Nothing in the column tells: "10/11/2026" is 10 November or 11 October. */
const EITHER_WAY_TRACE = TRACE.replace(/11\/23\/2026/g, '10/11/2026').replace(/11\/22\/2026/g, '09/11/2026');

interface Language {
  readonly lang: 'en' | 'fr' | 'it' | 'zh-CN';
  readonly locale: string;
  readonly yes: string;
  readonly skip: string;
  readonly domainAccepted: string;
  readonly readAsCsv: string;
  readonly readAsTable: string;
  readonly frenchTraceFailed: string;
  /** How the same undecidable trace is read in this conversation. */
  readonly eitherWay: readonly string[];
  readonly wrongExport: string;
  readonly step1: string;
}

const LANGUAGES: readonly Language[] = [
  {
    lang: 'en',
    locale: 'en-US',
    yes: 'yes',
    skip: 'skip',
    domainAccepted: '✔ Looks good.\n• contoso\\.com is an accepted domain of your tenant (listed as contoso\\.com).',
    readAsCsv: '(read as CSV, 2 records)',
    readAsTable: '(read as table, 2 records)',
    frenchTraceFailed: '1 message(s) have the status Failed, the first at 2026-11-05 07:58 UTC',
    eitherWay: ['1 message(s) have the status Failed, the first at 2026-10-11 07:58 UTC'],
    wrongExport: 'This looks like the inbound connector settings (Get-InboundConnector), not the export this step needs. I used it for step 2, Inbound connectors, instead.',
    step1: 'Step 1 of 7: Accepted domains',
  },
  {
    lang: 'fr',
    locale: 'fr-FR',
    yes: 'oui',
    skip: 'passer',
    domainAccepted: "✔ C'est bon.\n• contoso\\.com est un domaine accepté de votre locataire (répertorié comme contoso\\.com).",
    readAsCsv: '(lu comme CSV, 2 enregistrements)',
    readAsTable: '(lu comme tableau, 2 enregistrements)',
    frenchTraceFailed: '1 message(s) ont le statut Échec (Failed), le premier à 2026-11-05 07:58 UTC',
    eitherWay: ['1 message(s) ont le statut Échec (Failed), le premier à 2026-11-10 07:58 UTC'],
    wrongExport: "On dirait les paramètres des connecteurs entrants (Get-InboundConnector), pas l'export demandé à cette étape. Je l'ai utilisé pour l'étape 2, Connecteurs entrants.",
    step1: 'Étape 1 sur 7\u00a0: Domaines acceptés',
  },
  {
    lang: 'it',
    locale: 'it-IT',
    yes: 'sì',
    skip: 'salta',
    domainAccepted: '✔ Tutto a posto.\n• contoso\\.com è un dominio accettato del vostro tenant (elencato come contoso\\.com).',
    readAsCsv: '(letto come CSV, 2 record)',
    readAsTable: '(letto come tabella, 2 record)',
    frenchTraceFailed: '1 messaggi hanno lo stato Non riuscito (Failed): il primo alle 2026-11-05 07:58 UTC',
    eitherWay: ['1 messaggi hanno lo stato Non riuscito (Failed): il primo alle 2026-11-10 07:58 UTC'],
    wrongExport: 'Sembra le impostazioni dei connettori in ingresso (Get-InboundConnector), non l\'esportazione richiesta in questo passo. L\'ho usata per il passo 2, Connettori in ingresso.',
    step1: 'Passo 1 di 7: Domini accettati',
  },
  {
    lang: 'zh-CN',
    locale: 'zh-CN',
    yes: '是',
    skip: '跳过',
    domainAccepted: '✔ 没有问题。\n• contoso\\.com 是您租户的已接受域（列表中为 contoso\\.com）。',
    readAsCsv: '（按 CSV 读取，共 2 条记录）',
    readAsTable: '（按 表格 读取，共 2 条记录）',
    frenchTraceFailed: '有 1 封邮件状态为“失败”(Failed)，第一封在 2026-11-05 07:58 UTC',
    // Chinese machines write year first, so the conversation's language gives no order: the bot says which it took.
    eitherWay: [
      '有 1 封邮件状态为“失败”(Failed)，第一封在 2026-10-11 07:58 UTC',
      '日期（如“10/11/2026 7:58:12”）可能是日在前，也可能是月在前，跟踪内容中无法判断；已按月在前（美国格式）读取。',
    ],
    wrongExport: '这看起来是入站连接器设置 (Get-InboundConnector)，不是此步骤需要的导出内容。我已将其用于第 2 步：入站连接器。',
    step1: '第 1 步，共 7 步：已接受域',
  },
];

/** The first reply of a turn, up to the next step: what the bot said about the paste. */
const verdict = (shown: string) => shown.split('\n---\n')[0]!;

async function atStep(l: Language, step: number, channel?: string) {
  const c = conversation({ locale: l.locale, ...(channel ? { channel } : {}) });
  await c.send(evidence(`ndr-${l.lang}.txt`));
  await c.send(l.yes);
  for (let i = 1; i < step; i++) await c.send(l.skip);
  return c;
}

describe.each(LANGUAGES.map((l) => [l.lang, l] as const))('evidence as pasted (%s)', (_lang, l) => {
  it('a Teams table (HTML) with a line of chat above it is read as the accepted-domains table', async () => {
    const c = await atStep(l, 1, 'msteams');
    const said = verdict(visible(await c.send(TEAMS_HTML)));
    expect(said).toContain(l.domainAccepted);
    expect(said).toContain(l.readAsCsv);
  });

  it('a Format-Table whose runs of spaces the chat collapsed is read word by word', async () => {
    const c = await atStep(l, 1);
    const said = verdict(visible(await c.send(COLLAPSED)));
    expect(said).toContain(l.domainAccepted);
    expect(said).toContain(l.readAsTable);
  });

  it('a trace exported on a French machine is read day first, whatever the conversation language', async () => {
    const c = await atStep(l, 4);
    const said = verdict(visible(await c.send(FRENCH_TRACE)));
    expect(said).toContain(l.frenchTraceFailed);
    expect(said).not.toContain('2026-05-11');
  });

  it('a trace whose dates could be read either way follows the conversation language, or says it could not tell', async () => {
    const c = await atStep(l, 4);
    const said = verdict(visible(await c.send(EITHER_WAY_TRACE)));
    for (const e of l.eitherWay) expect(said).toContain(e);
  });

  it('the connectors pasted at the accepted-domains step are recognised, used for their own step, and step 1 is asked again', async () => {
    const c = await atStep(l, 1);
    const shown = visible(await c.send(CONNECTORS));
    expect(shown).toContain(l.wrongExport);
    expect(shown).toContain(l.step1);
  });
});
