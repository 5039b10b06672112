import { FeatureIndex } from './featureIndex';

/**
 * Multinomial logistic regression over sparse features, trained with AdaGrad SGD and L2 regularisation (optionally
 * several runs on different shufflings, averaged), with a temperature fitted on held-back predictions so that its
 * probabilities are calibrated.
 * Pure and deterministic (seeded shuffling); serializes to plain JSON.
 */
export interface TrainingDoc {
  readonly features: readonly string[];
  readonly label: number;
}

export interface TrainOptions {
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  readonly minDocFreq?: number;
  readonly seed?: number;
  /** Per-label weight of a training example's gradient (default 1 for every label). */
  readonly labelWeights?: readonly number[];
  /**
   * How many models to train, each on its own shuffling of the docs (seeds seed, seed + 1, …); their weights are
   * averaged. A linear model's scores are linear in its weights, so this is the average of the members' scores, at
   * the size and speed of one model: the noise of one SGD run's order mostly cancels out.
   */
  readonly members?: number;
}

export interface SerializedModel {
  readonly format: 'softmax-v1';
  readonly labels: readonly string[];
  readonly vocab: readonly string[];
  /** Float32 little-endian, feature-major: weights of feature f are at [f*K, f*K+K). Base64. */
  readonly weights: string;
  readonly bias: readonly number[];
  readonly temperature: number;
}

export class SoftmaxModel {
  private constructor(
    readonly labels: readonly string[],
    private readonly index: FeatureIndex,
    private readonly weights: Float32Array,
    private readonly bias: Float64Array,
    readonly temperature: number,
  ) {}

  static train(labels: readonly string[], docs: readonly TrainingDoc[], options: TrainOptions = {}): SoftmaxModel {
    const { minDocFreq = 2, seed = 7, members = 1 } = options;
    const K = labels.length;
    const df = new Map<string, number>();
    for (const d of docs) for (const f of new Set(d.features)) df.set(f, (df.get(f) ?? 0) + 1);
    const vocab = [...df.entries()].filter(([, n]) => n >= minDocFreq).map(([f]) => f).sort();
    const index = new Map(vocab.map((f, i) => [f, i]));
    const vectors = docs.map((d) => vectorize(d.features, index));
    const labelOf = docs.map((d) => d.label);
    const W = new Float64Array(vocab.length * K);
    const b = new Float64Array(K);
    for (let m = 0; m < members; m++) {
      const fit = fitWeights(vectors, labelOf, K, vocab.length, options, mulberry32(seed + m));
      for (let p = 0; p < W.length; p++) W[p]! += fit.W[p]! / members;
      for (let k = 0; k < K; k++) b[k]! += fit.b[k]! / members;
    }
    return new SoftmaxModel(labels, new FeatureIndex(vocab), Float32Array.from(W), b, 1);
  }

  withTemperature(temperature: number): SoftmaxModel {
    return new SoftmaxModel(this.labels, this.index, this.weights, this.bias, temperature);
  }

  /** Raw scores per label, and how many of the text's features the model knows. */
  logits(features: readonly string[]): { logits: Float64Array; known: number } {
    const v = vectorize(features, this.index);
    const out = new Float64Array(this.labels.length);
    scores(this.weights, this.bias, v, this.labels.length, out);
    return { logits: out, known: v.idx.length };
  }

  /** Calibrated probabilities per label (same order as `labels`). */
  predict(features: readonly string[]): { probabilities: Float64Array; known: number } {
    const { logits, known } = this.logits(features);
    softmaxInPlace(logits, this.temperature);
    return { probabilities: logits, known };
  }

  serialize(): SerializedModel {
    return {
      format: 'softmax-v1',
      labels: this.labels,
      vocab: this.index.features(),
      weights: Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength).toString('base64'),
      bias: [...this.bias],
      temperature: this.temperature,
    };
  }

  static deserialize(s: SerializedModel): SoftmaxModel {
    const buf = Buffer.from(s.weights, 'base64');
    const weights = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (weights.length !== s.vocab.length * s.labels.length) throw new Error('model weights do not match its vocabulary');
    return new SoftmaxModel(s.labels, new FeatureIndex(s.vocab), weights, Float64Array.from(s.bias), s.temperature);
  }
}

/**
 * The math of the training loops, bound once: a lookup of the global `Math` in a hot loop is slow wherever the global
 * object is not an ordinary one (a test runner's sandbox made training ten times slower there).
 */
const { sqrt, exp } = Math;

/** One model's weights: AdaGrad SGD over the docs, shuffled by `rand` each epoch. */
function fitWeights(
  vectors: readonly SparseVector[],
  labelOf: readonly number[],
  K: number,
  size: number,
  options: TrainOptions,
  rand: () => number,
): { W: Float32Array; b: Float64Array } {
  const { epochs = 30, learningRate = 0.4, l2 = 1e-5, labelWeights } = options;
  const W = new Float32Array(size * K);
  const G = new Float32Array(size * K).fill(1e-8);
  const b = new Float64Array(K);
  const gb = new Float64Array(K).fill(1e-8);
  const order = labelOf.map((_, i) => i);
  const probs = new Float64Array(K);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, rand);
    for (const i of order) {
      const v = vectors[i]!;
      const label = labelOf[i]!;
      const weight = labelWeights?.[label] ?? 1;
      scores(W, b, v, K, probs);
      softmaxInPlace(probs, 1);
      for (let k = 0; k < K; k++) {
        const g = weight * (probs[k]! - (k === label ? 1 : 0));
        gb[k]! += g * g;
        b[k]! -= (learningRate * g) / sqrt(gb[k]!);
        for (let j = 0; j < v.idx.length; j++) {
          const p = v.idx[j]! * K + k;
          const grad = g * v.val[j]! + l2 * W[p]!;
          G[p]! += grad * grad;
          W[p]! -= (learningRate * grad) / sqrt(G[p]!);
        }
      }
    }
  }
  return { W, b };
}

/** Finds the temperature that minimises the negative log-likelihood of held-back predictions. */
export function fitTemperature(heldBack: readonly { logits: Float64Array; label: number }[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.25; t <= 6; t += 0.05) {
    let loss = 0;
    for (const { logits, label } of heldBack) {
      const p = Float64Array.from(logits);
      softmaxInPlace(p, t);
      loss -= Math.log(Math.max(p[label]!, 1e-12));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

interface SparseVector {
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

/** Counts → log(1+tf), L2-normalized, unknown features dropped. */
function vectorize(features: readonly string[], index: { get(feature: string): number | undefined }): SparseVector {
  const counts = new Map<number, number>();
  for (const f of features) {
    const i = index.get(f);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const idx = new Int32Array(counts.size);
  const val = new Float64Array(counts.size);
  let norm = 0;
  let j = 0;
  for (const [i, c] of counts) {
    idx[j] = i;
    val[j] = Math.log1p(c);
    norm += val[j]! * val[j]!;
    j++;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < val.length; k++) val[k]! /= norm;
  return { idx, val };
}

function scores(W: Float32Array, b: Float64Array, v: SparseVector, K: number, out: Float64Array): void {
  for (let k = 0; k < K; k++) out[k] = b[k]!;
  for (let j = 0; j < v.idx.length; j++) {
    const base = v.idx[j]! * K;
    const x = v.val[j]!;
    for (let k = 0; k < K; k++) out[k]! += W[base + k]! * x;
  }
}

function softmaxInPlace(x: Float64Array, temperature: number): void {
  let max = -Infinity;
  for (let k = 0; k < x.length; k++) max = Math.max(max, x[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < x.length; k++) {
    x[k] = exp(x[k]! / temperature - max);
    sum += x[k]!;
  }
  for (let k = 0; k < x.length; k++) x[k]! /= sum;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rand: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}
