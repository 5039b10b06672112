import { conversation, visible, evidence } from './harness';

jest.setTimeout(120_000);

const SENTENCE = 'Je colle ici ce que le collègue a envoyé hier soir';
const TRUNCATED_JSON = '[{"Name": "Contoso relay", "Enabled": tr';

/** Problems met reading the evidence, as a French or Chinese admin sees them. */
const TRANSCRIPTS = [
  {
    name: 'fr: a sentence at the accepted domains, a cut-off JSON at the connectors: the problems are said in French',
    locale: 'fr-FR',
    steps: [
      [evidence('ndr-fr.txt'), ['Est-ce bien cela ?']],
      ['oui', ['Étape 1 sur 7 : Domaines acceptés']],
      [
        SENTENCE,
        [
          '? Je ne peux pas conclure avec ceci.',
          '(lu comme lignes de texte, 1 enregistrements)',
          `Une partie n'a pas pu être lue : Aucun nom de domaine n'a pu être lu dans ce qui a été collé ("${SENTENCE}"). Collez la sortie de Get-AcceptedDomain, ou les domaines un par ligne.`,
          'Étape 2 sur 7 : Connecteurs entrants',
        ],
      ],
      [
        TRUNCATED_JSON,
        ['(lu comme JSON, 0 enregistrements)', "Une partie n'a pas pu être lue : ce n'est pas du JSON valide (texte tronqué ?)", 'Étape 3 sur 7'],
      ],
    ],
  },
  {
    name: 'zh-CN: the same pastes: the problems are said in Chinese',
    locale: 'zh-CN',
    steps: [
      [evidence('ndr-zh-CN.txt'), ['对吗？']],
      ['是', ['第 1 步，共 7 步：已接受域']],
      [
        SENTENCE,
        [
          '？仅凭这些无法判断。',
          '（按 文本行 读取，共 1 条记录）',
          `部分内容无法读取：无法从粘贴的内容中读取任何域名（"${SENTENCE}"）。请粘贴 Get-AcceptedDomain 的输出，或每行一个域名。`,
          '第 2 步，共 7 步：入站连接器',
        ],
      ],
      [TRUNCATED_JSON, ['（按 JSON 读取，共 0 条记录）', '部分内容无法读取：不是有效的 JSON（内容被截断？）', '第 3 步，共 7 步']],
    ],
  },
] as const;

/** English that must not reach a French or Chinese admin: today's English problem sentences and format names. */
const ENGLISH = [
  'No domain name could be read',
  'Paste the output of',
  'not valid JSON',
  'cut off?',
  'could not be read',
  'read as',
  'lines, 1',
  'json, 0',
];

describe('problems met reading evidence are said in the conversation language', () => {
  it.each(TRANSCRIPTS.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    const c = conversation({ locale: t.locale });
    const seen: string[] = [];
    for (const [user, expected] of t.steps) {
      const shown = visible(await c.send(user));
      seen.push(shown);
      for (const e of expected) expect(shown).toContain(e);
    }
    for (const english of ENGLISH) expect(seen.join('\n')).not.toContain(english);
  });
});
