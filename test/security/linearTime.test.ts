import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { check } from 'recheck';
import ts from 'typescript';
import { entryPoints, type EntryPoint } from './entryPoints';
import { PIECES } from '../../bench/support/adversarialPieces';

/**
 * One pasted string must never freeze the server. Two guards:
 * 1. every regular expression in the code — literals found in the source, and every pattern that actually ran on
 *    input while the entry points below were fed — is proven free of super-linear backtracking by recheck;
 * 2. every entry point that reads user input is timed on adversarial shapes at two sizes, and the time must grow
 *    about as fast as the input (a quadratic step gives 64× for 8× the input, linear 8×).
 */
jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');
const SMALL = 16 * 1024;
const LARGE = 8 * SMALL;
/** Linear would be 8; this leaves room for garbage collection and a busy machine, far below quadratic's 64. */
const MAX_GROWTH = 22;
/** From LARGE to 4 × LARGE: linear would be 4 (more with the collector working on a big test heap), quadratic 16. */
const MAX_QUADRUPLING = 10;
/** Below this the large input is too fast to matter, whatever the ratio. */
const FLOOR_MS = 30;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

interface Pattern {
  readonly source: string;
  readonly flags: string;
  readonly where: string;
}

function literalPatterns(): Pattern[] {
  const out: Pattern[] = [];
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'dialogs'))]) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const end = text.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        out.push({ source: text.slice(1, end), flags: text.slice(end + 1), where: `${file.slice(ROOT.length + 1)}:${line}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}



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

/** The first stack frame outside this test and the runtime: who ran the pattern. */
let inCaller = false;
function caller(): string {
  if (inCaller) return 'unknown';
  inCaller = true;
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const own = frames.find((f) => !f.includes('linearTime.test') && !f.includes('node:internal') && !f.includes('<anonymous>'));
  inCaller = false;
  return own?.trim().slice(3) ?? 'unknown';
}

/** Patterns that run while the entry points work, with the first entry point that ran each. */
const ranOnInput = new Map<string, Pattern>();

const entries = entryPoints();

describe('the patterns that run on pasted text', () => {
  // Every pattern that runs while the entry points read a 2 KiB paste of each shape is recorded, wherever it lives
  // (our code or a library), for recheck below. Timing happens apart from this: the recording slows regex calls.
  it('are recorded while every entry point reads every shape', async () => {
    const realExec = RegExp.prototype.exec;
    const recorded = new WeakSet<RegExp>();
    let current = '';
    RegExp.prototype.exec = function exec(this: RegExp, input: string) {
      // Cheap for a pattern already seen: global replaces call this once per match.
      if (recorded.has(this)) return realExec.call(this, input);
      // No regular expressions in here: they would call this function again. Only patterns that see input of the
      // size a paste has count (the test runner's own patterns run on short paths and names).
      if (current !== '' && !inCaller && typeof input === 'string' && input.length >= 1024) {
        const flags = [...this.flags].filter((f) => !'dgy'.includes(f)).join('');
        const key = `/${this.source}/${flags}`;
        if (!ranOnInput.has(key)) ranOnInput.set(key, { source: this.source, flags, where: `${current} at ${caller()}` });
        recorded.add(this);
      }
      return realExec.call(this, input);
    };
    try {
      for (const entry of entries) {
        current = entry.name;
        for (const piece of PIECES) await entry.run(shape(piece, 2048));
      }
    } finally {
      RegExp.prototype.exec = realExec;
    }
    // The recording must see the code: a broken one would pass by checking nothing.
    expect(ranOnInput.size).toBeGreaterThan(60);
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
        if (quadrupleMs / largeMs > MAX_QUADRUPLING) {
          slow.push(`${JSON.stringify(piece)}: ${smallMs.toFixed(1)} → ${largeMs.toFixed(1)} → ${quadrupleMs.toFixed(1)} ms CPU`);
        }
      }
    }
    expect(slow).toEqual([]);
  });
});

describe('every regular expression is linear (recheck)', () => {
  it('finds the patterns it checks', () => {
    // The scan must see the code: a broken scan would pass by checking nothing.
    expect(literalPatterns().length).toBeGreaterThan(150);
  });

  it('proves each pattern free of super-linear backtracking', async () => {
    const all = new Map<string, Pattern>();
    for (const p of [...literalPatterns(), ...ranOnInput.values()]) {
      const key = `/${p.source}/${[...p.flags].filter((f) => !'dgy'.includes(f)).join('')}`;
      if (!all.has(key)) all.set(key, p);
    }
    const unsafe: string[] = [];
    const patterns = [...all.values()];
    for (let i = 0; i < patterns.length; i += 8) {
      const batch = patterns.slice(i, i + 8);
      const results = await Promise.all(batch.map((p) => check(p.source, p.flags, { timeout: 20_000 })));
      results.forEach((r, j) => {
        if (r.status === 'safe') return;
        const p = batch[j]!;
        const detail = r.status === 'vulnerable' ? `${r.complexity.type}, attack ${r.attack.pattern}` : `${r.status}: ${r.error.kind}`;
        unsafe.push(`${p.where} /${p.source}/${p.flags} — ${detail}`);
      });
    }
    expect(unsafe).toEqual([]);
  });
});
