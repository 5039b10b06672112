import fc from 'fast-check';
import { FeatureIndex } from '../../src/recognize/featureIndex';

describe('FeatureIndex', () => {
  it('finds each feature at its position and nothing else', () => {
    const index = new FeatureIndex(['w:blocked', 'c:^bl', 'h:邮件', 'b:send_mail', '', 'w:é', 'w:😀']);
    expect(index.size).toBe(7);
    expect(index.get('w:blocked')).toBe(0);
    expect(index.get('h:邮件')).toBe(2);
    expect(index.get('')).toBe(4);
    expect(index.get('w:😀')).toBe(6);
    expect(index.get('w:block')).toBeUndefined();
    expect(index.get('w:blocked ')).toBeUndefined();
    expect(index.get('w:e')).toBeUndefined();
  });

  it('answers like a Map for any vocabulary, and gives the vocabulary back in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 12 })), (vocab, probes) => {
        const index = new FeatureIndex(vocab);
        const map = new Map(vocab.map((f, i) => [f, i]));
        for (const f of [...vocab, ...probes]) expect(index.get(f)).toBe(map.get(f));
        expect(index.features()).toEqual(vocab);
      }),
    );
  });

  it('refuses a vocabulary with a feature twice', () => {
    expect(() => new FeatureIndex(['w:a', 'w:b', 'w:a'])).toThrow('duplicate feature');
  });
});
