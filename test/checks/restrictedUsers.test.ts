import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CheckContext, CheckResult, Finding } from '../../src/checks/checkResult';
import { RESTRICTED_USERS_FINDINGS, checkRestrictedUsers, parseBlockReason, type BlockReason } from '../../src/checks/restrictedUsers';
import { problem as readingProblem } from '../../src/catalog/problemCodes';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'checks', 'restricted-users', name), 'utf8');

const CONTEXT: CheckContext = {
  sendingDomains: ['contoso.com'],
  acceptedDomains: ['contoso.com', 'fabrikam.com'],
  blockStartedAt: new Date('2026-03-16T08:00:00Z'),
  blockCode: '5.1.8',
  knownConnectors: [],
  now: new Date('2026-03-20T10:00:00Z'),
};

const problem = (code: Finding['code'], params: Finding['params']): Finding => ({ code, severity: 'problem', params });

const ADELE = problem('restricted-user', {
  address: 'adele.vance@contoso.com',
  since: '2026-03-14 09:12 UTC',
  reasons: 'Compromise detection: OutboundSpamPercent=96, OutboundSpamLast24Hours=1203, OutboundMailLast24Hours=1250',
});
const SCANNER = problem('restricted-user', {
  address: 'scanner@fabrikam.com',
  since: '2026-03-16 23:05 UTC',
  reasons: 'ExceedingLimitType=External, ExternalRecipientCountToday=10001, InternalRecipientCountToday=12',
});

interface Case {
  readonly name: string;
  readonly evidence: string;
  readonly expected: Pick<CheckResult, 'verdict' | 'format' | 'recordsRead' | 'findings' | 'problems'>;
}

const CASES: readonly Case[] = [
  {
    name: 'Format-List (120 columns, the Reason wrapped inside a word), with the prompt lines around it',
    evidence: fixture('format-list.txt'),
    expected: { verdict: 'fail', format: 'list', recordsRead: 2, findings: [ADELE, SCANNER], problems: [] },
  },
  {
    name: 'Format-List (80 columns, the Reason wrapped inside words and between words)',
    evidence: fixture('format-list-narrow.txt'),
    expected: { verdict: 'fail', format: 'list', recordsRead: 1, findings: [ADELE], problems: [] },
  },
  {
    name: 'Format-Table: the cut-off Reason keeps only its complete parts',
    evidence: fixture('format-table.txt'),
    expected: {
      verdict: 'fail',
      format: 'table',
      recordsRead: 2,
      findings: [
        problem('restricted-user', {
          address: 'adele.vance@contoso.com',
          since: '2026-03-14 09:12 UTC',
          reasons: 'Compromise detection: TenantSubmissionRatio=0.97',
        }),
        problem('restricted-user', {
          address: 'scanner@fabrikam.com',
          since: '2026-03-16 23:05 UTC',
          reasons: 'ExceedingLimitType=External, InternalRecipientCountToday=12',
        }),
      ],
      problems: [readingProblem('restricted-cut-off')],
    },
  },
  {
    name: 'ConvertTo-Json (Windows PowerShell, one object, /Date()/)',
    evidence: fixture('convertto-json-single.json'),
    expected: { verdict: 'fail', format: 'json', recordsRead: 1, findings: [ADELE], problems: [] },
  },
  {
    name: 'ConvertTo-Json (PowerShell 7, ISO dates with 7 decimals)',
    evidence: fixture('convertto-json-array.json'),
    expected: { verdict: 'fail', format: 'json', recordsRead: 2, findings: [ADELE, SCANNER], problems: [] },
  },
  {
    name: 'Export-Csv (CRLF, US dates)',
    evidence: fixture('export-csv.csv'),
    expected: { verdict: 'fail', format: 'csv', recordsRead: 2, findings: [ADELE, SCANNER], problems: [] },
  },
  {
    name: 'addresses one per line (Select -ExpandProperty SenderAddress)',
    evidence: fixture('addresses.txt'),
    expected: {
      verdict: 'fail',
      format: 'lines',
      recordsRead: 2,
      findings: [
        problem('restricted-user-listed', { address: 'adele.vance@contoso.com' }),
        problem('restricted-user-listed', { address: 'scanner@fabrikam.com' }),
      ],
      problems: [],
    },
  },
  {
    name: 'empty output: nobody is restricted',
    evidence: fixture('empty.txt'),
    expected: { verdict: 'pass', format: 'empty', recordsRead: 0, findings: [{ code: 'restricted-users-none', severity: 'info', params: {} }], problems: [] },
  },
  {
    name: 'only the prompt lines: the command printed nothing',
    evidence: fixture('prompt-only.txt'),
    expected: { verdict: 'pass', format: 'empty', recordsRead: 0, findings: [{ code: 'restricted-users-none', severity: 'info', params: {} }], problems: [] },
  },
  {
    name: 'ConvertTo-Json of nothing ("[]")',
    evidence: '[]',
    expected: { verdict: 'pass', format: 'json', recordsRead: 0, findings: [{ code: 'restricted-users-none', severity: 'info', params: {} }], problems: [] },
  },
  {
    name: 'the same user twice: reported once, from the earlier date',
    evidence:
      'SenderAddress   : Adele.Vance@contoso.com\nReason          : OutboundSpamLast24Hours=40;OutboundMailLast24Hours=41;OutboundSpamPercent=98\nCreatedDatetime : 3/18/2026 7:00:00 AM\n\n' +
      'SenderAddress   : adele.vance@contoso.com\nReason          : OutboundSpamLast24Hours=63;OutboundMailLast24Hours=64;OutboundSpamPercent=98\nCreatedDatetime : 3/12/2026 6:30:00 PM\n',
    expected: {
      verdict: 'fail',
      format: 'list',
      recordsRead: 2,
      findings: [
        problem('restricted-user', {
          address: 'adele.vance@contoso.com',
          since: '2026-03-12 18:30 UTC',
          reasons: 'OutboundSpamPercent=98, OutboundSpamLast24Hours=40, OutboundMailLast24Hours=41',
        }),
      ],
      problems: [],
    },
  },
  {
    name: 'no date, and no Reason: the findings say only what is known',
    evidence: '[{"SenderAddress":"megan@contoso.com","Reason":"OutboundSpamPercent=100"},{"SenderAddress":"lee@contoso.com","Reason":"","CreatedDatetime":"2026-03-19T05:00:00Z"}]',
    expected: {
      verdict: 'fail',
      format: 'json',
      recordsRead: 2,
      findings: [
        problem('restricted-user-undated', { address: 'megan@contoso.com', reasons: 'OutboundSpamPercent=100' }),
        problem('restricted-user-no-reason', { address: 'lee@contoso.com', since: '2026-03-19 05:00 UTC' }),
      ],
      problems: [],
    },
  },
  // Malformed evidence
  {
    name: 'truncated JSON',
    evidence: fixture('truncated.json'),
    expected: { verdict: 'unknown', format: 'json', recordsRead: 0, findings: [], problems: [readingProblem('json-invalid')] },
  },
  {
    name: 'ragged CSV cut inside a quoted value: the readable rows still count',
    evidence: fixture('ragged.csv'),
    expected: {
      verdict: 'fail',
      format: 'csv',
      recordsRead: 2,
      findings: [
        problem('restricted-user', {
          address: 'adele.vance@contoso.com',
          since: '2026-03-14 09:12 UTC',
          reasons: 'OutboundSpamPercent=96, OutboundSpamLast24Hours=1203, OutboundMailLast24Hours=1250',
        }),
        problem('restricted-user-undated', { address: 'scanner@fabrikam.com', reasons: 'ExceedingLimitType=External' }),
      ],
      problems: [readingProblem('csv-unterminated-quote'), readingProblem('csv-row-fields', { row: 3, fields: 2, expected: 5 })],
    },
  },
  {
    name: 'an error message instead of the output',
    evidence: fixture('random.txt'),
    expected: {
      verdict: 'unknown',
      format: 'lines',
      recordsRead: 8,
      findings: [],
      problems: [
        readingProblem('restricted-not-blocked-senders'),
      ],
    },
  },
  {
    name: 'another cmdlet pasted by mistake (Get-AcceptedDomain)',
    evidence: 'DomainName      : contoso.com\nDomainType      : Authoritative\nDefault         : True\n',
    expected: {
      verdict: 'unknown',
      format: 'list',
      recordsRead: 1,
      findings: [],
      problems: [
        readingProblem('restricted-not-blocked-senders'),
      ],
    },
  },
];

describe('checkRestrictedUsers', () => {
  it.each(CASES)('$name', ({ evidence, expected }) => {
    const result = checkRestrictedUsers(evidence, CONTEXT);
    expect(result.checker).toBe('restricted-users');
    expect({
      verdict: result.verdict,
      format: result.format,
      recordsRead: result.recordsRead,
      findings: result.findings,
      problems: result.problems,
    }).toEqual(expected);
  });

  it('uses only the finding codes it declares', () => {
    const codes = CASES.flatMap(({ evidence }) => checkRestrictedUsers(evidence, CONTEXT).findings.map((f) => f.code));
    expect(new Set(codes)).toEqual(new Set(RESTRICTED_USERS_FINDINGS));
  });

  it('returns a result for any input, never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (evidence) => {
        expect(['pass', 'fail', 'unknown']).toContain(checkRestrictedUsers(evidence, CONTEXT).verdict);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseBlockReason', () => {
  const CASES_REASON: readonly [string, string, BlockReason][] = [
    [
      'a compromise detection with its spam figures and the last message id',
      'Compromise detection: TenantSubmissionRatio=0.97;OutboundSpamLast24Hours=1203;OutboundMailLast24Hours=1250;OutboundSpamPercent=96;Last Spam Message MessagetraceId:5a1f07b4-8f8e-4c4e-9b2a-2c1f3e9d7a10',
      {
        category: 'Compromise detection',
        params: {
          TenantSubmissionRatio: '0.97',
          OutboundSpamLast24Hours: '1203',
          OutboundMailLast24Hours: '1250',
          OutboundSpamPercent: '96',
          'Last Spam Message MessagetraceId': '5a1f07b4-8f8e-4c4e-9b2a-2c1f3e9d7a10',
        },
        notes: [],
        cutOff: false,
      },
    ],
    [
      'a sending limit, no category',
      'ExceedingLimitType=External;InternalRecipientCountToday=12;ExternalRecipientCountToday=10001',
      {
        category: null,
        params: { ExceedingLimitType: 'External', InternalRecipientCountToday: '12', ExternalRecipientCountToday: '10001' },
        notes: [],
        cutOff: false,
      },
    ],
    [
      'spaces around separators, an empty part, a trailing ";..."',
      'Compromise detection: TenantSubmissionRatio = 0.82 ; ;OutboundSpamPercent=91 ;...',
      { category: 'Compromise detection', params: { TenantSubmissionRatio: '0.82', OutboundSpamPercent: '91' }, notes: [], cutOff: true },
    ],
    [
      'spaces that wrapping put inside known keys and numbers',
      'OutboundSpam Last24Hours=12 03;OutboundMa ilLast24Hours=1250;last spam message messagetraceid:5a1f07b4-8f8e-4c4e-9b2a- 2c1f3e9d7a10',
      {
        category: null,
        params: {
          OutboundSpamLast24Hours: '1203',
          OutboundMailLast24Hours: '1250',
          'Last Spam Message MessagetraceId': '5a1f07b4-8f8e-4c4e-9b2a-2c1f3e9d7a10',
        },
        notes: [],
        cutOff: false,
      },
    ],
    [
      'cut off by a table: the incomplete last part is left out',
      'Compromise detection: TenantSubmissionRatio=0.97;OutboundSpamLast24Hours=12…',
      { category: 'Compromise detection', params: { TenantSubmissionRatio: '0.97' }, notes: [], cutOff: true },
    ],
    [
      'unknown keys kept as written; an IPv6 value keeps its colons; free text becomes a note',
      'Manual block;Custom Key=abc;CIP=2001:db8::25',
      { category: null, params: { 'Custom Key': 'abc', CIP: '2001:db8::25' }, notes: ['Manual block'], cutOff: false },
    ],
    ['empty', '', { category: null, params: {}, notes: [], cutOff: false }],
  ];

  it.each(CASES_REASON)('%s', (_name, reason, expected) => {
    expect(parseBlockReason(reason)).toEqual(expected);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (reason) => {
        expect(typeof parseBlockReason(reason).cutOff).toBe('boolean');
      }),
    );
  });
});
