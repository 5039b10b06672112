/**
 * A read-only map from feature string to its position in the vocabulary, kept in three typed arrays: the features'
 * characters back to back, where each one starts, and an open-addressing hash table. The recognizer's ~105,000
 * features take 3 MB this way, outside the garbage-collected heap, instead of 7 MB of strings and Map entries on it.
 */
export class FeatureIndex {
  private readonly chars: Uint16Array;
  /** Feature i is chars[starts[i], starts[i + 1]). */
  private readonly starts: Int32Array;
  /** Slots hold a feature's position + 1; 0 is empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(vocab: readonly string[]) {
    let total = 0;
    for (const f of vocab) total += f.length;
    this.chars = new Uint16Array(total);
    this.starts = new Int32Array(vocab.length + 1);
    let at = 0;
    vocab.forEach((f, i) => {
      this.starts[i] = at;
      for (let j = 0; j < f.length; j++) this.chars[at++] = f.charCodeAt(j);
    });
    this.starts[vocab.length] = at;
    let capacity = 16;
    while (capacity < vocab.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    vocab.forEach((f, i) => {
      let s = hash(f) & this.mask;
      while (this.slots[s] !== 0) {
        if (this.equals(this.slots[s]! - 1, f)) throw new Error(`duplicate feature in vocabulary: ${f}`);
        s = (s + 1) & this.mask;
      }
      this.slots[s] = i + 1;
    });
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** The feature's position, or undefined when the vocabulary does not have it. */
  get(feature: string): number | undefined {
    let s = hash(feature) & this.mask;
    for (;;) {
      const slot = this.slots[s]!;
      if (slot === 0) return undefined;
      if (this.equals(slot - 1, feature)) return slot - 1;
      s = (s + 1) & this.mask;
    }
  }

  /** The vocabulary, in order (for serializing). */
  features(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.size; i++) out.push(String.fromCharCode(...this.chars.subarray(this.starts[i]!, this.starts[i + 1]!)));
    return out;
  }

  private equals(i: number, feature: string): boolean {
    const start = this.starts[i]!;
    if (this.starts[i + 1]! - start !== feature.length) return false;
    for (let j = 0; j < feature.length; j++) if (this.chars[start + j] !== feature.charCodeAt(j)) return false;
    return true;
  }
}

/** FNV-1a over UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
