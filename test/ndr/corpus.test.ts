import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNdr } from '../../src/ndr/parseNdr';

/**
 * Real bounce messages (sisimai set-of-emails, BSD-2-Clause) with expected values, kept outside the project.
 * Every NDR that Microsoft software generated, and whose status appears literally in it, must parse to the
 * expected status and failed recipients. Skipped when the corpus is not there.
 */
const CORPUS = process.env.NDR_CORPUS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'corpus');
const present = existsSync(join(CORPUS, 'expected.json'));

interface Expected {
  file: string;
  msRole: 'generator' | 'remote-rejector' | null;
  status: string | string[];
  recipient: string | string[];
  statusInMessage: boolean | boolean[];
}

const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const entries: Expected[] = present ? JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) : [];
const microsoft = entries.filter((e) => e.msRole === 'generator' && list(e.statusInMessage).every(Boolean));

(present ? describe : describe.skip)('real Microsoft NDRs', () => {
  it('has the Microsoft-generated files to check', () => {
    expect(microsoft.length).toBeGreaterThanOrEqual(40);
  });

  it.each(microsoft.map((e) => [e.file, e] as const))('%s: status and failed recipients', async (_file, e) => {
    const facts = await parseNdr(readFileSync(join(CORPUS, e.file)));
    expect(facts.recipients).toEqual(list(e.recipient).map((r) => r.toLowerCase()));
    expect(facts.failures.map((f) => f.enhanced)).toEqual(list(e.status));
  });

  it.each(entries.filter((e) => e.msRole === null).map((e) => [e.file, e] as const))(
    '%s (not Microsoft): parses without error and finds its recipients',
    async (_file, e) => {
      const facts = await parseNdr(readFileSync(join(CORPUS, e.file)));
      expect(facts.recipients.length).toBeGreaterThan(0);
    },
  );
});
