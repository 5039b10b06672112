import type { Question } from '../catalog/schema';
import { CONFIDENT, MARGIN, type Candidate } from './symptomRecognizer';

/** How likely each candidate block is, summing to 1, most likely first. */
export type Belief = readonly Candidate[];

/** How much an answer that does not fit a block still leaves of it (people misjudge scope, direction, …). */
const MISFIT = 0.1;
/** Questions that would teach us less than this (bits) are not worth the user's time. */
const MIN_GAIN = 0.1;
const MAX_CANDIDATES = 6;

export function normalize(candidates: readonly Candidate[]): Belief {
  const kept = [...candidates].filter((c) => c.confidence > 0).sort((a, b) => b.confidence - a.confidence).slice(0, MAX_CANDIDATES);
  const total = kept.reduce((s, c) => s + c.confidence, 0);
  return total > 0 ? kept.map((c) => ({ block: c.block, confidence: c.confidence / total })) : [];
}

/** The belief a triage result starts the conversation with (blocks only; "out of scope" is not a candidate). */
export function initialBelief(result: { block: string | null; confidence: number; alternatives: readonly Candidate[] }): Belief {
  const head = result.block ? [{ block: result.block, confidence: result.confidence }] : [];
  return normalize([...head, ...result.alternatives]);
}

/** Settled: the leader is likely enough and clear of the runner-up to be stated and confirmed. */
export function isSettled(belief: Belief): boolean {
  const [top, second] = belief;
  return top !== undefined && top.confidence >= CONFIDENT && top.confidence - (second?.confidence ?? 0) >= MARGIN;
}

function entropy(ps: readonly number[]): number {
  return -ps.reduce((s, p) => (p > 0 ? s + p * Math.log2(p) : s), 0);
}

export function applyAnswer(belief: Belief, question: Question, answerId: string): Belief {
  const answer = question.answers.find((a) => a.id === answerId);
  if (!answer) return belief;
  return normalize(belief.map((c) => ({ block: c.block, confidence: c.confidence * (answer.blocks.includes(c.block) ? 1 : MISFIT) })));
}

/** The expected drop in uncertainty (bits) if the user answers `question`, answers weighted by how likely each is. */
export function expectedGain(belief: Belief, question: Question): number {
  const before = entropy(belief.map((c) => c.confidence));
  let after = 0;
  for (const answer of question.answers) {
    const pAnswer = belief.reduce((s, c) => s + c.confidence * (answer.blocks.includes(c.block) ? 1 : 0), 0);
    if (pAnswer === 0) continue;
    after += pAnswer * entropy(applyAnswer(belief, question, answer.id).map((c) => c.confidence));
  }
  return before - after;
}

/** The question (not yet asked) that best tells the candidates apart, or null when none is worth asking. */
export function chooseQuestion(belief: Belief, questions: readonly Question[], asked: readonly string[]): Question | null {
  let best: Question | null = null;
  let bestGain = MIN_GAIN;
  for (const q of questions) {
    if (asked.includes(q.id)) continue;
    const gain = expectedGain(belief, q);
    if (gain > bestGain) {
      best = q;
      bestGain = gain;
    }
  }
  return best;
}

/** At most this many telling questions, then "which of these texts is in your bounce" — three in all. */
export const MAX_TELLING_QUESTIONS = 2;
const WHICH_TEXT_CANDIDATES = 3;

export type ConfirmStep =
  | { readonly kind: 'confirm'; readonly block: string }
  | { readonly kind: 'question'; readonly question: Question }
  | { readonly kind: 'which'; readonly blocks: readonly string[] }
  | { readonly kind: 'none' };

/**
 * What to do next to settle the block: state it and ask to confirm when sure; otherwise ask the most telling
 * question not yet asked; when none is left (or enough were asked), show the candidates' SMTP texts.
 * `unsure` (the recognizer asked for confirmation) means at least one question comes first.
 */
export function nextConfirmStep(
  candidates: readonly Candidate[],
  unsure: boolean,
  asked: readonly string[],
  questions: readonly Question[],
): ConfirmStep {
  const belief = normalize(candidates);
  const top = belief[0];
  if (!top) return { kind: 'none' };
  const settled = isSettled(belief) && !(unsure && asked.length === 0);
  const question = asked.length < MAX_TELLING_QUESTIONS && !settled ? chooseQuestion(belief, questions, asked) : null;
  if (settled || (!question && belief.length === 1)) return { kind: 'confirm', block: top.block };
  if (question) return { kind: 'question', question };
  return { kind: 'which', blocks: belief.slice(0, WHICH_TEXT_CANDIDATES).map((c) => c.block) };
}

/** The user said it is not this block: drop it and weigh the rest again. */
export function withoutCandidate(candidates: readonly Candidate[], block: string): Candidate[] {
  return [...normalize(candidates.filter((c) => c.block !== block))];
}
