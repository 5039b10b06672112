import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCode } from '../../src/catalog/catalog';
import { triage } from '../../src/recognize/triage';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

/**
 * Triage over the real bounces of the shared corpus (kept outside the project; skipped when absent): a bounce whose
 * real status is one of our blocks is found for sure, every other one never gets a block stated as sure.
 */
const CORPUS = process.env.NDR_CORPUS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'corpus');
const present = existsSync(join(CORPUS, 'expected.json'));

interface Expected {
  file: string;
  status: string | string[];
  results: { diagnosticCode: string | null }[];
}

const entries: Expected[] = present ? JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) : [];

(present ? describe : describe.skip)('triage of the real bounces', () => {
  const deps = triageDeps();
  /** The block the expected status means, read with the diagnostic sisimai found next to it. */
  const expectedBlock = (e: Expected): string | null => {
    const context = e.results.map((r) => r.diagnosticCode ?? '').join('\n');
    for (const status of [e.status].flat()) {
      const r = resolveCode(deps.catalog, status, context);
      if (r.kind === 'block') return r.block.id;
    }
    return null;
  };
  const ours = entries.filter((e) => expectedBlock(e) !== null);
  const others = entries.filter((e) => expectedBlock(e) === null);

  it('has bounces of both kinds', () => {
    expect(ours.length).toBeGreaterThanOrEqual(8);
    expect(others.length).toBeGreaterThanOrEqual(60);
  });

  it.each(ours.map((e) => [e.file, e] as const))('%s: its block, for sure, written by Microsoft', async (_f, e) => {
    const r = await triage(readFileSync(join(CORPUS, e.file)), deps);
    expect(r).toMatchObject({ block: expectedBlock(e), needsConfirmation: false, source: 'microsoft' });
  });

  it.each(others.map((e) => [e.file, e] as const))('%s: no block stated as sure', async (_f, e) => {
    const r = await triage(readFileSync(join(CORPUS, e.file)), deps);
    expect(r.block !== null && !r.needsConfirmation).toBe(false);
  });

  it.each(entries.filter((e) => e.file.includes('lhost-exchange2003') || e.file.includes('lhost-exchange-01')).map((e) => [e.file] as const))(
    '%s (Exchange 2003, no status code): read as English',
    async (file) => {
      const r = await triage(readFileSync(join(CORPUS, file)), deps);
      expect(r.language).toBe('en');
    },
  );
});
