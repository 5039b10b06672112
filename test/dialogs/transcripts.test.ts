import { CaseSummarySchema } from '../../src/case/caseSummary';
import { MemoryStorage } from 'botbuilder';
import { conversation, visible, evidence, ACCEPTED, CONNECTORS, AUDIT, TRACE } from './harness';

jest.setTimeout(180_000);


/** A user message and what the user must see in the replies to it (written out, in the user's language). */
type Step = readonly [user: string, expected: readonly string[]];

interface Transcript {
  readonly name: string;
  readonly locale: string;
  readonly channel?: string;
  readonly steps: readonly Step[];
  /** Must not appear anywhere in the conversation (e.g. a question whose answer the NDR already gave). */
  readonly never?: readonly string[];
}

/** The same Exchange NDR (5.7.750) with its labels in each language. */
const NDR = {
  en: evidence('ndr-en.txt'),
  fr: evidence('ndr-fr.txt'),
  it: evidence('ndr-it.txt'),
  'zh-CN': evidence('ndr-zh-CN.txt'),
};

/** 5.7.750 from a pasted NDR, every prerequisite answered with pasted evidence or the checklist, to the summary. */
const FULL_750: readonly Transcript[] = [
  {
    name: 'en: pasted NDR → 5.7.750 → all prerequisites with evidence → summary',
    locale: 'en-US',
    never: ['When did the block start', 'Paste one bounce'],
    steps: [
      [NDR.en, ['This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?', '[Yes] [No]']],
      ['yes', ['Microsoft Support will ask you to show 7 prerequisites.', 'Step 1 of 7: Accepted domains', 'Get-AcceptedDomain | ConvertTo-Json', "[I ran it — nothing unusual] [I can't run it] [Skip]"]],
      [ACCEPTED, ['✔ Looks good.', 'contoso\\.com is an accepted domain of your tenant (listed as contoso\\.com).', 'Step 2 of 7: Inbound connectors']],
      [CONNECTORS, ['Do you recognise connector Contoso on-premises relay, and did someone in your organisation set it up?']],
      ['yes', ['You confirmed that connector Contoso on-premises relay is yours.', 'Step 3 of 7: Connector changes in the audit log']],
      [AUDIT, ['✔ Looks good.', 'Step 4 of 7: Message trace of the last two days']],
      [TRACE, ['✔ Looks good.', 'claire@contoso\\.com', 'Step 5 of 7: On-premises servers locked down', '[All] [None] [Skip]']],
      ['all', ['Noted.', 'Step 6 of 7: Admin accounts secured']],
      ['1 2 3 4', ['Noted.', 'Step 7 of 7: Compromised accounts cleaned up']],
      ['all', ['Noted.', "A few details for the support case; I won't ask for anything I already know.", 'Tenant ID, if you know it']],
      ['72f988bf-86f1-41af-91ab-2d7cd011db47', ['Your name, for the case contact?']],
      ['Claire Dubois', ['Your e-mail address']],
      ['claire.dubois@fabrikam.fr', ['A phone number Support can call?']],
      ['+33 1 23 45 67 89', ['How many users are affected?']],
      ['40', ['In which language should I write the case summary?', '[English] [Français] [Italiano] [中文]']],
      [
        'English',
        [
          '"Support case summary"',
          '5.7.750',
          'contoso.onmicrosoft.com',
          '72f988bf-86f1-41af-91ab-2d7cd011db47',
          'Claire Dubois',
          'Accepted domains',
          'Ready for Support: Yes: every prerequisite is met',
          'Please lift the 5.7.750 sending block on this tenant.',
          'Here is your support case summary. Open a service request',
        ],
      ],
    ],
  },
  {
    name: 'fr: NDR collé → 5.7.750 → tous les prérequis avec preuves → résumé en français',
    locale: 'fr-FR',
    never: ['Quand le blocage a-t-il commencé'],
    steps: [
      [NDR.fr, ["Cela ressemble à 5.7.750 : Locataire bloqué pour l'envoi depuis des domaines non enregistrés. Est-ce bien cela ?", '[Oui] [Non]']],
      ['oui', ['Le support Microsoft vous demandera de démontrer 7 prérequis.', 'Étape 1 sur 7 : Domaines acceptés', "[Je l'ai exécutée — rien d'anormal] [Je ne peux pas l'exécuter] [Passer]"]],
      [ACCEPTED, ["✔ C'est bon.", 'contoso\\.com est un domaine accepté de votre locataire (répertorié comme contoso\\.com).', 'Étape 2 sur 7 : Connecteurs entrants']],
      [CONNECTORS, ["Reconnaissez-vous le connecteur Contoso on-premises relay, et a-t-il été configuré par quelqu'un de votre organisation ?"]],
      ['oui', ['Vous avez confirmé que le connecteur Contoso on-premises relay est le vôtre.', "Étape 3 sur 7 : Modifications de connecteurs dans le journal d'audit"]],
      [AUDIT, ["✔ C'est bon.", 'Étape 4 sur 7 : Suivi des messages des deux derniers jours']],
      [TRACE, ["✔ C'est bon.", 'Étape 5 sur 7 : Serveurs locaux sécurisés', '[Tout] [Aucun] [Passer]']],
      ['tout', ["C'est noté.", 'Étape 6 sur 7 : Comptes administrateurs sécurisés']],
      ['1 2 3 4', ["C'est noté.", 'Étape 7 sur 7 : Comptes compromis assainis']],
      ['tout', ["C'est noté.", 'Quelques informations pour le dossier de support', 'ID du locataire si vous le connaissez']],
      ['passer', ['Votre nom, pour le contact du dossier ?']],
      ['Claire Dubois', ['Votre adresse e-mail']],
      ['pas une adresse', ['Cela ne ressemble pas à une adresse e-mail ; réessayez ou passez.', 'Votre adresse e-mail']],
      ['claire.dubois@fabrikam.fr', ['Un numéro de téléphone']],
      ['passer', ["Combien d'utilisateurs sont touchés ?"]],
      ['une quarantaine', ["Merci d'indiquer un nombre (ou passez)."]],
      ['environ 40 utilisateurs', ['Dans quelle langue dois-je rédiger le résumé du dossier ?']],
      [
        'Français',
        ['"Résumé du dossier de support"', '5.7.750', 'Claire Dubois', 'Domaines acceptés', '"environ 40"', 'Prêt pour le support', 'tous les prérequis sont remplis', 'Voici le résumé de votre dossier de support.'],
      ],
    ],
  },
  {
    name: 'it: NDR incollato → 5.7.750 → tutti i prerequisiti con prove → riepilogo in inglese',
    locale: 'it-IT',
    steps: [
      [NDR.it, ["Sembra 5.7.750: Tenant bloccato per l'invio da domini non registrati. È corretto?", '[Sì] [No]']],
      ['sì', ['Il supporto Microsoft ti chiederà di dimostrare 7 prerequisiti.', 'Passo 1 di 7: Domini accettati', "[L'ho eseguito — niente di anomalo] [Non posso eseguirlo] [Salta]"]],
      [ACCEPTED, ['✔ Tutto a posto.', 'contoso\\.com è un dominio accettato del vostro tenant (elencato come contoso\\.com).', 'Passo 2 di 7: Connettori in ingresso']],
      [CONNECTORS, ['Riconoscete il connettore Contoso on-premises relay? È stato configurato da qualcuno della vostra organizzazione?']],
      ['no', ['Non riconoscete il connettore Contoso on-premises relay: disattivatelo o eliminatelo', '✘ Va sistemato prima che il supporto possa rimuovere il blocco.', 'Passo 3 di 7: Modifiche ai connettori nel registro di controllo']],
      [AUDIT, ['✔ Tutto a posto.', 'Passo 4 di 7: Traccia dei messaggi degli ultimi due giorni']],
      [TRACE, ['✔ Tutto a posto.', 'Passo 5 di 7: Server locali messi in sicurezza']],
      ['1 3', ['Preso nota.', 'Passo 6 di 7: Account amministratore protetti']],
      ['tutto', ['Preso nota.', 'Passo 7 di 7: Account compromessi ripuliti']],
      ['tutto', ['Preso nota.', 'Alcuni dettagli per il caso di supporto', 'ID del tenant se lo conosci']],
      ['salta', ['Il tuo nome, come contatto del caso?']],
      ['Giulia Bianchi', ['Il tuo indirizzo e-mail']],
      ['giulia@fabrikam.it', ['Un numero di telefono']],
      ['salta', ['Quanti utenti sono coinvolti?']],
      ['12', ['In che lingua devo scrivere il riepilogo del caso?']],
      [
        'English',
        [
          // Two prerequisites are open (an unknown connector, two checklist items not done): the case says so and asks for no lift.
          'Questo caso non è ancora pronto per il supporto. Punti aperti: 2. Fate prima questo:',
          '- **Connettori in ingresso**: Eliminate ogni connettore in ingresso che non riconoscete',
          '"Support case summary"',
          '5.7.750',
          'contoso.onmicrosoft.com',
          'Giulia Bianchi',
          'Ready for Support: No, open items: 2',
          'Not done: ',
          'Ecco il riepilogo del caso di supporto allo stato attuale.',
        ],
      ],
    ],
    never: ['Please lift the 5.7.750 sending block'],
  },
  {
    name: 'it: NDR incollato → ogni prerequisito soddisfatto → caso pronto, riepilogo in italiano',
    locale: 'it-IT',
    steps: [
      [NDR.it, ['Sembra 5.7.750', '[Sì] [No]']],
      ['sì', ['Passo 1 di 7: Domini accettati']],
      [ACCEPTED, ['✔ Tutto a posto.', 'Passo 2 di 7: Connettori in ingresso']],
      [CONNECTORS, ['Riconoscete il connettore Contoso on-premises relay?']],
      ['sì', ['Avete confermato che il connettore Contoso on-premises relay è vostro.', 'Passo 3 di 7']],
      [AUDIT, ['✔ Tutto a posto.', 'Passo 4 di 7']],
      [TRACE, ['✔ Tutto a posto.', 'Passo 5 di 7']],
      ['tutto', ['Preso nota.', 'Passo 6 di 7']],
      ['tutto', ['Preso nota.', 'Passo 7 di 7']],
      ['tutto', ['Preso nota.', 'Alcuni dettagli per il caso di supporto']],
      ['salta', ['Il tuo nome, come contatto del caso?']],
      ['Giulia Bianchi', ['Il tuo indirizzo e-mail']],
      ['giulia@fabrikam.it', ['Un numero di telefono']],
      ['salta', ['Quanti utenti sono coinvolti?']],
      ['circa 12 utenti', ['In che lingua devo scrivere il riepilogo del caso?']],
      ['Italiano', ['"Riepilogo del caso di supporto"', 'Pronto per il supporto', 'tutti i prerequisiti sono soddisfatti', 'Ecco il riepilogo del caso di supporto. Apri una richiesta']],
    ],
    never: ['allo stato attuale'],
  },
  {
    name: 'zh-CN: 粘贴 NDR → 5.7.750 → 所有先决条件都附证据 → 中文摘要',
    locale: 'zh-CN',
    steps: [
      [NDR['zh-CN'], ['这看起来是 5.7.750：租户因从未注册的域发送邮件而被阻止。对吗？', '[是] [否]']],
      ['是', ['Microsoft 支持人员会要求您证明 7 项先决条件。', '第 1 步，共 7 步：已接受域', '[已运行——没有异常] [我无法运行] [跳过]']],
      [ACCEPTED, ['✔ 没有问题。', 'contoso\\.com 是您租户的已接受域（列表中为 contoso\\.com）。', '第 2 步，共 7 步：入站连接器']],
      [CONNECTORS, ['您认识连接器 Contoso on-premises relay 吗？它是由您组织中的人员设置的吗？']],
      ['是', ['您已确认连接器 Contoso on-premises relay 属于您的组织。', '第 3 步，共 7 步：审核日志中的连接器变更']],
      [AUDIT, ['✔ 没有问题。', '第 4 步，共 7 步：过去两天的邮件跟踪']],
      [TRACE, ['✔ 没有问题。', '第 5 步，共 7 步：本地服务器已加固']],
      ['全部', ['已记录。', '第 6 步，共 7 步：管理员帐户已保护']],
      ['全部', ['已记录。', '第 7 步，共 7 步：已清理被入侵的帐户']],
      ['全部', ['已记录。', '再补充几项支持案例所需的信息', '如果知道，请提供租户 ID']],
      ['跳过', ['您的姓名']],
      ['李伟', ['您的电子邮件地址']],
      ['li.wei@fabrikam.cn', ['支持人员可以拨打的电话号码']],
      ['跳过', ['有多少用户受到影响？']],
      ['200', ['案例摘要用哪种语言撰写？']],
      ['中文', ['"支持案例摘要"', '5.7.750', '李伟', '已接受域', '可提交给支持人员', '所有先决条件均已满足', '这是您的支持案例摘要。']],
    ],
  },
];

/**
 * 5.7.705 from a plain description of symptoms (no code). A description that says who is affected is stated at once;
 * one that only says spam went out and sending stopped fits a single restricted user (5.1.8) as well as the whole
 * tenant, so the bot proposes one to confirm (or asks who is affected) and never decides alone. Phrased as admins write: first person plural, colloquial Chinese.
 */
const SYMPTOMS_705: readonly Transcript[] = [
  {
    // No scope given: one hacked user (5.1.8) fits as well as the whole tenant, so the bot proposes a block to confirm;
    // "no" brings the other reading.
    name: 'en: hacked, spam went out, sending stopped (no scope) → a block to confirm, no → 5.7.705 → yes',
    locale: 'en-US',
    steps: [
      ["we got hacked and spam went out, now we can't send", ['Is that right?', '[Yes] [No]']],
      ['no', ['This looks like 5.7.705: Whole tenant blocked from sending after a spam or bulk outbreak. Is that right?', '[Yes] [No]']],
      ['yes', ['Step 1 of 8: Restricted users', 'Get-BlockedSenderAddress']],
    ],
    never: ["This doesn't look like one of the sending blocks I handle"],
  },
  {
    name: "fr: « plus personne dans l'organisation ne peut envoyer » après du spam → 5.7.705 énoncé puis confirmé",
    locale: 'fr-FR',
    steps: [
      [
        "Depuis qu'un compte piraté a envoyé du spam cette nuit, plus personne dans l'organisation ne peut envoyer de mail",
        ["Cela ressemble à 5.7.705 : Tout le locataire bloqué en envoi après une vague de spam ou d'envois de masse. Est-ce bien cela ?"],
      ],
      ['oui', ['Étape 1 sur 8 : Utilisateurs restreints']],
    ],
    never: ['Qui est touché'],
  },
  {
    name: "it: « non riusciamo a inviare » dopo lo spam (senza ambito) → chi è coinvolto? tutta l'organizzazione → 5.7.705",
    locale: 'it-IT',
    steps: [
      ["siamo stati hackerati, è partito dello spam e ora non riusciamo a inviare", ['Non so ancora di quale blocco si tratti', 'Chi è coinvolto?', "[Tutta l'organizzazione]"]],
      ['2', ["Sembra 5.7.705: Intero tenant bloccato in invio dopo un'ondata di spam o di invii massivi. È corretto?"]],
      ['sì', ['Passo 1 di 8: Utenti con restrizioni']],
    ],
  },
  {
    name: 'zh-CN: 账号被盗发了垃圾邮件、“发不出邮件”（未说范围）→ 待确认的阻止，否 → 5.7.705 → 对',
    locale: 'zh-CN',
    steps: [
      ['有账号被盗发了垃圾邮件，现在我们发不出邮件', ['对吗？', '[是] [否]']],
      ['否', ['这看起来是 5.7.705：租户因大量垃圾邮件或群发邮件而被整体禁止发送。对吗？']],
      ['对', ['第 1 步，共 8 步：受限用户']],
    ],
  },
  {
    // "发不了" (can't send) is how it is usually said: it reports a failure, so the words decide instead of "out of scope".
    name: 'zh-CN: 垃圾邮件爆发之后，公司里谁都发不了邮件了 → 5.7.705',
    locale: 'zh-CN',
    steps: [
      ['垃圾邮件爆发之后，公司里谁都发不了邮件了', ['这看起来是 5.7.705：租户因大量垃圾邮件或群发邮件而被整体禁止发送。对吗？']],
      ['对', ['第 1 步，共 8 步：受限用户']],
    ],
    never: ['这看起来不是我能处理的发送阻止'],
  },
];

/** Skipping every prerequisite and detail still ends in a summary that says what was not checked. */
const SKIP_ALL: readonly Transcript[] = [
  ['en', 'en-US', 'yes', 'skip', 'Skipped — the summary will say it was not checked.', 'This case is not ready for Support yet. Open items: 7.', 'Here is your support case summary as it stands. It does not ask Support to lift the block yet'],
  ['fr', 'fr-FR', 'oui', 'passer', "Passé — le résumé indiquera que ce point n'a pas été vérifié.", "Ce dossier n'est pas encore prêt pour le support. Points ouverts : 7.", "Voici le résumé de votre dossier de support en l'état. Il ne demande pas encore au support de lever le blocage"],
  ['it', 'it-IT', 'sì', 'salta', 'Saltato — il riepilogo indicherà che non è stato verificato.', 'Questo caso non è ancora pronto per il supporto. Punti aperti: 7.', 'Ecco il riepilogo del caso di supporto allo stato attuale. Non chiede ancora al supporto di rimuovere il blocco'],
  ['zh-CN', 'zh-CN', '是', '跳过', '已跳过——摘要中会注明未检查此项。', '此案例尚未准备好提交给支持人员。待办事项：7 项。', '这是目前状态下的支持案例摘要。它还不会请求支持人员解除阻止'],
].map(([lang, locale, yes, skip, skipped, notReady, done]) => ({
  name: `${lang}: skip everything → summary says what was not checked, and that the case is not ready`,
  locale: locale!,
  steps: [
    ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains', ['5.7.750']],
    [yes!, ['7']],
    ...Array.from({ length: 7 }, () => [skip!, [skipped!]] as const),
    ...Array.from({ length: 7 }, () => [skip!, []] as const),
    // The summary language question, skipped too: the summary is then in English, as Support usually works;
    // each prerequisite is marked Skipped, there is no evidence attached, and Support is not asked to lift anything.
    [
      skip!,
      [notReady!, '"Support case summary"', '"⏭️ Accepted domains"', '"⏭️ Admin accounts secured"', '"Skipped"', 'Based on: None provided', 'Ready for Support: No, open items: 7', done!],
    ],
  ],
  never: ['Please lift the 5.7.750 sending block'],
}));

/**
 * A step that asks for a paste offers what was done, not a bare "Yes": "I ran it — nothing unusual" (the case says the
 * admin stated it, unchecked), "I can't run it" (the point stays open), "Skip". A reply that is not understood is told
 * why, and the choices shown are named as shown. A count may be an estimate.
 */
const PASTE_CHOICES: readonly Transcript[] = [
  {
    name: 'en: yes at a paste step → why, and the three choices; ran it; too short; cannot run; checklist numbers; about 40 users',
    locale: 'en-US',
    steps: [
      ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains', ['This looks like 5.7.750']],
      ['yes', ['Step 1 of 7: Accepted domains', "[I ran it — nothing unusual] [I can't run it] [Skip]"]],
      ['yes', ["A yes or a no doesn't tell me whether you ran the command or what it showed. Paste its output, or answer “I ran it — nothing unusual”, “I can't run it” or “Skip”.", 'Step 1 of 7: Accepted domains']],
      ['I ran it — nothing unusual', ['Noted: you ran it and saw nothing unusual. The case will show this as your statement, not as a checked export.', 'Step 2 of 7: Inbound connectors']],
      ['ok', ["That is too short to be the command's output. Paste the whole output, or answer “I ran it — nothing unusual”, “I can't run it” or “Skip”.", 'Step 2 of 7: Inbound connectors']],
      ["I can't run it", ['Noted: the case will say you could not run it, so this point stays open.', 'Step 3 of 7: Connector changes in the audit log']],
      ['skip', ['Step 4 of 7']],
      ['skip', ['Step 5 of 7: On-premises servers locked down', '[All] [None] [Skip]']],
      ['not yet', ['I was expecting the numbers of the items that are done (for example 1 3). Reply with their numbers, or “All”, “None” or “Skip”.', 'Step 5 of 7']],
      ['1 7', ['The items are numbered 1 to 5. Reply with the numbers of those that are done, or “All”, “None” or “Skip”.', 'Step 5 of 7']],
      ['skip', ['Step 6 of 7']],
      ['skip', ['Step 7 of 7']],
      ['skip', ['Tenant name or default domain']],
      ['skip', ['Tenant ID']],
      ['skip', ['Your name']],
      ['skip', ['Your e-mail address']],
      ['skip', ['A phone number']],
      ['skip', ['When did the block start']],
      ['skip', ['How many users are affected?']],
      ['about 40 users', ['In which language should I write the case summary?']],
      [
        'English',
        [
          '"✅ Accepted domains"',
          '"Based on: Stated by the admin, not checked"',
          'The admin ran the export and saw nothing unusual; the output was not provided, so it was not checked.',
          '"⚠️ Inbound connectors: Could not be confirmed"',
          'The admin could not run the export.',
          '"about 40"',
          'Ready for Support: No, open items: 6',
        ],
      ],
    ],
    never: ['[Yes] [No] [Skip]', 'answer yes, no or skip'],
  },
  {
    name: 'fr: oui à une étape qui demande un collage → pourquoi, et les trois choix ; exécutée sans rien d\'anormal',
    locale: 'fr-FR',
    steps: [
      ['550 5.7.750', ['Cela ressemble à 5.7.750']],
      ['oui', ['Étape 1 sur 7 : Domaines acceptés', "[Je l'ai exécutée — rien d'anormal] [Je ne peux pas l'exécuter] [Passer]"]],
      ['oui', ["Un oui ou un non ne me dit pas si vous avez exécuté la commande ni ce qu'elle a affiché. Collez son résultat, ou répondez « Je l'ai exécutée — rien d'anormal », « Je ne peux pas l'exécuter » ou « Passer »."]],
      ['1', ["C'est noté : vous l'avez exécutée et n'avez rien vu d'anormal.", 'Étape 2 sur 7 : Connecteurs entrants']],
      ["Je ne peux pas l'exécuter", ["C'est noté : le dossier indiquera que vous n'avez pas pu l'exécuter ; ce point reste donc ouvert.", 'Étape 3 sur 7']],
    ],
  },
  {
    name: 'it: sì a un passo che chiede un output → perché, e le tre scelte; numeri di voce fuori elenco',
    locale: 'it-IT',
    steps: [
      ['550 5.7.750', ['Sembra 5.7.750']],
      ['sì', ['Passo 1 di 7: Domini accettati', "[L'ho eseguito — niente di anomalo] [Non posso eseguirlo] [Salta]"]],
      ['no', ["Un sì o un no non mi dice se hai eseguito il comando né che cosa ha mostrato. Incolla il suo output, oppure rispondi “L'ho eseguito — niente di anomalo”, “Non posso eseguirlo” o “Salta”."]],
      ["L'ho eseguito — niente di anomalo", ["Preso nota: l'hai eseguito e non hai visto niente di anomalo.", 'Passo 2 di 7']],
      ['salta', ['Passo 3 di 7']],
      ['salta', ['Passo 4 di 7']],
      ['salta', ['Passo 5 di 7', '[Tutto] [Nessuno] [Salta]']],
      ['6', ['Le voci sono numerate da 1 a 5. Rispondi con i numeri di quelle completate, oppure “Tutto”, “Nessuno” o “Salta”.', 'Passo 5 di 7']],
    ],
  },
  {
    name: 'zh-CN: 在要求粘贴的步骤回答“是” → 说明原因并列出三个选项；无法运行',
    locale: 'zh-CN',
    steps: [
      ['550 5.7.750', ['这看起来是 5.7.750']],
      ['是', ['第 1 步，共 7 步：已接受域', '[已运行——没有异常] [我无法运行] [跳过]']],
      ['是', ['“是”或“否”无法说明您是否运行了命令以及它显示了什么。请粘贴它的输出，或回答“已运行——没有异常”、“我无法运行”或“跳过”。']],
      ['我无法运行', ['已记录：案例会注明您无法运行它，因此此项仍未完成。', '第 2 步，共 7 步：入站连接器']],
      ['嗯', ['这太短了，不像是命令的输出。请粘贴完整的输出，或回答“已运行——没有异常”、“我无法运行”或“跳过”。', '第 2 步，共 7 步：入站连接器']],
    ],
  },
];

/** Header lines as an admin copies them from the bounce's message source: a message id first, then the tenant's id. */
const HEADERS = [
  'X-MS-Exchange-Organization-Network-Message-Id: 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  'X-MS-Exchange-CrossTenant-Network-Message-Id: 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
  'X-MS-Exchange-CrossTenant-Id: 72f988bf-86f1-41af-91ab-2d7cd011db47',
].join('\n');

/**
 * What the first message and the accepted-domains export told is not asked again: the sending domain (named in words)
 * is checked against the export, the tenant id comes from the header (not the message id), the tenant from the
 * export's default and initial domains. The first case question is the contact's name.
 */
const PREFILL: readonly Transcript[] = [
  ['en', 'en-US', `Original sender: claire@contoso.com\n550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains\n${HEADERS}`, 'yes', 'skip', 'contoso\\.com is an accepted domain of your tenant', 'Your name, for the case contact?', ['Tenant name or default domain', 'Tenant ID, if you know it']],
  ['fr', 'fr-FR', `Nos mails envoyés depuis contoso.com sont refusés : 550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains\n${HEADERS}`, 'oui', 'passer', 'contoso\\.com est un domaine accepté de votre locataire', 'Votre nom, pour le contact du dossier ?', ['Nom du locataire ou domaine par défaut', 'ID du locataire si vous le connaissez']],
  ['it', 'it-IT', `Mittente originale: giulia@contoso.com\n550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains\n${HEADERS}`, 'sì', 'salta', 'contoso\\.com è un dominio accettato del vostro tenant', 'Il tuo nome, come contatto del caso?', ['Nome del tenant o dominio predefinito', 'ID del tenant se lo conosci']],
  ['zh-CN', 'zh-CN', `从 contoso.com 发送的邮件都被退回：550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains\n${HEADERS}`, '是', '跳过', 'contoso\\.com 是您租户的已接受域', '您的姓名', ['租户名称或默认域', '如果知道，请提供租户 ID']],
].map(([lang, locale, first, yes, skip, accepted, firstQuestion, never]) => ({
  name: `${lang}: sender domain in words, tenant id in a header, tenant from the export → no question for them`,
  locale: locale as string,
  steps: [
    [first as string, ['5.7.750']],
    [yes as string, ['7']],
    [ACCEPTED, [accepted as string]],
    ...Array.from({ length: 5 }, () => [skip as string, []] as const),
    // The last prerequisite skipped: the case details start with the contact's name.
    [skip as string, [firstQuestion as string]],
    ...Array.from({ length: 5 }, () => [skip as string, []] as const),
    [
      'English',
      ['"Organization name","value":"contoso.onmicrosoft.com"', '"Default domain","value":"contoso.com"', '"Tenant ID","value":"72f988bf-86f1-41af-91ab-2d7cd011db47"'],
    ],
  ] as Step[],
  // The questions for the tenant and its id; the message id in the headers is never taken for the tenant id.
  never: [...(never as string[]), '"value":"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"'],
}));

/** The wrong export pasted at a step: recognised by its columns, used for the step it belongs to, the step asked again. */
const WRONG_EXPORT: readonly Transcript[] = [
  {
    name: 'en: connectors pasted at the accepted-domains step → used for the connectors step, which is passed over later',
    locale: 'en-US',
    steps: [
      ['550 5.7.750', ['This looks like 5.7.750']],
      ['yes', ['Step 1 of 7: Accepted domains']],
      [
        CONNECTORS,
        [
          'This looks like the inbound connector settings (Get-InboundConnector), not the export this step needs. I used it for step 2, Inbound connectors, instead.',
          'Step 1 of 7: Accepted domains',
        ],
      ],
      [ACCEPTED, ['Your accepted domains are: contoso', 'Step 2 of 7: Inbound connectors', 'Already checked from the export you pasted earlier.', 'Do you recognise connector Contoso on-premises relay']],
      ['yes', ['You confirmed that connector Contoso on-premises relay is yours.', 'Step 3 of 7: Connector changes in the audit log']],
      [ACCEPTED, ['This looks like the accepted-domains list (Get-AcceptedDomain), not the export this step needs.', 'Step 3 of 7: Connector changes in the audit log']],
    ],
    never: ['I could not make sense of that'],
  },
  {
    name: 'fr: suivi des messages collé à l\'étape des domaines acceptés → utilisé pour l\'étape 4',
    locale: 'fr-FR',
    steps: [
      ['550 5.7.750', ['Cela ressemble à 5.7.750']],
      ['oui', ['Étape 1 sur 7 : Domaines acceptés']],
      [TRACE, ["On dirait un suivi des messages, pas l'export demandé à cette étape. Je l'ai utilisé pour l'étape 4,", 'Étape 1 sur 7 : Domaines acceptés']],
    ],
  },
];

/** Help, back, a language switch and start over in the middle of the walk; then an out-of-scope message. */
const INTERRUPTIONS: readonly Transcript[] = [
  {
    name: 'en: back, help, switch to French, start over, out of scope',
    locale: 'en-US',
    steps: [
      ['550 5.7.750', ['This looks like 5.7.750']],
      ['yes', ['Step 1 of 7: Accepted domains']],
      ['skip', ['Step 2 of 7: Inbound connectors']],
      ['back', ['Step 1 of 7: Accepted domains']],
      ['skip', ['Step 2 of 7: Inbound connectors']],
      ['help', ['Paste an NDR or type its code, or describe the problem.', 'Step 2 of 7: Inbound connectors']],
      ['parle français', ["D'accord, je continue en français.", 'Étape 2 sur 7 : Connecteurs entrants']],
      ['recommencer', ["D'accord, on recommence.", 'Que se passe-t-il ?']],
      ['comment réserver une salle de réunion dans Outlook ?', ['Cela ne ressemble pas à un des blocages d\'envoi que je traite.', 'Que se passe-t-il ?']],
    ],
  },
  {
    name: 'fr: aide et recommencer en cours de route, puis hors sujet',
    locale: 'fr-FR',
    steps: [
      ['550 5.7.705 Access denied, tenant has exceeded threshold', ['Cela ressemble à 5.7.705']],
      ['oui', ['Étape 1 sur 8 : Utilisateurs restreints']],
      ['aide', ['Collez un NDR ou tapez son code', 'Étape 1 sur 8 : Utilisateurs restreints']],
      ['autre problème', ["D'accord, on recommence.", 'Que se passe-t-il ?']],
      ['bonjour, ma boîte aux lettres est pleine', ["Cela ne ressemble pas à un des blocages d'envoi que je traite."]],
    ],
  },
  {
    name: 'it: aiuto e ricomincia a metà, poi fuori ambito',
    locale: 'it-IT',
    steps: [
      ['550 5.7.750', ['Sembra 5.7.750']],
      ['sì', ['Passo 1 di 7: Domini accettati']],
      ['aiuto', ['Incolla un NDR o scrivi il suo codice', 'Passo 1 di 7: Domini accettati']],
      ['ricomincia', ['Va bene, ricominciamo.', 'Cosa succede?']],
      ['come prenoto una sala riunioni in Outlook?', ['Non sembra uno dei blocchi di invio che gestisco.']],
    ],
  },
  {
    name: 'zh-CN: 中途帮助和重新开始，然后是无关问题',
    locale: 'zh-CN',
    steps: [
      ['550 5.7.750', ['这看起来是 5.7.750']],
      ['是', ['第 1 步，共 7 步：已接受域']],
      ['帮助', ['粘贴 NDR 或输入其代码', '第 1 步，共 7 步：已接受域']],
      ['重新开始', ['好的，我们重新开始。', '发生了什么？']],
      ['怎么在 Outlook 里预订会议室？', ['这看起来不是我能处理的发送阻止。']],
    ],
  },
  {
    name: 'en: a known code that is not a sending block is explained',
    locale: 'en-US',
    steps: [['550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', ['5.1.1 —', "This doesn't look like one of the sending blocks I handle.", 'What is happening?']]],
  },
];

async function play(t: Transcript, storage?: MemoryStorage) {
  const c = conversation({ locale: t.locale, channel: t.channel, storage });
  const seen: string[] = [];
  for (const [user, expected] of t.steps) {
    const shown = visible(await c.send(user));
    seen.push(shown);
    for (const e of expected) expect({ user, shown }).toEqual({ user, shown: expect.stringContaining(e) });
  }
  for (const n of t.never ?? []) expect(seen.join('\n')).not.toContain(n);
  return seen;
}

describe('conversation transcripts', () => {
  it.each(FULL_750.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    await play(t);
  });
  it.each(SYMPTOMS_705.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    await play(t);
  });
  it.each(SKIP_ALL.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    await play(t);
  });
  it.each(INTERRUPTIONS.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    await play(t);
  });
  it.each(PASTE_CHOICES.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    await play(t);
  });
  it.each(PREFILL.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    await play(t);
  });
  it.each(WRONG_EXPORT.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    await play(t);
  });
});

describe('channels and resuming', () => {
  it('sends the summary as Markdown on a channel without cards', async () => {
    const c = conversation({ channel: 'sms' });
    await c.send('550 5.7.750');
    await c.send('yes');
    for (let i = 0; i < 14; i++) await c.send('skip');
    const shown = visible(await c.send('skip'));
    expect(shown).toContain('# Support case summary');
    expect(shown).not.toContain('"type":"AdaptiveCard"');
    expect(shown).toContain('Here is your support case summary as it stands.');
  });

  it.each([['webchat'], ['sms']])('on %s, attaches the case as case-<reference>.json (the validated object) and .md', async (channel) => {
    const c = conversation({ channel });
    await c.send('550 5.7.750');
    await c.send('yes');
    for (let i = 0; i < 14; i++) await c.send('skip');
    const replies = await c.send('skip');
    const summary = replies.find((r) => r.attachments?.some((a) => a.contentType === 'application/json'));
    const files = summary!.attachments!.filter((a) => a.name?.startsWith('case-'));
    expect(files.map((f) => [f.name, f.contentType])).toEqual([
      [expect.stringMatching(/^case-NDR-\d{8}-[2-9A-Z]{4}\.json$/), 'application/json'],
      [expect.stringMatching(/^case-NDR-\d{8}-[2-9A-Z]{4}\.md$/), 'text/markdown'],
    ]);
    const json = CaseSummarySchema.parse(files[0]!.content);
    expect(files[0]!.name).toBe(`case-${json.reference}.json`);
    expect(json).toMatchObject({ block: { code: '5.7.750' }, codes: ['5.7.750'], ready: false, language: 'en' });
    expect(json.openItems).toHaveLength(7);
    expect(json.prerequisites.every((p) => p.status === 'skipped')).toBe(true);
    expect(String(files[1]!.content)).toMatch(/^# Support case summary\n/);
    expect(String(files[1]!.content)).toContain(`- **Reference:** ${json.reference}`);
  });

  it('offers choices as numbered text where there are no buttons, and accepts the number', async () => {
    const c = conversation({ channel: 'sms' });
    const shown = visible(await c.send('550 5.7.750'));
    expect(shown).toContain('1. Yes\n2. No');
    expect(visible(await c.send('1'))).toContain('Step 1 of 7: Accepted domains');
  });

  it('resumes where it stopped after a restart (state in storage, new dialog instances)', async () => {
    const storage = new MemoryStorage();
    const first = conversation({ storage });
    await first.send('550 5.7.750');
    await first.send('yes');
    expect(visible(await first.send('skip'))).toContain('Step 2 of 7: Inbound connectors');
    const second = conversation({ storage });
    expect(visible(await second.send('skip'))).toContain('Step 3 of 7: Connector changes in the audit log');
  });
});
