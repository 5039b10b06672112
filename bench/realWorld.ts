import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realWorldItemsSchema, type RealWorldItem } from '../src/recognize/evaluateRealWorld';

/** Where the real-world evaluation set lives; only the bench and the tests read it, never training. */
export function realWorldFile(root: string): string {
  return join(root, 'test', 'fixtures', 'realworld', 'items.json');
}

/** The real-world evaluation set, validated; throws with every format error found. */
export function readRealWorld(root: string): RealWorldItem[] {
  const file = realWorldFile(root);
  const parsed = realWorldItemsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file} is not a valid real-world set:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
