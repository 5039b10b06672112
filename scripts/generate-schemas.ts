import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knowledgeJsonSchemas } from '../src/catalog/jsonSchemas';

const dir = join(__dirname, '..', '..', 'knowledge', 'schema');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(knowledgeJsonSchemas())) {
  writeFileSync(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote knowledge/schema/${name}`);
}
