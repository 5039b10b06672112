import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/loadKnowledge';
import { projectRoot } from '../src/config/projectRoot';
import { caseExamplesMarkdown } from './caseExamples';

const root = projectRoot();
writeFileSync(join(root, 'docs', 'case-examples.md'), caseExamplesMarkdown(loadCatalog(join(root, 'knowledge')), root));
console.log('wrote docs/case-examples.md');
