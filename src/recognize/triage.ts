import { hasBlockWording } from '../catalog/blockWording';
import { resolveCode, type Catalog } from '../catalog/catalog';
import { CATALOG_LOCALES, type Block, type CatalogLocale, type OtherCode } from '../catalog/schema';
import type { FoundCode, RankedCode } from '../ndr/findStatusCodes';
import { parseNdr, type NdrFacts, type ParseOptions } from '../ndr/parseNdr';
import { sourceMarkers, type ReplySource } from '../ndr/replySource';
import { detectLanguage } from './detectLanguage';
import { describesFailure } from './failureWords';
import { CONFIDENT, round, type Candidate, type SymptomRecognizer } from './symptomRecognizer';
import { foldText } from '../text/foldText';

export interface TriageDeps {
  readonly catalog: Catalog;
  readonly recognizer: SymptomRecognizer;
  /** The model's fingerprint, when it is known without loading the model (see createThreadedTriageDeps). */
  readonly fingerprint?: string;
  /** Other threads that triage with the same catalog and model, so that the caller's event loop stays free. */
  readonly threads?: TriageThreads;
}

/** Triage on other threads (see createTriagePool): the same answers as triage() here. */
export interface TriageThreads {
  /** False once every thread stopped: triage then runs on the caller's thread again. */
  readonly alive: boolean;
  triage(input: string | Uint8Array, options: TriageOptions): Promise<TriageResult>;
}

export interface TriageOptions extends ParseOptions {
  /** Language of explanations in the result; default: the input's language when we have it, else English. */
  readonly locale?: CatalogLocale;
}

/** A code we know that is not a sending block, explained. */
export interface OutOfScopeCode {
  readonly code: string;
  readonly title: string;
  readonly explanation: string;
  /** The product or service that writes this reply when it is not Exchange Online (e.g. "Postfix"), else null. */
  readonly server: string | null;
}

export interface TriageResult {
  /** Catalog block id, or null when nothing in the input is a sending block we handle. */
  readonly block: string | null;
  readonly confidence: number;
  readonly alternatives: readonly Candidate[];
  readonly needsConfirmation: boolean;
  /** What decided: a status code in the input, a Defender alert's name, the described symptoms, or nothing recognizable. */
  readonly decidedBy: 'code' | 'alert' | 'symptoms' | 'nothing';
  readonly codes: readonly FoundCode[];
  /**
   * Who wrote the deciding reply: Microsoft's servers (their wording, hosts or markers next to the code), another
   * server (Postfix, Gmail, Spamhaus, consumer Outlook.com …), or nothing tells (also when no code decided).
   */
  readonly source: ReplySource;
  /** The host or service that wrote it, when known (e.g. "AM0PR01MB1234.eurprd01.prod.outlook.com", "Postfix"). */
  readonly sourceHost: string | null;
  /** BCP 47: the NDR's own language when it says so, else the language the text is written in. */
  readonly language: string | null;
  readonly sender: string | null;
  readonly senderDomain: string | null;
  /** The sending tenant's id when the input carries it (an `X-MS-Exchange-CrossTenant-Id` header field). */
  readonly tenantId: string | null;
  readonly recipients: readonly string[];
  readonly generatingServer: string | null;
  readonly diagnostic: string | null;
  readonly arrivalTime: string | null;
  readonly outOfScope: OutOfScopeCode | null;
  /** True when the input was longer than we read; the part that holds the bounce (or its beginning) was triaged. */
  readonly truncated: boolean;
}

/**
 * How far a block code is believed, by who wrote it. Only Microsoft's own reply decides outright; a code with no
 * author in sight is believed when only Microsoft uses it, and must be confirmed when it is one of the RFC 3463
 * codes every server may write (5.1.8, 5.4.1, 5.7.23 …); another server's reply never decides.
 */
const SOURCE_CAP = { microsoft: 1, unknownDistinctive: 0.9, unknownGeneric: 0.6, other: 0.4 } as const;

/** Registered enhanced codes (RFC 3463, 7372, 8098 …) end below this detail number; Microsoft's own lie above. */
const FIRST_MICROSOFT_DETAIL = 31;

/** Confidence left to an answer when part of the input could not be read. */
const UNREAD_FACTOR = 0.5;

/** Recognizes which sending block an NDR, a pasted bounce or a description of symptoms is about. */
export async function triage(input: string | Uint8Array, deps: TriageDeps, options: TriageOptions = {}): Promise<TriageResult> {
  if (deps.threads?.alive) return deps.threads.triage(input, options);
  const facts = await parseNdr(input, options);
  const language = facts.language ?? detectLanguage(facts.readableText);
  const locale = options.locale ?? catalogLocaleFor(language);
  const base = {
    codes: facts.codes.map(({ smtp, enhanced }) => ({ smtp, enhanced })),
    language,
    sender: facts.sender,
    senderDomain: facts.senderDomain,
    tenantId: facts.tenantId,
    recipients: facts.recipients,
    generatingServer: facts.generatingServer,
    diagnostic: facts.diagnostic,
    arrivalTime: facts.arrivalTime,
    truncated: facts.truncated,
  };
  const doc = documentMarkers(facts);

  // A status code decides. Several block codes: the best-placed one wins, in proportion to the evidence,
  // and no more than its author is believed.
  const blockHits: { block: string; score: number; cap: number; source: ReplySource; host: string | null }[] = [];
  const others: { code: string; other: OtherCode; via: 'code' | 'text' }[] = [];
  // A code we know nothing about, standing as prominently as a block's code, may be the real status: it takes its share.
  let unknownScore = 0;
  for (const c of facts.codes) {
    const context = codeContext(c, facts);
    const r = resolveCode(deps.catalog, c.enhanced, context);
    if (r.kind === 'other') others.push({ code: c.enhanced, other: r.other, via: r.via });
    if (r.kind === 'unknown') unknownScore = Math.max(unknownScore, c.score);
    if (r.kind !== 'block') continue;
    const author = replyAuthor(context, c.enhanced, r.block, doc);
    const cap = sourceCap(author.source, c.enhanced);
    const seen = blockHits.find((h) => h.block === r.block.id);
    if (!seen) blockHits.push({ block: r.block.id, score: c.score, cap, ...author });
    else if (c.score * cap > seen.score * seen.cap) Object.assign(seen, { score: c.score, cap, ...author });
  }
  if (blockHits.length > 0) {
    const best = Math.max(...blockHits.map((h) => h.score));
    const total = blockHits.reduce((s, h) => s + h.score, 0) + (unknownScore >= best ? unknownScore : 0);
    const ranked = blockHits
      .map((h) => ({ ...h, confidence: round((h.score / total) * h.cap * (facts.unread ? UNREAD_FACTOR : 1)) }))
      .sort((a, b) => b.confidence - a.confidence);
    const [winner, ...rest] = ranked;
    return {
      ...base,
      block: winner!.block,
      confidence: winner!.confidence,
      alternatives: rest.map((h) => ({ block: h.block, confidence: h.confidence })),
      needsConfirmation: winner!.confidence < CONFIDENT,
      decidedBy: 'code',
      source: winner!.source,
      sourceHost: winner!.host,
      outOfScope: null,
    };
  }

  // A code we know that is no block: explained. A look-alike (matched by the words next to it) says most.
  const known = others.find((o) => o.via === 'text') ?? (facts.codes[0] && others.find((o) => o.code === facts.codes[0]!.enhanced));
  if (known) {
    const { other } = known;
    return {
      ...base,
      block: null,
      confidence: facts.unread ? UNREAD_FACTOR : 1,
      alternatives: [],
      needsConfirmation: facts.unread,
      decidedBy: 'code',
      source: other.server !== undefined ? 'other' : doc.source,
      sourceHost: other.server ?? doc.host,
      outOfScope: { code: known.code, title: other.title[locale], explanation: other.explanation[locale], server: other.server ?? null },
    };
  }

  // A Microsoft 365 Defender alert pasted as it came: its policy name says the block.
  const alert = findAlert(deps.catalog, facts.readableText);
  if (alert) {
    return {
      ...base,
      ...alert,
      needsConfirmation: alert.needsConfirmation || facts.unread,
      decidedBy: 'alert',
      source: 'microsoft',
      sourceHost: null,
      outOfScope: null,
    };
  }

  // No code we know: the description decides. An unknown code, a bounce that names no block of ours, or a part of
  // the input left unread makes any answer one to confirm.
  const p = deps.recognizer.recognize(facts.readableText);
  // A server's reply, a log line or a bounce that carries no code of ours is about something else: Microsoft's sending
  // blocks always come with their code. Its words may still hint at a block: offered as alternatives, not as the answer.
  // So is a text that reports no failure at all: it explains or plans something ("an alias is …").
  if (p.block !== null && (isServerReply(facts, doc) || !describesFailure(facts.readableText))) {
    return {
      ...base,
      block: null,
      confidence: round((1 - p.confidence) * (facts.truncated ? UNREAD_FACTOR : 1)),
      alternatives: [{ block: p.block, confidence: p.confidence }, ...p.alternatives].slice(0, MAX_HINTS),
      needsConfirmation: true,
      decidedBy: 'symptoms',
      source: doc.source,
      sourceHost: doc.host,
      outOfScope: null,
    };
  }
  return {
    ...base,
    block: p.block,
    confidence: facts.truncated ? round(p.confidence * UNREAD_FACTOR) : p.confidence,
    alternatives: p.alternatives,
    needsConfirmation:
      p.needsConfirmation || facts.truncated || (p.block !== null && isQuestion(facts.readableText)),
    decidedBy: p.block === null && p.alternatives.length === 0 ? 'nothing' : 'symptoms',
    source: 'unknown',
    sourceHost: null,
    outOfScope: null,
  };
}

/** At most this many blocks are offered as hints for a reply that names none. */
const MAX_HINTS = 3;

/** Words of SMTP replies, client exceptions and delivery reports that no description of symptoms has. */
const SERVER_REPLY_WORDS = [
  'smtp;',
  'the server response was',
  ' said: ',
  'smtpexception',
  'diagnostic-code',
  'remote server returned',
  'smtpserverbusy',
  'submission.exception',
  'mapiexception',
  '[退信]',
];

/** An HTTP error status, as API clients (Graph, REST) print it. */
const HTTP_ERROR = /\bHTTP[ /]?[45]\d\d\b/i;

/** An SMTP reply: a 4xx/5xx reply code, then a space or dash and a capitalized word or an enhanced code. */
const SMTP_REPLY = /(?:^|[\s;'"(\[:>])[45][0-5]\d[ -](?:[A-Z]|[245]\.\d)/m;

/** Whether the input is (or quotes) a server's reply or a delivery report rather than someone's description. */
function isServerReply(facts: NdrFacts, doc: Author): boolean {
  if (facts.codes.length > 0 || facts.isBounce || doc.source === 'other') return true;
  const head = facts.readableText.slice(0, DOCUMENT_SCAN);
  const folded = head.toLowerCase();
  return SERVER_REPLY_WORDS.some((w) => folded.includes(w)) || SMTP_REPLY.test(head) || HTTP_ERROR.test(head);
}

/**
 * A question ("does Exchange Online send an alert when …?", "when does the limit reset?") is as often about how
 * things work as about a block someone hit: its answer is one to confirm.
 */
function isQuestion(text: string): boolean {
  return /[?？]/.test(text.slice(0, DOCUMENT_SCAN));
}

/** What stood next to a code: its line, and the diagnostic when that is the code's own reply. */
function codeContext(c: RankedCode, facts: NdrFacts): string {
  return facts.diagnostic && facts.diagnostic.includes(c.enhanced) ? `${c.line}\n${facts.diagnostic}` : c.line;
}

function sourceCap(source: ReplySource, code: string): number {
  if (source === 'microsoft') return SOURCE_CAP.microsoft;
  if (source === 'other') return SOURCE_CAP.other;
  return isRegisteredCode(code) ? SOURCE_CAP.unknownGeneric : SOURCE_CAP.unknownDistinctive;
}

function isRegisteredCode(code: string): boolean {
  const detail = Number(code.split('.')[2]);
  return detail < FIRST_MICROSOFT_DETAIL;
}

interface Author {
  readonly source: ReplySource;
  readonly host: string | null;
}

/** Who wrote the whole input, as far as its hosts, markers and layout tell (the bounce's writer, not the reply's). */
function documentMarkers(facts: NdrFacts): Author {
  const m = sourceMarkers([facts.generatingServer ?? '', facts.reportingMta ?? '', facts.readableText.slice(0, DOCUMENT_SCAN)].join('\n'));
  // Exchange relaying another server's rejection: that server wrote the reply, Exchange only the report around it.
  const remote = facts.remoteRejector;
  if (remote && !sourceMarkers(remote).microsoft) return { source: 'other', host: remote };
  const microsoft = m.microsoft || facts.exchangeLayout;
  const source: ReplySource = microsoft && !m.other ? 'microsoft' : m.other && !microsoft ? 'other' : 'unknown';
  const host = source === 'microsoft' ? (m.microsoftHost ?? facts.generatingServer) : source === 'other' ? m.other : null;
  return { source, host };
}

/** Hosts and markers are looked for in this much of the readable text. */
const DOCUMENT_SCAN = 64 * 1024;

/**
 * Who wrote the reply that carries a block code. The code's own line (and diagnostic) speaks first: the block's
 * Microsoft wording or a Microsoft marker there makes it Microsoft's, another server's wording or hosts there make it
 * that server's, and so does a mere product name next to a registered code. When the line says nothing, the
 * document's writer is taken, unless the document shows both.
 */
function replyAuthor(context: string, code: string, block: Block, doc: Author): Author {
  const line = sourceMarkers(context);
  if (line.other === 'Outlook.com') return { source: 'other', host: line.other };
  if (hasBlockWording(context, block) || (line.microsoft && !line.other)) {
    return { source: 'microsoft', host: line.microsoftHost ?? (doc.source === 'microsoft' ? doc.host : null) };
  }
  if (line.other && !line.microsoft) return { source: 'other', host: line.other };
  if (line.other) return { source: 'unknown', host: null };
  if (line.otherName && !line.microsoft && isRegisteredCode(code)) return { source: 'other', host: line.otherName };
  return { source: doc.source, host: doc.host };
}

/** Words that show a pasted text is an alert notification, not someone naming an alert in a question. */
const ALERT_MAIL_WORDS = ['alert', 'alerte', 'avviso', 'avvisi', '警报', '警示', 'security.microsoft.com', 'severity', 'gravité', 'gravità', '严重性'].map(foldText);

/** The order in which blocks sharing an alert name are offered: the widest scope first. */
const SCOPE_ORDER = ['tenant', 'connector', 'ip', 'user', 'recipient'];

/**
 * The block whose Defender alert policy the text names, in any catalog language. A name shared by several blocks
 * ("Email sending limit exceeded") answers the widest scope and asks to confirm; so does a name mentioned outside
 * an alert notification.
 */
function findAlert(catalog: Catalog, text: string): Pick<TriageResult, 'block' | 'confidence' | 'alternatives' | 'needsConfirmation'> | null {
  const folded = foldText(text.slice(0, DOCUMENT_SCAN));
  const hits = catalog.blocks
    .filter((b) => b.alertPolicy && CATALOG_LOCALES.some((l) => folded.includes(foldText(b.alertPolicy!.name[l]))))
    .sort((a, b) => SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope));
  if (hits.length === 0) return null;
  // A longer name that contains a shorter one ("… unprovisioned email" ⊃ "… email") is the one meant.
  const names = (b: Block) => CATALOG_LOCALES.map((l) => foldText(b.alertPolicy!.name[l])).filter((n) => folded.includes(n));
  const longest = Math.max(...hits.map((b) => Math.max(...names(b).map((n) => n.length))));
  const meant = hits.filter((b) => names(b).some((n) => n.length === longest));
  const isNotification = ALERT_MAIL_WORDS.some((w) => folded.includes(w));
  const unique = meant.length === 1 && isNotification;
  const confidence = unique ? ALERT_CONFIDENCE : round(ALERT_CONFIDENCE / (meant.length + 1));
  return {
    block: meant[0]!.id,
    confidence,
    alternatives: meant.slice(1).map((b) => ({ block: b.id, confidence })),
    needsConfirmation: !unique,
  };
}

/** An alert's name is Microsoft's, but the paste is not the NDR itself: high, never certain. */
const ALERT_CONFIDENCE = 0.95;


/** Maps a BCP 47 tag to the catalog locale that serves it best (zh-* → zh-CN, fr-CA → fr, else en). */
export function catalogLocaleFor(language: string | null): CatalogLocale {
  if (!language) return 'en';
  const primary = language.toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  return (CATALOG_LOCALES as readonly string[]).includes(primary!) ? (primary as CatalogLocale) : 'en';
}
