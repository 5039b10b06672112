import { z } from 'zod';
import type { TriageResult } from './triage';

/**
 * The real-world evaluation set: bounces, SMTP log lines, alert e-mails and problem descriptions taken from public
 * material, each with the answer a support engineer would give. Read by the bench and the tests only, never trained on.
 */
export const REAL_WORLD_KINDS = ['block', 'look-alike', 'out-of-scope'] as const;
export type RealWorldKind = (typeof REAL_WORLD_KINDS)[number];

const itemSchema = z.strictObject({
  id: z.string().regex(/^rw-\d{3,}$/),
  text: z.string().min(1).max(600),
  expect: z.strictObject({
    /** Catalog block id, or null when the text is not about a sending block we handle. */
    block: z.string().min(1).nullable(),
    /** The known non-block code the bot should explain (outOfScope.code); scored apart from top-1. */
    otherCode: z.string().min(1).optional(),
  }),
  kind: z.enum(REAL_WORLD_KINDS),
  /** BCP 47 tag of the text's language. */
  language: z.string().min(2),
  source: z.strictObject({
    url: z.url(),
    kind: z.enum(['github-issue', 'github-code', 'qa-thread', 'blog', 'docs', 'dataset', 'forum']),
    note: z.string().min(1),
  }),
  /** Set when the text is not verbatim, e.g. "translated from <url>". */
  adapted: z.string().min(1).optional(),
});

export const realWorldItemsSchema = z.array(itemSchema);
export type RealWorldItem = z.infer<typeof itemSchema>;

/** What the evaluation reads of a triage result. */
export type RealWorldAnswer = Pick<TriageResult, 'block' | 'confidence' | 'needsConfirmation' | 'decidedBy'> & {
  readonly outOfScope: { readonly code: string } | null;
};

export interface RealWorldOutcome {
  readonly id: string;
  readonly kind: RealWorldKind;
  readonly language: string;
  readonly text: string;
  readonly expected: string | null;
  readonly got: string | null;
  readonly confidence: number;
  readonly needsConfirmation: boolean;
  readonly decidedBy: TriageResult['decidedBy'];
  /** top-1: the block (or null) is the expected one. */
  readonly correct: boolean;
  /** A block answered without asking to confirm, and it is the wrong one. */
  readonly confidentWrong: boolean;
  /** A look-alike answered with a block at confidence 1. */
  readonly lookAlikeAtConfidence1: boolean;
  /** Only when the item names an otherCode: whether outOfScope.code is that code. */
  readonly otherCodeExpected: string | null;
  readonly otherCodeGot: string | null;
  readonly otherCodeCorrect: boolean | null;
}

export interface RealWorldTally {
  total: number;
  correct: number;
  confidentWrong: number;
  lookAlikeAtConfidence1: number;
  otherCodeTotal: number;
  otherCodeCorrect: number;
}

export interface RealWorldEvaluation {
  readonly outcomes: readonly RealWorldOutcome[];
  readonly overall: RealWorldTally;
  readonly perKind: ReadonlyMap<string, RealWorldTally>;
  readonly perLanguage: ReadonlyMap<string, RealWorldTally>;
  /** Outcomes that miss top-1, are confident and wrong, or decide a look-alike at confidence 1. */
  readonly failures: readonly RealWorldOutcome[];
}

/** The targets the set is held to; the real-world test asserts them as they are. */
export const REAL_WORLD_TARGETS = { top1: 0.95, confidentWrong: 0, lookAlikeAtConfidence1: 0 } as const;

/** Scores one answer against one item. */
export function scoreRealWorld(item: RealWorldItem, r: RealWorldAnswer): RealWorldOutcome {
  const expected = item.expect.block;
  const otherCodeExpected = item.expect.otherCode ?? null;
  const otherCodeGot = r.outOfScope?.code ?? null;
  return {
    id: item.id,
    kind: item.kind,
    language: item.language,
    text: item.text,
    expected,
    got: r.block,
    confidence: r.confidence,
    needsConfirmation: r.needsConfirmation,
    decidedBy: r.decidedBy,
    correct: r.block === expected,
    confidentWrong: r.block !== null && !r.needsConfirmation && r.block !== expected,
    lookAlikeAtConfidence1: item.kind === 'look-alike' && r.block !== null && r.confidence >= 1,
    otherCodeExpected,
    otherCodeGot,
    otherCodeCorrect: otherCodeExpected === null ? null : otherCodeGot === otherCodeExpected,
  };
}

/** Runs `answer` on every item (one at a time, in order) and totals the outcomes overall, per kind and per language. */
export async function evaluateRealWorld(
  items: readonly RealWorldItem[],
  answer: (text: string) => Promise<RealWorldAnswer>,
): Promise<RealWorldEvaluation> {
  const outcomes: RealWorldOutcome[] = [];
  for (const item of items) outcomes.push(scoreRealWorld(item, await answer(item.text)));
  return summarizeRealWorld(outcomes);
}

export function summarizeRealWorld(outcomes: readonly RealWorldOutcome[]): RealWorldEvaluation {
  const overall = emptyTally();
  const perKind = new Map<string, RealWorldTally>();
  const perLanguage = new Map<string, RealWorldTally>();
  for (const o of outcomes) {
    for (const t of [overall, tallyOf(perKind, o.kind), tallyOf(perLanguage, o.language)]) add(t, o);
  }
  const failures = outcomes.filter((o) => !o.correct || o.confidentWrong || o.lookAlikeAtConfidence1);
  return { outcomes, overall, perKind, perLanguage, failures };
}

export function top1(t: RealWorldTally | undefined): number {
  return t && t.total > 0 ? t.correct / t.total : 0;
}

function emptyTally(): RealWorldTally {
  return { total: 0, correct: 0, confidentWrong: 0, lookAlikeAtConfidence1: 0, otherCodeTotal: 0, otherCodeCorrect: 0 };
}

function tallyOf(m: Map<string, RealWorldTally>, key: string): RealWorldTally {
  let t = m.get(key);
  if (!t) m.set(key, (t = emptyTally()));
  return t;
}

function add(t: RealWorldTally, o: RealWorldOutcome): void {
  t.total++;
  if (o.correct) t.correct++;
  if (o.confidentWrong) t.confidentWrong++;
  if (o.lookAlikeAtConfidence1) t.lookAlikeAtConfidence1++;
  if (o.otherCodeCorrect !== null) {
    t.otherCodeTotal++;
    if (o.otherCodeCorrect) t.otherCodeCorrect++;
  }
}
