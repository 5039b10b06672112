import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/loadKnowledge';
import { caseExamplesMarkdown } from '../../scripts/caseExamples';

const ROOT = join(__dirname, '..', '..');

describe('docs/case-examples.md', () => {
  const generated = caseExamplesMarkdown(loadCatalog(join(ROOT, 'knowledge')), ROOT);

  it('is exactly what the code produces (run `npm run docs:examples` after a change)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'case-examples.md'), 'utf8')).toBe(generated);
  });

  it('shows both blocks in all four renderings, with the verdicts the checkers gave', () => {
    for (const heading of ['### Markdown', '### Plain text (to read out on a call)', '### JSON', '### Adaptive Card 1.5']) {
      expect(generated.split(heading).length - 1).toBe(2);
    }
    expect(generated).toContain('### ✅ Accepted domains: Met');
    expect(generated).toContain('"code": "5.7.705"');
    expect(generated).toContain('adele.vance@contoso.com');
    expect(generated).toContain('**Based on:** Microsoft Graph, read at 2026-11-23 10:00 UTC');
    expect(generated).toContain('"basis": "graph"');
    expect(generated).toContain('Tenant restricted from sending unprovisioned email');
  });
});
