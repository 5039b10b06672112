import { createHash } from 'node:crypto';
import type { SymptomPhrases } from '../catalog/catalog';
import { NONE_LABEL } from '../catalog/schema';
import { featurize } from './features';
import { fitTemperature, SoftmaxModel, type SerializedModel, type TrainingDoc, type TrainOptions } from './softmaxModel';

export interface Candidate {
  readonly block: string;
  readonly confidence: number;
}

export interface SymptomPrediction {
  /** The block, or null when the text is out of scope (or nothing in it is recognized). */
  readonly block: string | null;
  /** Calibrated probability of the answer given in `block` (for null: that the text is out of scope). */
  readonly confidence: number;
  /** The next most likely blocks, best first. */
  readonly alternatives: readonly Candidate[];
  /** True when the answer should be confirmed with the user before acting on it. */
  readonly needsConfirmation: boolean;
}

/** Below this probability, or closer than MARGIN to the runner-up, we ask instead of guessing. */
export const CONFIDENT = 0.7;
export const MARGIN = 0.25;
const MAX_ALTERNATIVES = 3;
/** Candidates below 1% are noise, not alternatives. */
const MIN_ALTERNATIVE = 0.01;
/**
 * Training settings, chosen on a split of the training phrases; part of the cache fingerprint. Three members: one SGD
 * run's answers on unseen text depend on the order it saw the phrases in; the average of three does much less. The
 * fold models the temperature is fitted on are single runs: averaging left the fitted temperature unchanged.
 */
export const TRAINING: TrainingSettings = { epochs: 30, learningRate: 0.4, l2: 1e-4, minDocFreq: 1, noneWeight: 2, members: 3, calibrationMembers: 1 };

export type TrainingSettings = Omit<TrainOptions, 'labelWeights'> & {
  readonly noneWeight: number;
  /** Ensemble members of the fold models the temperature is fitted on (default: `members`). */
  readonly calibrationMembers?: number;
};

export interface SerializedRecognizer {
  readonly fingerprint: string;
  readonly model: SerializedModel;
}

/** A stable digest of the training phrases and feature version: a cached model is valid while it matches. */
export function trainingFingerprint(symptoms: SymptomPhrases, settings: TrainingSettings = TRAINING): string {
  const sorted = Object.keys(symptoms)
    .sort()
    .map((locale) => [locale, symptoms[locale as keyof SymptomPhrases]]);
  return createHash('sha256').update(`f4:${JSON.stringify(settings)}`).update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

function trainingDocs(symptoms: SymptomPhrases, labels: readonly string[]): TrainingDoc[] {
  const docs: TrainingDoc[] = [];
  for (const phrases of Object.values(symptoms)) {
    for (const [label, texts] of Object.entries(phrases)) {
      const l = labels.indexOf(label);
      if (l < 0) continue;
      for (const t of texts) docs.push({ features: featurize(t), label: l });
    }
  }
  return docs;
}

export class SymptomRecognizer {
  private constructor(
    private readonly model: SoftmaxModel,
    readonly fingerprint: string,
  ) {}

  /** Trains on every locale's phrases; the temperature is fitted on 5-fold out-of-fold predictions. Seeded: same phrases, same model. */
  static train(symptoms: SymptomPhrases, blockIds: readonly string[], settings: TrainingSettings = TRAINING): SymptomRecognizer {
    const labels = [...[...blockIds].sort(), NONE_LABEL];
    const docs = trainingDocs(symptoms, labels);
    // Out-of-scope text is far more varied than any block's, so its examples weigh more.
    const { noneWeight, calibrationMembers, ...options } = settings;
    const train = (subset: readonly TrainingDoc[], members = options.members) =>
      SoftmaxModel.train(labels, subset, { ...options, members, labelWeights: labels.map((l) => (l === NONE_LABEL ? noneWeight : 1)) });
    const folds = 5;
    const heldBack: { logits: Float64Array; label: number }[] = [];
    for (let f = 0; f < folds; f++) {
      const model = train(docs.filter((_, i) => i % folds !== f), calibrationMembers ?? options.members);
      docs.forEach((d, i) => {
        if (i % folds === f) heldBack.push({ logits: model.logits(d.features).logits, label: d.label });
      });
    }
    const temperature = fitTemperature(heldBack);
    const model = train(docs).withTemperature(temperature);
    return new SymptomRecognizer(model, trainingFingerprint(symptoms, settings));
  }

  static deserialize(s: SerializedRecognizer): SymptomRecognizer {
    return new SymptomRecognizer(SoftmaxModel.deserialize(s.model), s.fingerprint);
  }

  serialize(): SerializedRecognizer {
    return { fingerprint: this.fingerprint, model: this.model.serialize() };
  }

  get temperature(): number {
    return this.model.temperature;
  }

  recognize(text: string): SymptomPrediction {
    const { probabilities, known } = this.model.predict(featurize(text));
    if (known === 0) return { block: null, confidence: 1, alternatives: [], needsConfirmation: false };
    const ranked = this.model.labels
      .map((label, i) => ({ label, p: probabilities[i]! }))
      .sort((a, b) => b.p - a.p);
    const top = ranked[0]!;
    const second = ranked[1]?.p ?? 0;
    const alternatives = ranked
      .slice(1)
      .filter((r) => r.label !== NONE_LABEL && r.p >= MIN_ALTERNATIVE)
      .slice(0, MAX_ALTERNATIVES)
      .map((r) => ({ block: r.label, confidence: round(r.p) }));
    return {
      block: top.label === NONE_LABEL ? null : top.label,
      confidence: round(top.p),
      alternatives,
      needsConfirmation: top.p < CONFIDENT || top.p - second < MARGIN,
    };
  }
}

/** Probabilities as shown: three decimals. */
export function round(p: number): number {
  return Math.round(p * 1000) / 1000;
}
