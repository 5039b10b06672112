import { join } from 'node:path';
import { validateKnowledge } from '../src/catalog/validate';
import { readKnowledge } from '../src/catalog/loadKnowledge';

const dir = process.argv[2] ?? join(__dirname, '..', '..', 'knowledge');
const { value, errors } = validateKnowledge(readKnowledge(dir));
for (const e of errors) console.error(e);
if (value) console.log(`knowledge OK: ${value.blocks.length} blocks, ${value.prerequisites.size} prerequisites, ${value.otherCodes.size} other codes`);
process.exitCode = value ? 0 : 1;
