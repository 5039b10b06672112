import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelledSet } from '../src/recognize/evaluate';

/** The held-out phrases (never trained on) from test/fixtures/heldout. */
export function readHeldout(root: string): LabelledSet[] {
  const dir = join(root, 'test', 'fixtures', 'heldout');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LabelledSet);
}
