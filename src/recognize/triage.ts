import { resolveCode, type Catalog } from '../catalog/catalog';
import { CATALOG_LOCALES, type CatalogLocale } from '../catalog/schema';
import type { FoundCode } from '../ndr/findStatusCodes';
import { parseNdr, type ParseOptions } from '../ndr/parseNdr';
import { detectLanguage } from './detectLanguage';
import { CONFIDENT, round, type Candidate, type SymptomRecognizer } from './symptomRecognizer';

export interface TriageDeps {
  readonly catalog: Catalog;
  readonly recognizer: SymptomRecognizer;
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
}

export interface TriageResult {
  /** Catalog block id, or null when nothing in the input is a sending block we handle. */
  readonly block: string | null;
  readonly confidence: number;
  readonly alternatives: readonly Candidate[];
  readonly needsConfirmation: boolean;
  /** What decided: a status code in the input, the described symptoms, or nothing recognizable. */
  readonly decidedBy: 'code' | 'symptoms' | 'nothing';
  readonly codes: readonly FoundCode[];
  /** BCP 47: the NDR's own language when it says so, else the language the text is written in. */
  readonly language: string | null;
  readonly sender: string | null;
  readonly senderDomain: string | null;
  readonly recipients: readonly string[];
  readonly generatingServer: string | null;
  readonly diagnostic: string | null;
  readonly arrivalTime: string | null;
  readonly outOfScope: OutOfScopeCode | null;
  /** True when the input was longer than we read; only its beginning was triaged. */
  readonly truncated: boolean;
}

/** Recognizes which sending block an NDR, a pasted bounce or a description of symptoms is about. */
export async function triage(input: string | Uint8Array, deps: TriageDeps, options: TriageOptions = {}): Promise<TriageResult> {
  const facts = await parseNdr(input, options);
  const language = facts.language ?? detectLanguage(facts.readableText);
  const locale = options.locale ?? catalogLocaleFor(language);
  const base = {
    codes: facts.codes.map(({ smtp, enhanced }) => ({ smtp, enhanced })),
    language,
    sender: facts.sender,
    senderDomain: facts.senderDomain,
    recipients: facts.recipients,
    generatingServer: facts.generatingServer,
    diagnostic: facts.diagnostic,
    arrivalTime: facts.arrivalTime,
    truncated: facts.truncated,
  };

  // A status code decides. Several block codes: the best-placed one wins, in proportion to the evidence.
  const blockHits: { block: string; score: number }[] = [];
  for (const c of facts.codes) {
    const r = resolveCode(deps.catalog, c.enhanced, `${c.line}\n${facts.diagnostic ?? ''}`);
    if (r.kind !== 'block') continue;
    const seen = blockHits.find((h) => h.block === r.block.id);
    if (seen) seen.score = Math.max(seen.score, c.score);
    else blockHits.push({ block: r.block.id, score: c.score });
  }
  if (blockHits.length > 0) {
    const total = blockHits.reduce((s, h) => s + h.score, 0);
    const [winner, ...others] = blockHits.map((h) => ({ block: h.block, confidence: round(h.score / total) }));
    return {
      ...base,
      block: winner!.block,
      confidence: winner!.confidence,
      alternatives: others,
      needsConfirmation: winner!.confidence < CONFIDENT,
      decidedBy: 'code',
      outOfScope: null,
    };
  }

  const primary = facts.codes[0];
  if (primary) {
    const r = resolveCode(deps.catalog, primary.enhanced, `${primary.line}\n${facts.diagnostic ?? ''}`);
    if (r.kind === 'other') {
      return {
        ...base,
        block: null,
        confidence: 1,
        alternatives: [],
        needsConfirmation: false,
        decidedBy: 'code',
        outOfScope: { code: r.other.code, title: r.other.title[locale], explanation: r.other.explanation[locale] },
      };
    }
  }

  // No code we know: the description decides, and an unknown code makes any answer one to confirm.
  const p = deps.recognizer.recognize(facts.readableText);
  return {
    ...base,
    block: p.block,
    confidence: p.confidence,
    alternatives: p.alternatives,
    needsConfirmation: p.needsConfirmation || (primary !== undefined && p.block !== null),
    decidedBy: p.block === null && p.alternatives.length === 0 ? 'nothing' : 'symptoms',
    outOfScope: null,
  };
}

/** Maps a BCP 47 tag to the catalog locale that serves it best (zh-* → zh-CN, fr-CA → fr, else en). */
export function catalogLocaleFor(language: string | null): CatalogLocale {
  if (!language) return 'en';
  const primary = language.toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  return (CATALOG_LOCALES as readonly string[]).includes(primary!) ? (primary as CatalogLocale) : 'en';
}
