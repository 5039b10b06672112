import { entryPoints, type EntryPoint } from './entryPoints';
import { PIECES } from '../../bench/support/adversarialPieces';

/**
 * One pasted string must never freeze the server. Every entry point that reads user input is timed on adversarial
 * shapes at two sizes, and the time must grow about as fast as the input (a quadratic step gives 64× for 8× the
 * input, linear 8×). The other guard, recheck on every pattern, lives in `regexLinear.test.ts`: it wraps
 * `RegExp.prototype.exec` to record patterns, which sends every regular expression of the context down the engine's
 * slow path for good, so it must not share this file's context.
 */
jest.setTimeout(600_000);

const SMALL = 16 * 1024;
const LARGE = 8 * SMALL;
/** Linear would be 8; this leaves room for garbage collection and a busy machine, far below quadratic's 64. */
const MAX_GROWTH = 22;
/** From LARGE to 4 × LARGE: linear would be 4 (more with the collector working on a big test heap), quadratic 16. */
const MAX_QUADRUPLING = 10;
/** Below this the large input is too fast to matter, whatever the ratio. */
const FLOOR_MS = 30;
/** Below this the 4 × LARGE input is too fast to judge: a few ms of collector or scheduler noise swing the ratio. */
const QUADRUPLE_FLOOR_MS = 4 * FLOOR_MS;

function shape(piece: string, size: number): string {
  return piece.repeat(Math.ceil(size / piece.length)).slice(0, size);
}

/**
 * CPU time of the quickest of `runs` runs, in ms. CPU time rather than wall time: on a shared machine a run may wait
 * for a core, which says nothing about the algorithm.
 */
async function fastest(entry: EntryPoint, text: string, runs: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    await entry.run(text);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const entries = entryPoints();

describe('no input makes any entry point super-linear', () => {
  it('is timed with the engine\'s own regular expressions', () => {
    // Timings taken with a wrapped `exec` measure the wrapper's slow path, not our code (see above).
    expect(Function.prototype.toString.call(RegExp.prototype.exec)).toContain('[native code]');
  });
});

describe('no input makes any entry point super-linear', () => {
  it.each(entries.map((e) => [e.name, e] as const))('%s grows linearly on every adversarial shape', async (_name, entry) => {
    const slow: string[] = [];
    for (const piece of PIECES) {
      const small = shape(piece, SMALL);
      const large = shape(piece, LARGE);
      await entry.run(small); // warm up
      const smallMs = await fastest(entry, small, 2);
      let largeMs = await fastest(entry, large, 1);
      if (largeMs > FLOOR_MS && largeMs / smallMs > MAX_GROWTH) {
        // A small input can be quick for reasons a large one is not (it fits the young generation), and a busy
        // machine adds noise. Before calling it, compare two large sizes: 4× the input is 4× the linear work and
        // 16× the quadratic work.
        largeMs = await fastest(entry, large, 2);
        let quadrupleMs = await fastest(entry, shape(piece, 4 * LARGE), 2);
        if (quadrupleMs / largeMs > MAX_QUADRUPLING) {
          // A collection of the big test heap can land in one measurement; quadratic work is slow every time.
          largeMs = Math.min(largeMs, await fastest(entry, large, 2));
          quadrupleMs = Math.min(quadrupleMs, await fastest(entry, shape(piece, 4 * LARGE), 2));
        }
        if (quadrupleMs > QUADRUPLE_FLOOR_MS && quadrupleMs / largeMs > MAX_QUADRUPLING) {
          slow.push(`${JSON.stringify(piece)}: ${smallMs.toFixed(1)} → ${largeMs.toFixed(1)} → ${quadrupleMs.toFixed(1)} ms CPU`);
        }
      }
    }
    expect(slow).toEqual([]);
  });
});
