import { evidenceName } from '../../src/case/prerequisiteOutcome';
import { buildCase } from '../../src/case/buildCase';
import { renderAdaptiveCard } from '../../src/case/renderAdaptiveCard';
import { renderMarkdown } from '../../src/case/renderMarkdown';
import { caseInputOf } from '../../src/conversation/caseInput';
import { newSession } from '../../src/conversation/session';
import { catalog, deps, EN_LABELS, sampleInput } from '../fixtures/case/caseFixture';
import { cardValidationErrors } from './validateCard';

const HOSTILE = '[Fix it now](https://evil.example) <b>trace</b>.csv';

describe('attached files in the case evidence', () => {
  const base = sampleInput();
  const summary = buildCase(
    {
      ...base,
      ndrFile: 'bounce *urgent*.eml',
      prerequisites: base.prerequisites.map((p) => (p.outcome.kind === 'checked' ? { ...p, outcome: { ...p.outcome, file: HOSTILE } } : p)),
    },
    deps(),
  );

  it('lists the NDR file and the export files by name', () => {
    expect(summary.evidence[0]).toEqual({ name: 'bounce *urgent*.eml', format: 'NDR', records: 1 });
    expect(summary.evidence.slice(1).every((e) => e.name === HOSTILE)).toBe(true);
  });

  it('escapes the names in the Markdown and card renderings (shown as typed, never a link)', () => {
    const md = renderMarkdown(summary, EN_LABELS);
    expect(md).toContain('- bounce \\*urgent\\*.eml: NDR, records: 1');
    expect(md).toContain('- \\[Fix it now\\]\\(https://evil.example\\) \\<b\\>trace\\</b\\>.csv: ');
    const card = renderAdaptiveCard(summary, EN_LABELS);
    expect(cardValidationErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(JSON.stringify('\\[Fix it now\\]\\(https://evil.example\\) \\<b\\>trace\\</b\\>.csv'));
  });

  it('takes the names from the conversation: the file an export came from, else a name made from the step', () => {
    const session = { ...newSession('en'), blockId: '5.7.750', ndrFile: 'bounce.eml' };
    session.outcomes['message-trace'] = { kind: 'checked', result: { verdict: 'pass', findings: [], problems: [], format: 'csv', recordsRead: 5000 }, file: 'trace.csv' } as never;
    session.outcomes['accepted-domains'] = { kind: 'checked', result: { verdict: 'pass', findings: [], problems: [], format: 'json', recordsRead: 2 } } as never;
    const input = caseInputOf(session, catalog as never, 'en');
    expect(input.ndrFile).toBe('bounce.eml');
    const names = input.prerequisites.flatMap((p) => (p.outcome.kind === 'checked' ? [evidenceName(p.id, p.outcome.result.format, p.outcome.file)] : []));
    expect(names.sort()).toEqual(['accepted-domains.json', 'trace.csv']);
  });
});
