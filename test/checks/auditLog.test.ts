import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkAuditLog } from '../../src/checks/auditLog';
import type { CheckContext, CheckResult, Finding } from '../../src/checks/checkResult';
import { problem as readingProblem } from '../../src/catalog/problemCodes';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'checks', 'audit-log', name), 'utf8');

const BLOCK = new Date('2026-11-16T08:00:00Z');
const NOW = new Date('2026-11-17T10:00:00Z');
const MALLORY = 'mallory@contoso.onmicrosoft.com';
const ADMIN = 'admin@contoso.com';

const context = (over: Partial<CheckContext> = {}): CheckContext => ({
  sendingDomains: ['contoso.com'],
  acceptedDomains: ['contoso.com'],
  blockStartedAt: null,
  blockCode: '5.7.750',
  knownConnectors: [],
  now: NOW,
  ...over,
});

const f = (code: Finding['code'], severity: Finding['severity'], params: Finding['params']): Finding => ({ code, severity, params });
const operations = (count: number, created: number, changed: number, removed: number) =>
  f('audit-connector-operations', 'info', { count, created, changed, removed });

interface Case {
  readonly name: string;
  readonly fixture: string;
  readonly context: CheckContext;
  readonly expected: Pick<CheckResult, 'verdict' | 'format' | 'recordsRead' | 'findings' | 'problems'>;
}

const CASES: readonly Case[] = [
  {
    name: 'Search-UnifiedAuditLog | Export-Csv: a connector created, widened and removed by an unusual account before the block',
    fixture: 'search-unifiedauditlog.csv',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'fail',
      format: 'csv',
      recordsRead: 7,
      findings: [
        operations(7, 2, 4, 1),
        f('audit-connector-created-then-removed', 'problem', {
          name: 'Relay-Inbound',
          created: '2026-11-13 23:20 UTC',
          removed: '2026-11-15 03:02 UTC',
          createdBy: MALLORY,
          removedBy: MALLORY,
        }),
        f('audit-connector-unexpected-account', 'question', { user: MALLORY, count: 3, connectors: 'Relay-Inbound' }),
        ...[
          ['New-InboundConnector', '2026-11-13 23:20 UTC'],
          ['Set-InboundConnector', '2026-11-14 01:45 UTC'],
          ['Remove-InboundConnector', '2026-11-15 03:02 UTC'],
        ].map(([operation, date]) =>
          f('audit-connector-changed-before-block', 'warning', {
            name: 'Relay-Inbound',
            operation: operation!,
            user: MALLORY,
            date: date!,
            blockStart: '2026-11-16 08:00 UTC',
          }),
        ),
      ],
      problems: [],
    },
  },
  {
    name: 'Purview audit search CSV: a rename followed, and a recent change by a helpdesk account among unrelated activities',
    fixture: 'purview-export.csv',
    context: context(),
    expected: {
      verdict: 'unknown',
      format: 'csv',
      recordsRead: 5,
      findings: [
        operations(3, 1, 2, 0),
        f('audit-connector-unexpected-account', 'question', { user: 'helpdesk@contoso.com', count: 1, connectors: 'MFP relay' }),
        f('audit-connector-changed-recently', 'warning', {
          name: 'MFP relay',
          operation: 'Set-InboundConnector',
          user: 'helpdesk@contoso.com',
          date: '2026-11-14 09:31 UTC',
        }),
      ],
      problems: [],
    },
  },
  {
    name: 'ConvertTo-Json (/Date()/ dates, AuditData as a string): created, renamed, removed; a duplicate record counted once',
    fixture: 'search-unifiedauditlog.json',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'fail',
      format: 'json',
      recordsRead: 4,
      findings: [
        operations(3, 1, 1, 1),
        f('audit-connector-created-then-removed', 'problem', {
          name: 'Temp inbound',
          created: '2026-08-19 22:35 UTC',
          removed: '2026-08-20 02:10 UTC',
          createdBy: 'temp-relay@contoso.onmicrosoft.com',
          removedBy: 'temp-relay@contoso.onmicrosoft.com',
        }),
      ],
      problems: [],
    },
  },
  {
    name: 'AuditData objects exported on their own (JSON)',
    fixture: 'auditdata-only.json',
    context: context(),
    expected: {
      verdict: 'fail',
      format: 'json',
      recordsRead: 2,
      findings: [
        operations(2, 1, 0, 1),
        f('audit-connector-created-then-removed', 'problem', {
          name: 'Relay-Inbound',
          created: '2026-11-13 23:20 UTC',
          removed: '2026-11-15 03:02 UTC',
          createdBy: MALLORY,
          removedBy: MALLORY,
        }),
        f('audit-connector-changed-recently', 'warning', {
          name: 'Relay-Inbound',
          operation: 'New-InboundConnector',
          user: MALLORY,
          date: '2026-11-13 23:20 UTC',
        }),
        f('audit-connector-changed-recently', 'warning', {
          name: 'Relay-Inbound',
          operation: 'Remove-InboundConnector',
          user: MALLORY,
          date: '2026-11-15 03:02 UTC',
        }),
      ],
      problems: [],
    },
  },
  {
    name: 'Purview records as JSON (AuditData as an object) with no connector activity',
    fixture: 'purview-export.json',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'pass',
      format: 'json',
      recordsRead: 2,
      findings: [f('audit-no-connector-changes', 'info', { records: 2 })],
      problems: [],
    },
  },
  {
    name: 'one page of a larger search: unknown, saying how much is missing',
    fixture: 'search-unifiedauditlog-page.csv',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'unknown',
      format: 'csv',
      recordsRead: 2,
      findings: [operations(2, 0, 2, 0)],
      problems: [
        readingProblem('audit-partial', { count: 2, total: 250 }),
      ],
    },
  },
  {
    name: 'AuditData cut off (Excel cell limit): the operation still counts, the problem is said',
    fixture: 'auditdata-cut.csv',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'unknown',
      format: 'csv',
      recordsRead: 2,
      findings: [operations(2, 0, 2, 0)],
      problems: [
        readingProblem('audit-data-unreadable', { count: 1 }),
      ],
    },
  },
  {
    name: 'ragged CSV cut inside the last AuditData: what was read still counts',
    fixture: 'ragged.csv',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'unknown',
      format: 'csv',
      recordsRead: 3,
      findings: [
        operations(3, 1, 1, 1),
        ...[
          ['?', 'New-InboundConnector', '2026-11-13 23:20 UTC'],
          ['Relay-Inbound', 'Set-InboundConnector', '2026-11-14 01:45 UTC'],
          ['Relay-Inbound', 'Remove-InboundConnector', '2026-11-15 03:02 UTC'],
        ].map(([name, operation, date]) =>
          f('audit-connector-changed-before-block', 'warning', {
            name: name!,
            operation: operation!,
            user: MALLORY,
            date: date!,
            blockStart: '2026-11-16 08:00 UTC',
          }),
        ),
      ],
      problems: [
        readingProblem('csv-unterminated-quote'),
        readingProblem('csv-row-fields', { row: 4, fields: 6, expected: 11 }),
        readingProblem('audit-data-unreadable', { count: 1 }),
        readingProblem('audit-partial', { count: 3, total: 7 }),
      ],
    },
  },
  {
    name: 'empty export: no connector change was logged',
    fixture: 'empty.csv',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'pass',
      format: 'empty',
      recordsRead: 0,
      findings: [f('audit-no-connector-changes', 'info', { records: 0 })],
      problems: [],
    },
  },
];

describe('checkAuditLog', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = checkAuditLog(fixture(c.fixture), c.context);
    expect(result.checker).toBe('audit-log');
    expect({
      verdict: result.verdict,
      format: result.format,
      recordsRead: result.recordsRead,
      findings: result.findings,
      problems: result.problems,
    }).toEqual(c.expected);
  });

  it('truncated JSON: unknown, with the reason, and no finding', () => {
    const result = checkAuditLog(fixture('truncated.json'), context());
    expect(result.verdict).toBe('unknown');
    expect(result.findings).toEqual([]);
    expect(result.problems).toEqual([readingProblem('json-invalid')]);
  });

  it('random text: unknown, saying it is not an audit export', () => {
    const result = checkAuditLog(fixture('random.txt'), context());
    expect(result.verdict).toBe('unknown');
    expect(result.findings).toEqual([]);
    expect(result.problems).toEqual([readingProblem('audit-not-audit-log')]);
  });

  describe('which accounts are expected: those that made most connector changes', () => {
    const change = (user: string, i: number) =>
      JSON.stringify({
        CreationTime: `2026-10-0${1 + (i % 9)}T10:00:00`,
        Id: `00000000-0000-4000-8000-00000000000${i}`,
        Operation: 'Set-InboundConnector',
        ResultStatus: 'True',
        ObjectId: 'Scanner relay',
        UserId: user,
        Parameters: [{ Name: 'Identity', Value: 'Scanner relay' }],
      });
    const asked = (users: string[]) =>
      checkAuditLog(`[${users.map(change).join(',')}]`, context())
        .findings.filter((x) => x.code === 'audit-connector-unexpected-account')
        .map((x) => x.params.user);

    it.each([
      ['one account', ['a@contoso.com', 'a@contoso.com'], []],
      ['a clear majority', ['a@contoso.com', 'a@contoso.com', 'a@contoso.com', 'b@contoso.com', 'c@contoso.com'], ['b@contoso.com', 'c@contoso.com']],
      ['two usual admins together', ['a@contoso.com', 'a@contoso.com', 'b@contoso.com', 'b@contoso.com', 'c@contoso.com'], ['c@contoso.com']],
      ['accounts tied for the most are all expected', ['a@contoso.com', 'b@contoso.com'], []],
      ['the same account in another case', ['A@Contoso.com', 'a@contoso.com', 'b@contoso.com'], ['b@contoso.com']],
    ] as const)('%s', (_name, users, expected) => {
      expect(asked([...users])).toEqual(expected);
    });
  });

  it('a New-InboundConnector that failed (ResultStatus False) is not a created connector', () => {
    const op = (operation: string, status: string, when: string) => ({
      CreationTime: when,
      Operation: operation,
      ResultStatus: status,
      ObjectId: 'Relay',
      UserId: ADMIN,
      Parameters: [{ Name: operation === 'New-InboundConnector' ? 'Name' : 'Identity', Value: 'Relay' }],
    });
    const result = checkAuditLog(
      JSON.stringify([op('New-InboundConnector', 'False', '2026-10-01T10:00:00'), op('Remove-InboundConnector', 'True', '2026-10-02T10:00:00')]),
      context(),
    );
    expect(result.verdict).toBe('pass');
    expect(result.findings.map((x) => x.code)).toEqual(['audit-connector-operations']);
  });

  it('never throws, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.array(fc.string(), { maxLength: 8 }).map((l) => l.join('\n'))), (input) => {
        const result = checkAuditLog(input, context());
        expect(['pass', 'fail', 'unknown']).toContain(result.verdict);
      }),
      { numRuns: 300 },
    );
  });
});
