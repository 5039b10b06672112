import { NONE_LABEL } from '../catalog/schema';

/** Held-out phrases of one locale, keyed by block id or "none". */
export interface LabelledSet {
  readonly locale: string;
  readonly phrases: Readonly<Record<string, readonly string[]>>;
}

export interface Tally {
  correct: number;
  total: number;
}

export interface Evaluation {
  readonly overall: Tally;
  readonly perLocale: ReadonlyMap<string, Tally>;
  readonly perBlock: ReadonlyMap<string, Tally>;
  readonly misses: readonly { locale: string; expected: string; got: string; text: string }[];
}

/** Top-1 accuracy of `predict` on held-out sets; a null prediction counts as "none". */
export function evaluate(sets: readonly LabelledSet[], predict: (text: string) => string | null): Evaluation {
  const overall: Tally = { correct: 0, total: 0 };
  const perLocale = new Map<string, Tally>();
  const perBlock = new Map<string, Tally>();
  const misses: { locale: string; expected: string; got: string; text: string }[] = [];
  const bump = (m: Map<string, Tally>, k: string, ok: boolean) => {
    const t = m.get(k) ?? { correct: 0, total: 0 };
    t.total++;
    if (ok) t.correct++;
    m.set(k, t);
  };
  for (const set of sets) {
    for (const [label, texts] of Object.entries(set.phrases)) {
      for (const text of texts) {
        const got = predict(text) ?? NONE_LABEL;
        const ok = got === label;
        overall.total++;
        if (ok) overall.correct++;
        else misses.push({ locale: set.locale, expected: label, got, text });
        bump(perLocale, set.locale, ok);
        bump(perBlock, label, ok);
      }
    }
  }
  return { overall, perLocale, perBlock, misses };
}

export function accuracy(t: Tally | undefined): number {
  return t && t.total > 0 ? t.correct / t.total : 0;
}
