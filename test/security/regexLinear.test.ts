import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { check } from 'recheck';
import ts from 'typescript';
import { entryPoints } from './entryPoints';
import { PIECES } from '../../bench/support/adversarialPieces';

/**
 * One pasted string must never freeze the server: every regular expression in the code — literals found in the
 * source, and every pattern that actually ran on input while the entry points were fed — is proven free of
 * super-linear backtracking by recheck. The timing guard lives in `linearTime.test.ts`, in a context of its own
 * (the recording below leaves this one's regular expressions on the engine's slow path).
 */
jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');

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
