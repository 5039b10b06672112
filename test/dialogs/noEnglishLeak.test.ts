import type { Activity } from 'botbuilder';
import { conversation, evidence, graphDeps, ACCEPTED, CONNECTORS, AUDIT, TRACE, CONNECTION } from './harness';
import { DENYING_TENANT, RELAYING_TENANT, startGraphServer, type GraphRoute } from '../helpers/graphServer';
import { triageDeps } from '../helpers/triageDeps';
import type { CaseHandoff } from '../../src/handoff/caseHandoff';
import { newJob, type HandoffJob } from '../../src/handoff/handoffJob';

jest.setTimeout(180_000);


/**
 * English words that are no French, Italian or Chinese word (and no part of an elided one: "all'", "on", "a", "in",
 * "no" and "per" are left out on purpose). One of them in a French, Italian or Chinese bot message is a leak.
 */
const ENGLISH = new Set(
  [
    'the', 'your', 'please', 'this', 'not', 'was', 'were', 'is', 'are', 'and', 'of', 'to', 'for', 'with', 'you', 'has',
    'have', 'will', 'can', 'that', 'which', 'when', 'what', 'here', 'there', 'should', 'could', 'would', 'been', 'does',
    'did', "don't", "can't", "isn't", "doesn't", "i'm", 'we', 'our', 'they', 'their', 'them', 'an', 'at', 'by', 'be',
    'if', 'into', 'about', 'only', 'looks', 'like', 'step', 'skip', 'yes', 'none', 'noted', 'ran', 'unusual', 'nothing',
    'run', 'paste', 'help', 'back', 'start', 'over', 'summary', 'ready', 'open', 'items', 'not',
    'checked', 'stated', 'admin', 'provided', 'users', 'affected', 'about', 'should', 'must', 'need', 'needs', 'why',
  ].map((w) => w.toLowerCase()),
);

/** The text a user sees of one reply: message text, button titles, card texts, and the Markdown file's content. */
function texts(reply: Partial<Activity>): string[] {
  const out: string[] = [reply.text ?? ''];
  for (const a of reply.suggestedActions?.actions ?? []) out.push(String(a.title));
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    // The NDR sample is shown as it came (monospace); it is the server's words, not ours.
    if (o.fontType === 'Monospace') return;
    for (const k of ['text', 'title', 'value']) if (typeof o[k] === 'string') out.push(o[k] as string);
    Object.values(o).forEach(walk);
  };
  for (const a of reply.attachments ?? []) {
    if (a.contentType === 'application/vnd.microsoft.card.adaptive' || a.contentType === 'application/vnd.microsoft.card.oauth') walk(a.content);
    if (a.contentType === 'text/markdown') out.push(String(a.content));
  }
  return out;
}

/** What may be English in any language: code, commands, SMTP texts, addresses and domains, what the user typed. */
function withoutAllowed(text: string, allowed: readonly string[]): string {
  let t = text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
  for (const a of allowed) t = t.split(a).join(' ');
  return t
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/[\w\\-]+(?:\\?\.[\w-]+)+/g, ' ');
}

function englishWords(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)?/gu) ?? []).filter((w) => ENGLISH.has(w));
}

/**
 * French puts a no-break space (U+00A0) before ":" and a narrow one (U+202F) before ";", "?" and "!", and no-break
 * spaces inside « »: a plain space there lets a line break strand the sign; no space at all is English typography.
 * Times (07:58), Markdown escapes and emoji-led status lines are not punctuation.
 */
function frenchTypography(text: string): string[] {
  const t = text.replace(/\\[:;?!]/g, ' ');
  return [
    ...(t.match(/ [:;?!](?=\s|$)/g) ?? []).map((m) => `plain space before "${m.trim()}"`),
    ...(t.match(/[^\s\u00a0\u202f\d*][:;?!](?=\s|$)/g) ?? []).map((m) => `no space in "${m}"`),
    ...(t.match(/« | »/g) ?? []).map((m) => `plain space in "${m}"`),
  ];
}

interface Walk {
  readonly locale: string;
  readonly steps: readonly string[];
  /** The summary offers "Send to helpdesk", and a case sent is at once in this state (with a ticket or not). */
  readonly handoff?: 'sent' | 'sentNoTicket' | 'failed';
  /** "Connect your tenant" against this Graph; the user signs in with the magic code 271828. */
  readonly graph?: readonly GraphRoute[];
}

/** A hand-off whose every case is already final, so that one walk shows the offer, "queued" and the outcome. */
function settledHandoff(outcome: NonNullable<Walk['handoff']>): CaseHandoff {
  const jobs = new Map<string, HandoffJob>();
  return {
    async send(summary) {
      const job = newJob('webhook', { reference: summary.reference, title: '', markdown: '', body: '' }, 0);
      jobs.set(job.id, { ...job, attempts: 1, state: outcome === 'failed' ? 'failed' : 'sent', ticket: outcome === 'sent' ? 'INC0012345' : null });
      return job;
    },
    jobs: async (ids) => ids.map((id) => jobs.get(id) ?? null),
  };
}

const NDR = { fr: evidence('ndr-fr.txt'), it: evidence('ndr-it.txt'), 'zh-CN': evidence('ndr-zh-CN.txt') };

/** Full walks: a pasted NDR, every kind of answer and reprompt, the case in the conversation's language. */
const WALKS: readonly Walk[] = [
  {
    locale: 'fr-FR',
    steps: [NDR.fr, 'oui', 'oui', ACCEPTED, CONNECTORS, 'non', AUDIT, TRACE, 'peut-être', '9', '1 3', 'aucun', 'tout', 'passer', 'Claire Dubois', 'pas une adresse', 'claire.dubois@fabrikam.fr', 'passer', 'hier', 'environ 40', 'Français'],
  },
  {
    locale: 'fr-FR',
    steps: ['550 5.7.750', 'hmm', 'oui', 'ok', "Je l'ai exécutée — rien d'anormal", "Je ne peux pas l'exécuter", ...Array(12).fill('passer'), 'aide', 'Français'],
  },
  {
    locale: 'fr-FR',
    steps: ['550 5.7.750', 'hmm', 'oui', 'ok', "Je l'ai exécutée — rien d'anormal", "Je ne peux pas l'exécuter", ...Array(12).fill('passer'), 'Français', "Envoyer à l'assistance", 'merci'],
    handoff: 'sent',
  },
  {
    locale: 'fr-FR',
    steps: ['550 5.7.750', 'hmm', 'oui', 'ok', "Je l'ai exécutée — rien d'anormal", "Je ne peux pas l'exécuter", ...Array(12).fill('passer'), 'Français', "Envoyer à l'assistance", 'merci'],
    handoff: 'failed',
  },
  {
    locale: 'it-IT',
    steps: ['550 5.7.750', 'boh', 'sì', 'ok', "L'ho eseguito — niente di anomalo", 'Non posso eseguirlo', ...Array(12).fill('salta'), 'Italiano', "Invia all'helpdesk", 'grazie'],
    handoff: 'sentNoTicket',
  },
  {
    locale: 'zh-CN',
    steps: ['550 5.7.750', '嗯', '是', '嗯', '已运行——没有异常', '我无法运行', ...Array(12).fill('跳过'), '中文', '发送到服务台', '谢谢'],
    handoff: 'sent',
  },
  {
    locale: 'it-IT',
    steps: [NDR.it, 'sì', 'sì', ACCEPTED, CONNECTORS, 'sì', AUDIT, TRACE, 'forse', '9', '1 3', 'nessuno', 'tutto', 'salta', 'Giulia Bianchi', 'non un indirizzo', 'giulia@fabrikam.it', 'salta', 'ieri', 'circa 40 utenti', 'Italiano'],
  },
  {
    locale: 'it-IT',
    steps: ['550 5.7.750', 'boh', 'sì', 'ok', "L'ho eseguito — niente di anomalo", 'Non posso eseguirlo', ...Array(12).fill('salta'), 'aiuto', 'Italiano'],
  },
  {
    locale: 'zh-CN',
    steps: [NDR['zh-CN'], '是', '是', ACCEPTED, CONNECTORS, '否', AUDIT, TRACE, '也许', '9', '1 3', '没有', '全部', '跳过', '李伟', '不是地址', 'li.wei@fabrikam.cn', '跳过', '昨天', '大约40个用户', '中文'],
  },
  {
    locale: 'zh-CN',
    steps: ['550 5.7.750', '嗯', '是', '嗯', '已运行——没有异常', '我无法运行', ...Array(12).fill('跳过'), '帮助', '中文'],
  },
  {
    // Wrong export, connector follow-up not understood, help, back, a known code that is no block, out of scope.
    locale: 'fr-FR',
    steps: ['550 5.7.750', 'oui', CONNECTORS, ACCEPTED, 'peut-être', 'oui', 'aide', 'retour', 'recommencer', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', 'comment réserver une salle de réunion dans Outlook ?'],
  },
  {
    locale: 'it-IT',
    steps: ['550 5.7.750', 'sì', CONNECTORS, ACCEPTED, 'forse', 'no', 'aiuto', 'indietro', 'ricomincia', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', 'come prenoto una sala riunioni in Outlook?'],
  },
  {
    locale: 'zh-CN',
    steps: ['550 5.7.750', '是', CONNECTORS, ACCEPTED, '也许', '是', '帮助', '返回', '重新开始', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', '怎么在 Outlook 里预订会议室？', '有账号被盗发了垃圾邮件，现在我们发不出邮件', '随便'],
  },
  // Connect your tenant: signed in by the typed phrase and a magic code, Graph reads three steps; then Graph refuses.
  { locale: 'fr-FR', graph: RELAYING_TENANT, steps: [NDR.fr, 'oui', 'connecter votre locataire', '271828', 'passer', 'passer', 'se déconnecter', 'passer'] },
  { locale: 'fr-FR', graph: DENYING_TENANT, steps: ['550 5.7.750', 'oui', 'Connecter votre locataire', '271828', 'hmm', 'peut-être'] },
  { locale: 'it-IT', graph: RELAYING_TENANT, steps: [NDR.it, 'sì', 'connetti il tenant', '271828', 'salta', 'salta', 'disconnetti', 'salta'] },
  { locale: 'it-IT', graph: DENYING_TENANT, steps: ['550 5.7.750', 'sì', 'Connetti il tenant', '271828'] },
  { locale: 'zh-CN', graph: RELAYING_TENANT, steps: [NDR['zh-CN'], '是', '连接您的租户', '271828', '跳过', '跳过', '注销', '跳过'] },
  { locale: 'zh-CN', graph: DENYING_TENANT, steps: ['550 5.7.750', '是', '连接租户', '271828'] },
  {
    locale: 'fr-FR',
    steps: ["on a eu une vague de spam et maintenant les mails ne partent plus, tous les utilisateurs de l'organisation", 'peut-être', 'oui', 'passer'],
  },
];

describe('no English in French, Italian and Chinese conversations and cases', () => {
  const smtpTexts = triageDeps().catalog.blocks.map((b) => b.smtpText);
  it.each(WALKS.map((w, i) => [`${w.locale} #${i + 1}: ${w.steps[0]!.split('\n')[0]!.slice(0, 40)}`, w] as const))('%s', async (_name, w) => {
    const graph = w.graph ? await startGraphServer(w.graph) : null;
    const c = conversation({ locale: w.locale, ...(w.handoff ? { handoff: settledHandoff(w.handoff) } : {}), ...(graph ? { graph: graphDeps(graph.origin) } : {}) });
    c.adapter.addUserToken(CONNECTION, 'test', 'user1', 'token-for-the-walk', '271828');
    const leaks: string[] = [];
    const allowed = [...smtpTexts, ...w.steps, 'Contoso on-premises relay', 'Service unavailable. Client blocked from sending from unregistered domains'];
    let lastReply = '';
    for (const user of w.steps) {
      const replies = await c.send(user);
      lastReply = replies[0]?.text ?? '';

      for (const reply of replies) {
        for (const t of texts(reply)) {
          const ours = withoutAllowed(t, allowed);
          const words = englishWords(ours);
          if (words.length > 0) leaks.push(`[${words.join(',')}] after "${user.split('\n')[0]!.slice(0, 30)}": ${t.slice(0, 300)}`);
          const typo = w.locale === 'fr-FR' ? frenchTypography(ours) : [];
          if (typo.length > 0) leaks.push(`[typography ${typo.join(' ')}] after "${user.split('\n')[0]!.slice(0, 30)}": ${t.slice(0, 300)}`);
        }
      }
    }
    await graph?.close();
    if (graph) expect(graph.seen.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
    // A hand-off walk ends on what became of the case (so its wording was checked above).
    if (w.handoff) expect(lastReply).toMatch(w.handoff === 'sent' ? /INC0012345.*NDR-\d{8}-\w{4}|NDR-\d{8}-\w{4}.*INC0012345/ : /NDR-\d{8}-\w{4}/);
  });
});
