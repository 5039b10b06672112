import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ACCEPTED_DOMAINS_FINDINGS, acceptedDomainNames, checkAcceptedDomains, tenantDomains } from '../../src/checks/acceptedDomains';
import type { CheckContext, CheckResult, Finding } from '../../src/checks/checkResult';
import { problem as readingProblem } from '../../src/catalog/problemCodes';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'checks', 'accepted-domains', name), 'utf8');

const context = (sendingDomains: readonly string[]): CheckContext => ({
  sendingDomains,
  acceptedDomains: [],
  blockStartedAt: null,
  blockCode: '5.7.708',
  knownConnectors: [],
  now: new Date('2026-03-20T10:00:00Z'),
});

/** The sending domains most cases use: the main domain, a subdomain of each, and a domain the tenant never had. */
const SENDING = ['contoso.com', 'sales.fabrikam.com', 'marketing.contoso.com', 'fabrikam-international-holdings.com'];

const accepted = (domain: string, acceptedAs: string): Finding => ({ code: 'accepted-domain-sending-accepted', severity: 'info', params: { domain, acceptedAs } });
const notAccepted = (domain: string): Finding => ({ code: 'accepted-domain-sending-not-accepted', severity: 'problem', params: { domain } });
const unclear = (domain: string, parent: string): Finding => ({ code: 'accepted-domain-subdomain-unclear', severity: 'question', params: { domain, parent } });

interface Case {
  readonly name: string;
  readonly evidence: string;
  readonly sending: readonly string[];
  readonly expected: Pick<CheckResult, 'verdict' | 'format' | 'recordsRead' | 'findings' | 'problems'>;
}

const CASES: readonly Case[] = [
  {
    name: 'Format-Table (the default view): no MatchSubDomains column, so subdomains of listed domains stay open',
    evidence: fixture('format-table.txt'),
    sending: SENDING,
    expected: {
      verdict: 'fail',
      format: 'table',
      recordsRead: 4,
      findings: [
        accepted('contoso.com', 'contoso.com'),
        unclear('sales.fabrikam.com', 'fabrikam.com'),
        unclear('marketing.contoso.com', 'contoso.com'),
        notAccepted('fabrikam-international-holdings.com'),
      ],
      problems: [],
    },
  },
  {
    name: 'Format-Table that cut a long name: the cut entry may be the missing domain',
    evidence: fixture('format-table-cut-off.txt'),
    sending: SENDING,
    expected: {
      verdict: 'fail',
      format: 'table',
      recordsRead: 3,
      findings: [
        accepted('contoso.com', 'contoso.com'),
        notAccepted('sales.fabrikam.com'),
        unclear('marketing.contoso.com', 'contoso.com'),
        {
          code: 'accepted-domain-cut-off',
          severity: 'question',
          params: { domain: 'fabrikam-international-holdings.com', shown: 'fabrikam-international-hold...' },
        },
      ],
      problems: [],
    },
  },
  {
    name: 'Format-List (wrapped values): MatchSubDomains True on fabrikam.com accepts sales.fabrikam.com, False on contoso.com does not',
    evidence: fixture('format-list.txt'),
    sending: SENDING,
    expected: {
      verdict: 'fail',
      format: 'list',
      recordsRead: 3,
      findings: [
        accepted('contoso.com', 'contoso.com'),
        accepted('sales.fabrikam.com', '*.fabrikam.com'),
        notAccepted('marketing.contoso.com'),
        notAccepted('fabrikam-international-holdings.com'),
      ],
      problems: [],
    },
  },
  {
    name: 'ConvertTo-Json (PowerShell 7): JSON booleans for MatchSubDomains',
    evidence: fixture('convertto-json.json'),
    sending: ['contoso.com', 'sales.fabrikam.com', 'contoso.onmicrosoft.com'],
    expected: {
      verdict: 'pass',
      format: 'json',
      recordsRead: 3,
      findings: [
        accepted('contoso.com', 'contoso.com'),
        accepted('sales.fabrikam.com', '*.fabrikam.com'),
        accepted('contoso.onmicrosoft.com', 'contoso.onmicrosoft.com'),
      ],
      problems: [],
    },
  },
  {
    name: 'ConvertTo-Json (Windows PowerShell, Exchange Server): DomainName objects, a "*.fabrikam.com" entry, display names',
    evidence: fixture('convertto-json-windows-powershell.json'),
    sending: ['contoso.com', 'fabrikam.com', 'eu.sales.fabrikam.com', 'marketing.contoso.com'],
    expected: {
      verdict: 'fail',
      format: 'json',
      recordsRead: 2,
      findings: [
        accepted('contoso.com', 'contoso.com'),
        accepted('fabrikam.com', 'fabrikam.com'),
        accepted('eu.sales.fabrikam.com', '*.fabrikam.com'),
        notAccepted('marketing.contoso.com'),
      ],
      problems: [],
    },
  },
  {
    name: 'Export-Csv (Windows PowerShell, with the #TYPE line): "True"/"False" text for MatchSubDomains',
    evidence: fixture('export-csv.csv'),
    sending: SENDING,
    expected: {
      verdict: 'fail',
      format: 'csv',
      recordsRead: 3,
      findings: [
        accepted('contoso.com', 'contoso.com'),
        accepted('sales.fabrikam.com', '*.fabrikam.com'),
        notAccepted('marketing.contoso.com'),
        notAccepted('fabrikam-international-holdings.com'),
      ],
      problems: [],
    },
  },
  {
    name: 'Graph /domains: subdomains are listed themselves; an unverified domain is not accepted',
    evidence: fixture('graph-domains.json'),
    sending: SENDING,
    expected: {
      verdict: 'fail',
      format: 'json',
      recordsRead: 4,
      findings: [
        accepted('contoso.com', 'contoso.com'),
        notAccepted('sales.fabrikam.com'),
        accepted('marketing.contoso.com', 'marketing.contoso.com'),
        notAccepted('fabrikam-international-holdings.com'),
        { code: 'accepted-domain-unverified', severity: 'warning', params: { domain: 'fabrikam.com' } },
      ],
      problems: [],
    },
  },
  {
    name: 'Graph /domains: sending from the unverified domain itself is a problem',
    evidence: fixture('graph-domains.json'),
    sending: ['fabrikam.com'],
    expected: {
      verdict: 'fail',
      format: 'json',
      recordsRead: 4,
      findings: [{ code: 'accepted-domain-sending-unverified', severity: 'problem', params: { domain: 'fabrikam.com' } }],
      problems: [],
    },
  },
  {
    name: 'typed list: a "*." entry covers subdomains, a plain one leaves them open; case and a trailing dot do not matter',
    evidence: fixture('typed-list.txt'),
    sending: ['Contoso.COM.', 'sales.fabrikam.com', 'marketing.contoso.com', 'CONTOSO.com'],
    expected: {
      verdict: 'unknown',
      format: 'lines',
      recordsRead: 3,
      findings: [accepted('contoso.com', 'contoso.com'), accepted('sales.fabrikam.com', '*.fabrikam.com'), unclear('marketing.contoso.com', 'contoso.com')],
      problems: [],
    },
  },
  {
    name: 'no sending domain known yet: ask which ones they send from',
    evidence: fixture('format-list.txt'),
    sending: [],
    expected: {
      verdict: 'unknown',
      format: 'list',
      recordsRead: 3,
      findings: [
        {
          code: 'accepted-domain-which-sending',
          severity: 'question',
          params: { accepted: 'contoso.com, contoso.onmicrosoft.com, *.fabrikam.com' },
        },
      ],
      problems: [],
    },
  },
  {
    name: 'no sending domain known, Graph: the question leaves out the unverified domain, which gets a warning',
    evidence: fixture('graph-domains.json'),
    sending: [],
    expected: {
      verdict: 'unknown',
      format: 'json',
      recordsRead: 4,
      findings: [
        { code: 'accepted-domain-unverified', severity: 'warning', params: { domain: 'fabrikam.com' } },
        {
          code: 'accepted-domain-which-sending',
          severity: 'question',
          params: { accepted: 'contoso.com, contoso.onmicrosoft.com, marketing.contoso.com' },
        },
      ],
      problems: [],
    },
  },
  {
    name: 'no sending domain known and a cut table: say the names are cut',
    evidence: fixture('format-table-cut-off.txt'),
    sending: [],
    expected: {
      verdict: 'unknown',
      format: 'table',
      recordsRead: 3,
      findings: [{ code: 'accepted-domain-which-sending', severity: 'question', params: { accepted: 'contoso.com, contoso.onmicrosoft.com' } }],
      problems: [
        readingProblem('accepted-domains-names-cut-off'),
      ],
    },
  },
  // Malformed evidence
  {
    name: 'truncated JSON',
    evidence: fixture('truncated.json'),
    sending: SENDING,
    expected: { verdict: 'unknown', format: 'json', recordsRead: 0, findings: [], problems: [readingProblem('json-invalid')] },
  },
  {
    name: 'ragged CSV: the short row is still read, and the problem is reported',
    evidence: fixture('ragged.csv'),
    sending: ['contoso.com', 'sales.fabrikam.com'],
    expected: {
      verdict: 'unknown',
      format: 'csv',
      recordsRead: 2,
      findings: [accepted('contoso.com', 'contoso.com'), unclear('sales.fabrikam.com', 'fabrikam.com')],
      problems: [readingProblem('csv-row-fields', { row: 3, fields: 2, expected: 4 })],
    },
  },
  {
    name: 'random text',
    evidence: fixture('random.txt'),
    sending: SENDING,
    expected: {
      verdict: 'unknown',
      format: 'lines',
      recordsRead: 2,
      findings: [],
      problems: [
        readingProblem('accepted-domains-unreadable-all', { sample: '"Hi, we only use our main domain for email.", "The others are for the website, I think."' }),
      ],
    },
  },
  {
    name: 'empty paste',
    evidence: fixture('empty.txt'),
    sending: SENDING,
    expected: {
      verdict: 'unknown',
      format: 'empty',
      recordsRead: 0,
      findings: [],
      problems: [readingProblem('accepted-domains-nothing-pasted')],
    },
  },
  {
    name: 'ConvertTo-Json of nothing ("[]")',
    evidence: '[]',
    sending: SENDING,
    expected: {
      verdict: 'unknown',
      format: 'json',
      recordsRead: 0,
      findings: [],
      problems: [readingProblem('accepted-domains-none')],
    },
  },
  {
    name: 'another cmdlet pasted by mistake (Get-InboundConnector)',
    evidence: 'Name          : Printer relay\nEnabled       : True\nConnectorType : OnPremises\n',
    sending: SENDING,
    expected: {
      verdict: 'unknown',
      format: 'list',
      recordsRead: 1,
      findings: [],
      problems: [readingProblem('accepted-domains-not-domains')],
    },
  },
  {
    name: 'a typed list with a stray line: the domains are used, the line is reported',
    evidence: 'contoso.com\nthe onmicrosoft one too\n',
    sending: ['contoso.com'],
    expected: {
      verdict: 'unknown',
      format: 'lines',
      recordsRead: 2,
      findings: [accepted('contoso.com', 'contoso.com')],
      problems: [readingProblem('accepted-domains-unreadable-lines', { count: 1, sample: '"the onmicrosoft one too"' })],
    },
  },
];

describe('checkAcceptedDomains', () => {
  it.each(CASES)('$name', ({ evidence, sending, expected }) => {
    const result = checkAcceptedDomains(evidence, context(sending));
    expect(result.checker).toBe('accepted-domains');
    expect({
      verdict: result.verdict,
      format: result.format,
      recordsRead: result.recordsRead,
      findings: result.findings,
      problems: result.problems,
    }).toEqual(expected);
  });

  it('uses only the finding codes it declares', () => {
    const codes = CASES.flatMap(({ evidence, sending }) => checkAcceptedDomains(evidence, context(sending)).findings.map((f) => f.code));
    expect(new Set(codes)).toEqual(new Set(ACCEPTED_DOMAINS_FINDINGS));
  });

  it('returns a result for any input, never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.array(fc.domain(), { maxLength: 3 }), (evidence, sending) => {
        const result = checkAcceptedDomains(evidence, context(sending));
        expect(['pass', 'fail', 'unknown']).toContain(result.verdict);
      }),
      { numRuns: 300 },
    );
  });
});

describe('acceptedDomainNames', () => {
  it.each([
    ['Format-Table', 'format-table.txt', ['contoso.com', 'contoso.onmicrosoft.com', 'contoso.mail.onmicrosoft.com', 'fabrikam.com']],
    ['Format-Table with a cut name (left out)', 'format-table-cut-off.txt', ['contoso.com', 'contoso.onmicrosoft.com']],
    ['Format-List (MatchSubDomains adds the "*." form)', 'format-list.txt', ['contoso.com', 'contoso.onmicrosoft.com', 'fabrikam.com', '*.fabrikam.com']],
    ['ConvertTo-Json', 'convertto-json.json', ['contoso.com', 'contoso.onmicrosoft.com', 'fabrikam.com', '*.fabrikam.com']],
    ['ConvertTo-Json (Windows PowerShell)', 'convertto-json-windows-powershell.json', ['contoso.com', 'fabrikam.com', '*.fabrikam.com']],
    ['Export-Csv', 'export-csv.csv', ['contoso.com', 'contoso.onmicrosoft.com', 'fabrikam.com', '*.fabrikam.com']],
    ['Graph (the unverified domain left out)', 'graph-domains.json', ['contoso.com', 'contoso.onmicrosoft.com', 'marketing.contoso.com']],
    ['typed list (lower-cased)', 'typed-list.txt', ['contoso.com', 'contoso.onmicrosoft.com', 'fabrikam.com', '*.fabrikam.com']],
    ['truncated JSON', 'truncated.json', []],
    ['random text', 'random.txt', []],
    ['empty', 'empty.txt', []],
  ])('%s', (_name, file, expected) => {
    expect(acceptedDomainNames(fixture(file))).toEqual(expected);
  });
});

describe('tenantDomains: the default domain the export marks, and the initial onmicrosoft.com domain', () => {
  it.each([
    ['Format-Table', 'format-table.txt'],
    ['Format-List', 'format-list.txt'],
    ['ConvertTo-Json', 'convertto-json.json'],
    ['Export-Csv', 'export-csv.csv'],
    ['Graph', 'graph-domains.json'],
  ])('%s', (_name, file) => {
    expect(tenantDomains(fixture(file))).toEqual({ defaultDomain: 'contoso.com', initialDomain: 'contoso.onmicrosoft.com' });
  });

  it.each([
    ['typed list: no default shown', 'typed-list.txt', { defaultDomain: null, initialDomain: 'contoso.onmicrosoft.com' }],
    ['random text', 'random.txt', { defaultDomain: null, initialDomain: null }],
  ])('%s', (_name, file, expected) => {
    expect(tenantDomains(fixture(file))).toEqual(expected);
  });
});
