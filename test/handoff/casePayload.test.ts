import { buildCase } from '../../src/case/buildCase';
import { renderMarkdown } from '../../src/case/renderMarkdown';
import { batchPayload, casePayload } from '../../src/handoff/casePayload';
import { jobId } from '../../src/handoff/handoffJob';
import { deps, sampleInput } from '../fixtures/case/caseFixture';
import { triageDeps } from '../helpers/triageDeps';

describe('what a case hands off', () => {
  const messages = triageDeps().catalog.messages;
  const summary = buildCase(sampleInput(), deps());

  it('an incident title naming the block code and the tenant, in the case language; the case Markdown; the case JSON', () => {
    const p = casePayload(summary, messages.en);
    expect(summary.tenant.name).not.toBeNull();
    expect(p.reference).toBe(summary.reference);
    expect(p.title).toBe(`Exchange Online sending block ${summary.block.code} — tenant ${summary.tenant.name} (${summary.reference})`);
    expect(p.markdown).toBe(renderMarkdown(summary, messages.en));
    expect(JSON.parse(p.body)).toEqual({ type: 'ndr-triage.case', reference: summary.reference, case: JSON.parse(JSON.stringify(summary)), markdown: p.markdown });
    expect(casePayload(summary, messages.fr).title).toBe(`Blocage d'envoi Exchange Online ${summary.block.code} — locataire ${summary.tenant.name} (${summary.reference})`);
  });

  it('names the tenant by its domain or id when it has no name, and says when none is known', () => {
    const noName = { ...summary, tenant: { ...summary.tenant, name: null, defaultDomain: 'contoso.com' } };
    expect(casePayload(noName, messages.en).title).toContain('— tenant contoso.com (');
    const none = { ...summary, tenant: { name: null, defaultDomain: null, id: null } };
    expect(casePayload(none, messages.en).title).toContain(`— tenant ${messages.en['case.notProvided']} (`);
  });

  it('a batch result: its results.jsonl record, keyed by input and ticket id', () => {
    const row = { id: 'INC0010042', source: 'incidents.csv:3', error: 'empty' };
    const p = batchPayload(row);
    expect(JSON.parse(p.body)).toEqual({ type: 'ndr-triage.batch-result', result: { id: 'INC0010042', input: 'incidents.csv:3', needsHuman: 'error', error: 'empty' } });
    expect(jobId('webhook', p.reference)).toBe(jobId('webhook', batchPayload({ ...row }).reference));
    expect(jobId('webhook', p.reference)).not.toBe(jobId('webhook', batchPayload({ ...row, source: 'other.csv:3' }).reference));
  });
});
