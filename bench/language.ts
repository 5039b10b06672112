import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect as lightTables } from 'tinyld/light';
import { projectRoot } from '../src/config/projectRoot';
import { detectLanguage, type LatinDetector } from '../src/recognize/detectLanguage';
import { readHeldout } from './heldout';
import { readRealWorld } from './realWorld';

/**
 * How often language detection names the language a text is labelled with, for the Latin-script languages it chooses
 * among, with tinyld's default tables (what the bot uses) and with its light tables, on texts of four sources: the
 * symptom phrases, the held-out phrases, the real-world items and the NDR fixtures (labelled by their file name).
 *
 *   npm run bench:language
 */
const LATIN = new Set(['en', 'fr', 'it', 'de', 'es', 'pt', 'nl']);

function labelled(root: string): { source: string; language: string; text: string }[] {
  const out: { source: string; language: string; text: string }[] = [];
  const phrases = (source: string, sets: { locale: string; phrases: Record<string, readonly string[]> }[]) => {
    for (const set of sets) for (const list of Object.values(set.phrases)) for (const text of list) out.push({ source, language: set.locale, text });
  };
  const symptomsDir = join(root, 'knowledge', 'symptoms');
  phrases('symptom phrases', readdirSync(symptomsDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(symptomsDir, f), 'utf8'))));
  phrases('held-out phrases', readHeldout(root));
  for (const item of readRealWorld(root)) out.push({ source: 'real-world items', language: item.language, text: item.text });
  const ndrDir = join(root, 'test', 'fixtures', 'ndr');
  for (const f of readdirSync(ndrDir)) out.push({ source: 'NDR fixtures', language: f.split('-')[0]!, text: readFileSync(join(ndrDir, f), 'utf8') });
  return out.filter((t) => LATIN.has(t.language.split('-')[0]!));
}

function main(): void {
  const texts = labelled(projectRoot());
  const detectors: [string, LatinDetector | undefined][] = [['default tables (the bot)', undefined], ['light tables', lightTables]];
  console.log(`${texts.length} labelled texts in ${[...LATIN].join(', ')}\n`);
  console.log('| source | texts | ' + detectors.map(([name]) => `${name}: right`).join(' | ') + ' |');
  console.log('|---|---:|' + detectors.map(() => '---:').join('|') + '|');
  const sources = [...new Set(texts.map((t) => t.source)), 'all'];
  for (const source of sources) {
    const some = source === 'all' ? texts : texts.filter((t) => t.source === source);
    const rates = detectors.map(([, latin]) => {
      const right = some.filter((t) => detectLanguage(t.text, latin) === t.language.split('-')[0]).length;
      return `${((100 * right) / some.length).toFixed(1)}%`;
    });
    console.log(`| ${source} | ${some.length} | ${rates.join(' | ')} |`);
  }
}

main();
