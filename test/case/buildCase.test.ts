import { buildCase, type CaseInput } from '../../src/case/buildCase';
import { CaseSummarySchema } from '../../src/case/caseSummary';
import { renderAdaptiveCard } from '../../src/case/renderAdaptiveCard';
import { renderMarkdown } from '../../src/case/renderMarkdown';
import type { CheckResult, Finding } from '../../src/checks/checkResult';
import { catalog, deps, EN_LABELS, sampleInput } from '../fixtures/case/caseFixture';
import { cardValidationErrors } from './validateCard';

function emptyInput(): CaseInput {
  return {
    triage: null,
    blockId: '5.7.750',
    ndrText: null,
    tenant: { name: '   ', defaultDomain: null, id: null },
    contact: { name: null, email: '', phone: null },
    preferredLanguage: null,
    affectedUsers: null,
    impactDescription: null,
    blockStartedAt: null,
    prerequisites: [],
    actionsTaken: [],
    summaryLanguage: 'en',
  };
}

describe('buildCase', () => {
  it('keeps what is missing as null, and the renderings say it was not provided', () => {
    const c = buildCase(emptyInput(), deps());
    expect(c.tenant).toEqual({ name: null, defaultDomain: null, id: null });
    expect(c.contact).toEqual({ name: null, email: null, phone: null });
    expect(c.preferredLanguage).toBeNull();
    expect(c.block.firstSeen).toBeNull();
    expect(c.ndrSamples).toEqual([]);
    expect(c.codes).toEqual(['5.7.750']);
    expect(c.ready).toBe(true);
    expect(c.openItems).toEqual([]);
    expect(c.impact).toEqual({ affectedUsers: null, affectedUsersApproximate: false, description: null });
    expect(c.evidence).toEqual([]);

    expect(renderMarkdown(c, EN_LABELS)).toBe(`# Support case summary

- **Reference:** NDR-20261123-7K3Q
- **Created:** 2026-11-23 09:30 UTC
- **Preferred language:** not provided
- **Ready for Support:** Yes: every prerequisite is met

## Tenant

- **Organization name:** not provided
- **Default domain:** not provided
- **Tenant ID:** not provided

## Contact

- **Name:** not provided
- **E-mail:** not provided
- **Phone:** not provided

## Sending block

- **Error code:** 5.7.750
- **SMTP response:** 550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains
- **Description:** Tenant blocked from sending mail from unregistered domains
- **First seen:** not provided
- **Codes in the NDR:** 5.7.750

## Impact

- **Affected users:** not provided
- **Description:** not provided

## Prerequisites

None

## Actions already taken

None

## Request to Microsoft Support

Please lift the 5.7.750 sending block on this tenant. The prerequisites and the evidence gathered are listed above.

## Evidence attached

None
`);
    expect(cardValidationErrors(renderAdaptiveCard(c, EN_LABELS))).toEqual([]);
  });

  it('draws the reference from the injected random source and the UTC date', () => {
    const at = (random: () => number, now: string) => buildCase(emptyInput(), deps({ random, now: new Date(now) })).reference;
    expect(at(() => 0, '2026-01-05T23:59:59+02:00')).toBe('NDR-20260105-2222');
    expect(at(() => 0.9999999, '2026-01-05T23:59:59-02:00')).toBe('NDR-20260106-ZZZZ');
    expect(at(() => 1, '2026-11-23T00:00:00Z')).toBe('NDR-20261123-ZZZZ');
  });

  it('normalizes the tenant ID and the default domain', () => {
    const c = buildCase(
      { ...emptyInput(), tenant: { name: 'Contoso', defaultDomain: 'Contoso.COM', id: '{6F1C2B7E-4D3A-4B8E-9C21-0A5F3E7D9B12}' } },
      deps(),
    );
    expect(c.tenant).toEqual({ name: 'Contoso', defaultDomain: 'contoso.com', id: '6f1c2b7e-4d3a-4b8e-9c21-0a5f3e7d9b12' });
  });

  it('writes block and prerequisite titles in the summary language', () => {
    const c = buildCase({ ...sampleInput(), summaryLanguage: 'zh-CN' }, deps());
    expect(c.language).toBe('zh-CN');
    expect(c.block.title).toBe('租户因从未注册的域发送邮件而被阻止');
    expect(c.prerequisites.map((p) => p.title)).toEqual(['已接受域', '入站连接器', '本地服务器已加固', '管理员帐户已保护']);
  });

  it('asks Support what the block needs: lifting when Support lifts it, otherwise the first way it is lifted', () => {
    const block = catalog.blocks[0]!;
    const waitFirst = { ...catalog, blocks: [{ ...block, liftedBy: ['wait' as const, 'admin' as const] }] };
    expect(buildCase(emptyInput(), deps({ catalog: waitFirst })).askOfSupport).toBe(
      'The 5.7.750 block normally expires on its own. Please confirm the cause and when it will be lifted.',
    );
    const supportSecond = { ...catalog, blocks: [{ ...block, liftedBy: ['wait' as const, 'microsoft-support' as const] }] };
    expect(buildCase(emptyInput(), deps({ catalog: supportSecond })).askOfSupport).toBe(
      'Please lift the 5.7.750 sending block on this tenant. The prerequisites and the evidence gathered are listed above.',
    );
  });

  it('adds the problems met reading an export as warnings, and keeps at most 50 findings', () => {
    const findings: Finding[] = Array.from({ length: 60 }, (_, i) => ({
      code: 'message-trace-unaccepted-sender-domain',
      severity: 'problem' as const,
      params: { domain: `spam${i}.example` },
    }));
    const result: CheckResult = {
      checker: 'message-trace',
      verdict: 'unknown',
      findings: findings.slice(0, 2),
      format: 'csv',
      recordsRead: 120,
      problems: [{ code: 'csv-row-fields', params: { row: 7, fields: 3, expected: 5 } }],
    };
    const input = (r: CheckResult): CaseInput => ({
      ...emptyInput(),
      prerequisites: [{ id: 'message-trace', outcome: { kind: 'checked', result: r } }],
    });

    const c = buildCase(input(result), deps());
    expect(c.prerequisites[0]).toEqual({
      id: 'message-trace',
      title: 'Message trace of the last two days',
      status: 'unknown',
      basis: 'pasted',
      readAt: null,
      findings: [
        { severity: 'problem', text: 'Mail left with sender domain spam0.example, which is not an accepted domain.' },
        { severity: 'problem', text: 'Mail left with sender domain spam1.example, which is not an accepted domain.' },
        { severity: 'warning', text: 'CSV row 7 has 3 fields, the header has 5' },
      ],
    });
    expect(c.evidence).toEqual([{ name: 'message-trace.csv', format: 'csv', records: 120 }]);

    const many = buildCase(input({ ...result, findings, problems: [] }), deps()).prerequisites[0]!.findings;
    expect(many).toHaveLength(50);
    expect(many[48]).toEqual({ severity: 'problem', text: 'Mail left with sender domain spam48.example, which is not an accepted domain.' });
    expect(many[49]).toEqual({ severity: 'info', text: '[truncated]' });
  });

  it('turns a yes or no answer into a status marked as self-attested, with the note as a finding', () => {
    const answered = (answer: 'yes' | 'no', note?: string) =>
      buildCase({ ...emptyInput(), prerequisites: [{ id: 'smtp-auth', outcome: { kind: 'answered', answer, note } }] }, deps()).prerequisites[0];
    expect(answered('no')).toEqual({ id: 'smtp-auth', title: 'SMTP AUTH for the device or app', status: 'not-met', basis: 'self-attested', readAt: null, findings: [] });
    expect(answered('yes', '  The scanner now uses OAuth; pwd: Scan2026  ')!.findings).toEqual([
      { severity: 'info', text: 'The scanner now uses OAuth; pwd: [redacted]' },
    ]);
  });

  it('marks "I ran it — nothing unusual" as met on the admin\'s word, not checked, and "I can\'t run it" as not confirmed', () => {
    const c = buildCase(
      {
        ...emptyInput(),
        prerequisites: [
          { id: 'accepted-domains', outcome: { kind: 'attested' } },
          { id: 'inbound-connectors', outcome: { kind: 'cannotRun' } },
        ],
      },
      deps(),
    );
    expect(c.prerequisites).toEqual([
      {
        id: 'accepted-domains',
        title: 'Accepted domains',
        status: 'met',
        basis: 'self-attested',
        readAt: null,
        findings: [{ severity: 'info', text: 'The admin ran the export and saw nothing unusual; the output was not provided, so it was not checked.' }],
      },
      { id: 'inbound-connectors', title: 'Inbound connectors', status: 'unknown', basis: 'skipped', readAt: null, findings: [{ severity: 'warning', text: 'The admin could not run the export.' }] },
    ]);
    expect(c.evidence).toEqual([]);
    expect(c.openItems.map((o) => [o.id, o.status])).toEqual([['inbound-connectors', 'unknown']]);
  });

  it('keeps an estimated count as a number, marked as an estimate', () => {
    expect(buildCase({ ...emptyInput(), affectedUsers: 40, affectedUsersApproximate: true }, deps()).impact).toEqual({ affectedUsers: 40, affectedUsersApproximate: true, description: null });
    expect(buildCase({ ...emptyInput(), affectedUsers: 40 }, deps()).impact).toEqual({ affectedUsers: 40, affectedUsersApproximate: false, description: null });
    expect(buildCase({ ...emptyInput(), affectedUsers: null, affectedUsersApproximate: true }, deps()).impact.affectedUsersApproximate).toBe(false);
  });

  it('is ready only when every prerequisite is met; otherwise it lists the open items with their fix and does not ask for the lift', () => {
    const outcome = (kind: 'met' | 'not-met' | 'skipped' | 'unknown') =>
      kind === 'met'
        ? ({ kind: 'answered', answer: 'yes' } as const)
        : kind === 'not-met'
          ? ({ kind: 'answered', answer: 'no' } as const)
          : kind === 'skipped'
            ? ({ kind: 'skipped' } as const)
            : ({
                kind: 'checked',
                result: { checker: 'message-trace', verdict: 'unknown', findings: [], format: 'csv', recordsRead: 0, problems: [{ code: 'trace-no-readable-sender', params: {} }] },
              } as const);
    const build = (statuses: readonly ('met' | 'not-met' | 'skipped' | 'unknown')[]) =>
      buildCase(
        {
          ...emptyInput(),
          prerequisites: (['accepted-domains', 'onprem-lockdown', 'admin-hygiene', 'message-trace'] as const).map((id, i) => ({ id, outcome: outcome(statuses[i]!) })),
        },
        deps(),
      );

    const ready = build(['met', 'met', 'met', 'met']);
    expect(ready.ready).toBe(true);
    expect(ready.openItems).toEqual([]);
    expect(ready.askOfSupport).toContain('Please lift the 5.7.750 sending block');

    const open = build(['met', 'not-met', 'skipped', 'unknown']);
    expect(open.ready).toBe(false);
    expect(open.openItems.map((o) => [o.id, o.status])).toEqual([
      ['onprem-lockdown', 'not-met'],
      ['admin-hygiene', 'skipped'],
      ['message-trace', 'unknown'],
    ]);
    expect(open.openItems[0]!.fix).toMatch(/^On every on-premises server or device that relays through Exchange Online/);
    expect(open.askOfSupport).not.toMatch(/please lift/i);
    expect(open.askOfSupport).toContain('Please do not lift the 5.7.750 block on the strength of this case');
    const md = renderMarkdown(open, EN_LABELS);
    expect(md).toContain('- **Ready for Support:** No, open items: 3');
    expect(md).toContain('## Open items');
    expect(md).toContain('### ❌ On-premises servers locked down: Not met');
    expect(md.indexOf('## Open items')).toBeLessThan(md.indexOf('## Tenant'));
    expect(cardValidationErrors(renderAdaptiveCard(open, EN_LABELS))).toEqual([]);
    expect(JSON.stringify(renderAdaptiveCard(open, EN_LABELS))).toContain('Open items');
  });

  it('says which checklist items are not done, as not done, in the order of the checklist', () => {
    const c = buildCase(
      {
        ...emptyInput(),
        prerequisites: [{ id: 'admin-hygiene', outcome: { kind: 'answered', answer: 'no', done: ['unknown-admins-removed', 'admin-passwords-reset'] } }],
      },
      deps(),
    );
    expect(c.prerequisites[0]!.findings).toEqual([
      {
        severity: 'problem',
        text:
          'Not done: Multifactor authentication is required for every admin account; ' +
          'Admin sign-ins in the Microsoft Entra sign-in logs have been checked for unusual places, times or apps',
      },
    ]);
    expect(c.ready).toBe(false);
  });

  it('refuses a case whose readiness contradicts its prerequisites', () => {
    const c = buildCase(emptyInput(), deps());
    expect(CaseSummarySchema.safeParse({ ...c, ready: false }).success).toBe(false);
    const open = buildCase({ ...emptyInput(), prerequisites: [{ id: 'admin-hygiene', outcome: { kind: 'skipped' } }] }, deps());
    expect(CaseSummarySchema.safeParse(open).success).toBe(true);
    expect(CaseSummarySchema.safeParse({ ...open, ready: true, openItems: [] }).success).toBe(false);
  });
});

describe('buildCase with what Microsoft Graph read', () => {
  const result: CheckResult = {
    checker: 'accepted-domains',
    verdict: 'pass',
    findings: [{ code: 'accepted-domain-sending-accepted', severity: 'info', params: { domain: 'contoso.com', acceptedAs: 'contoso.com' } }],
    format: 'json',
    recordsRead: 2,
    problems: [],
  };

  it('records a live result with the basis "graph" and the time it was read, and the restriction alert', () => {
    const c = buildCase(
      {
        ...emptyInput(),
        restrictionAlert: { title: 'Tenant restricted from sending unprovisioned email', description: 'Too much mail\u0007 from unprovisioned domains.', raisedAt: '2026-11-22T06:00:00Z' },
        prerequisites: [{ id: 'accepted-domains', outcome: { kind: 'checked', result, readAt: '2026-11-23T10:00:00Z' } }],
      },
      deps(),
    );
    expect(CaseSummarySchema.safeParse(c).success).toBe(true);
    expect(c.prerequisites[0]).toMatchObject({ id: 'accepted-domains', status: 'met', basis: 'graph', readAt: '2026-11-23T10:00:00.000Z' });
    expect(c.block.alert).toEqual({ title: 'Tenant restricted from sending unprovisioned email', description: 'Too much mail from unprovisioned domains.', raisedAt: '2026-11-22T06:00:00.000Z' });
    expect(c.evidence).toEqual([{ name: 'accepted-domains (Microsoft Graph)', format: 'json', records: 2 }]);
    const md = renderMarkdown(c, EN_LABELS);
    expect(md).toContain('**Based on:** Microsoft Graph, read at 2026-11-23 10:00 UTC');
    expect(md).toContain('**Restriction alert:** Tenant restricted from sending unprovisioned email \\(2026-11-22 06:00 UTC\\)');
    expect(md).toContain('**What the alert said:** Too much mail from unprovisioned domains.');
    expect(cardValidationErrors(renderAdaptiveCard(c, EN_LABELS))).toEqual([]);
  });

  it('keeps a pasted export as pasted, with no read time and no alert', () => {
    const c = buildCase({ ...emptyInput(), prerequisites: [{ id: 'accepted-domains', outcome: { kind: 'checked', result } }] }, deps());
    expect(c.prerequisites[0]).toMatchObject({ basis: 'pasted', readAt: null });
    expect(c.block.alert).toBeNull();
    expect(renderMarkdown(c, EN_LABELS)).not.toContain('Restriction alert');
  });
});
