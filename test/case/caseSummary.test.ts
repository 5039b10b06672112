import { buildCase } from '../../src/case/buildCase';
import { CaseSummarySchema } from '../../src/case/caseSummary';
import { InputError } from '../../src/errors/errors';
import { deps, sampleInput } from '../fixtures/case/caseFixture';

const valid = buildCase(sampleInput(), deps());

function issuesOf(candidate: unknown): string[] {
  const r = CaseSummarySchema.safeParse(candidate);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
}

describe('CaseSummarySchema', () => {
  it('accepts a case built by buildCase', () => {
    expect(issuesOf(valid)).toEqual([]);
  });

  it('rejects another schema version', () => {
    expect(issuesOf({ ...valid, schemaVersion: 2 })).toEqual(['schemaVersion']);
  });

  it('rejects a bad e-mail address', () => {
    expect(issuesOf({ ...valid, contact: { ...valid.contact, email: 'marie.dupont@' } })).toEqual(['contact.email']);
  });

  it.each([
    ['a malformed reference', { ...valid, reference: 'NDR-2026-ABCD' }, 'reference'],
    ['a tenant ID that is not a GUID', { ...valid, tenant: { ...valid.tenant, id: 'contoso' } }, 'tenant.id'],
    ['a language tag that is not BCP 47', { ...valid, preferredLanguage: 'not a language' }, 'preferredLanguage'],
    ['an unknown case language', { ...valid, language: 'de' }, 'language'],
    ['a negative number of users', { ...valid, impact: { ...valid.impact, affectedUsers: -1 } }, 'impact.affectedUsers'],
    ['a control character in a text', { ...valid, tenant: { ...valid.tenant, name: 'Contoso\u001b[31m' } }, 'tenant.name'],
    ['a text over its limit', { ...valid, askOfSupport: 'x'.repeat(1001) }, 'askOfSupport'],
    ['an unknown status', { ...valid, prerequisites: [{ ...valid.prerequisites[0]!, status: 'maybe' }] }, 'prerequisites.0.status'],
    ['a property it does not know', { ...valid, password: 'x' }, ''],
    ['a Graph basis without the time it was read', { ...valid, prerequisites: [{ ...valid.prerequisites[0]!, basis: 'graph', readAt: null }, ...valid.prerequisites.slice(1)] }, 'prerequisites.0.readAt'],
    ['a read time on a pasted export', { ...valid, prerequisites: [{ ...valid.prerequisites[0]!, readAt: '2026-11-23T10:00:00.000Z' }, ...valid.prerequisites.slice(1)] }, 'prerequisites.0.readAt'],
    ['an alert without its time', { ...valid, block: { ...valid.block, alert: { title: 'Tenant restricted from sending email', description: null, raisedAt: 'yesterday' } } }, 'block.alert.raisedAt'],
  ])('rejects %s', (_name, candidate, path) => {
    expect(issuesOf(candidate)).toEqual([path]);
  });
});

describe('buildCase validation', () => {
  it('throws an InputError naming the field when the e-mail address is bad', () => {
    const input = sampleInput();
    const build = () => buildCase({ ...input, contact: { ...input.contact, email: 'marie.dupont at contoso' } }, deps());
    expect(build).toThrow(InputError);
    expect(build).toThrow(/contact\.email/);
  });

  it('throws an InputError for an unknown block or prerequisite', () => {
    expect(() => buildCase({ ...sampleInput(), blockId: '5.7.999' }, deps())).toThrow(new InputError('Unknown block "5.7.999"'));
    expect(() => buildCase({ ...sampleInput(), prerequisites: [{ id: 'no-such-thing', outcome: { kind: 'skipped' } }] }, deps())).toThrow(
      new InputError('Unknown prerequisite "no-such-thing"'),
    );
  });
});
