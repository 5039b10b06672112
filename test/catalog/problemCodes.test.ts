import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/loadKnowledge';
import { EXPORT_FORMATS, PROBLEM_CODES, PROBLEM_PARAMS } from '../../src/catalog/problemCodes';
import { CATALOG_LOCALES } from '../../src/catalog/schema';

const ROOT = join(__dirname, '..', '..');
const catalog = loadCatalog(join(ROOT, 'knowledge'));
const slots = (template: string) => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/** Every `problem('<code>'…)` in the checkers and the export reader. */
function codesUsed(): string[] {
  const dir = join(ROOT, 'src', 'checks');
  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'exports')).map((f) => join(dir, 'exports', f))].filter((f) => f.endsWith('.ts'));
  return [...new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bproblem\('([\w-]+)'/g)].map((m) => m[1]!)))].sort();
}

describe('problem codes', () => {
  it.each(CATALOG_LOCALES.flatMap((locale) => PROBLEM_CODES.map((code) => [locale, code] as const)))(
    '%s: problem.%s has wording with exactly the parameters the code passes',
    (locale, code) => {
      const wording = catalog.messages[locale][`problem.${code}`];
      expect(wording.trim()).not.toBe('');
      expect(slots(wording)).toEqual([...PROBLEM_PARAMS[code]].sort());
    },
  );

  it('every code is reported by a checker, and every code a checker reports is listed', () => {
    expect(codesUsed()).toEqual([...PROBLEM_CODES].sort());
  });

  it.each(CATALOG_LOCALES)('%s: every export format has a name', (locale) => {
    for (const format of EXPORT_FORMATS) expect(catalog.messages[locale][`format.${format}`].trim()).not.toBe('');
  });

  it('French wording puts a space before : ; ? and ! and says "locataire"', () => {
    const fr = PROBLEM_CODES.map((code) => catalog.messages.fr[`problem.${code}`]);
    // PowerShell snippets (@{n='…';e={…}}) keep their own punctuation.
    for (const text of fr) expect(text.replace(/@\{[^}]*\{[^}]*\}\}/g, '')).not.toMatch(/[^\s\u00a0][:;?!](?=\s|$)/);
    expect(fr.join(' ')).not.toMatch(/\btenant\b/i);
  });
});
