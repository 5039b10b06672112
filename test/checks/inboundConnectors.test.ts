import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CheckContext, CheckResult, Finding } from '../../src/checks/checkResult';
import { checkInboundConnectors } from '../../src/checks/inboundConnectors';
import { problem as readingProblem } from '../../src/catalog/problemCodes';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'checks', 'inbound-connectors', name), 'utf8');

const HYBRID = 'Inbound from 7d3a1c52-8f6e-4b2a-9c1d-3e5f7a9b0c2d';
const BLOCK = new Date('2026-11-16T08:00:00Z');
const NOW = new Date('2026-11-17T10:00:00Z');

const context = (over: Partial<CheckContext> = {}): CheckContext => ({
  sendingDomains: ['contoso.com'],
  acceptedDomains: ['contoso.com'],
  blockStartedAt: null,
  blockCode: '5.7.750',
  knownConnectors: [],
  now: NOW,
  ...over,
});

interface Case {
  readonly name: string;
  readonly fixture: string;
  readonly context: CheckContext;
  readonly expected: Pick<CheckResult, 'verdict' | 'format' | 'recordsRead' | 'findings' | 'problems'>;
}

const info = (code: Finding['code'], params: Finding['params'] = {}): Finding => ({ code, severity: 'info', params });
const warning = (code: Finding['code'], params: Finding['params']): Finding => ({ code, severity: 'warning', params });
const problem = (code: Finding['code'], params: Finding['params']): Finding => ({ code, severity: 'problem', params });
const question = (name: string): Finding => ({ code: 'inbound-connector-unrecognised', severity: 'question', params: { name } });

const CASES: readonly Case[] = [
  {
    name: 'Format-List: an attacker connector next to the hybrid and partner connectors',
    fixture: 'format-list.txt',
    context: context({ blockStartedAt: BLOCK, knownConnectors: [HYBRID, 'Fabrikam partner TLS'] }),
    expected: {
      verdict: 'fail',
      format: 'list',
      recordsRead: 3,
      findings: [
        info('inbound-connector-count', { count: 3, enabled: 3 }),
        warning('inbound-connector-any-sender-domain', { name: 'Relay-Inbound' }),
        problem('inbound-connector-broad-ip-range', { name: 'Relay-Inbound', range: '198.18.0.0/15', addresses: 131072 }),
        warning('inbound-connector-created-before-block', {
          name: 'Relay-Inbound',
          date: '2026-11-13 23:20 UTC',
          blockStart: '2026-11-16 08:00 UTC',
        }),
        question('Relay-Inbound'),
      ],
      problems: [],
    },
  },
  {
    name: 'ConvertTo-Json (Windows PowerShell, /Date()/): a recent change and a disabled connector',
    fixture: 'convertto-json.json',
    context: context({ knownConnectors: ['Printer relay'] }),
    expected: {
      verdict: 'pass',
      format: 'json',
      recordsRead: 2,
      findings: [
        info('inbound-connector-count', { count: 2, enabled: 1 }),
        warning('inbound-connector-changed-recently', { name: 'Printer relay', date: '2026-11-14 16:05 UTC' }),
        info('inbound-connector-disabled', { name: 'Old Symantec inbound' }),
      ],
      problems: [],
    },
  },
  {
    name: 'ConvertTo-Json (PowerShell 7, one object, ISO dates): a /24 is not broad; known names match in any case',
    fixture: 'convertto-json-single.json',
    context: context({ blockStartedAt: BLOCK, knownConnectors: ['contoso cloud FILTER'] }),
    expected: {
      verdict: 'pass',
      format: 'json',
      recordsRead: 1,
      findings: [
        info('inbound-connector-count', { count: 1, enabled: 1 }),
        warning('inbound-connector-any-sender-domain', { name: 'Contoso cloud filter' }),
      ],
      problems: [],
    },
  },
  {
    name: 'the same connector when the admin has not confirmed it: only a question remains',
    fixture: 'convertto-json-single.json',
    context: context({ blockStartedAt: BLOCK }),
    expected: {
      verdict: 'unknown',
      format: 'json',
      recordsRead: 1,
      findings: [
        info('inbound-connector-count', { count: 1, enabled: 1 }),
        warning('inbound-connector-any-sender-domain', { name: 'Contoso cloud filter' }),
        question('Contoso cloud filter'),
      ],
      problems: [],
    },
  },
  {
    name: 'Export-Csv with joined lists: an IP range a-b and an OnPremises connector locked to nothing',
    fixture: 'export-csv.csv',
    context: context({ blockStartedAt: BLOCK, knownConnectors: ['Scanner relay', 'Legacy MFP', HYBRID] }),
    expected: {
      verdict: 'fail',
      format: 'csv',
      recordsRead: 3,
      findings: [
        info('inbound-connector-count', { count: 3, enabled: 3 }),
        warning('inbound-connector-any-sender-domain', { name: 'Scanner relay' }),
        problem('inbound-connector-broad-ip-range', { name: 'Scanner relay', range: '198.18.0.1-198.18.3.254', addresses: 1022 }),
        problem('inbound-connector-unrestricted', { name: 'Legacy MFP' }),
      ],
      problems: [],
    },
  },
  {
    name: 'Export-Csv without joining the lists: the type name is reported, not read as a value',
    fixture: 'export-csv-arraylist.csv',
    context: context(),
    expected: {
      verdict: 'unknown',
      format: 'csv',
      recordsRead: 1,
      findings: [info('inbound-connector-count', { count: 1, enabled: 1 }), question('Branch office relay')],
      problems: [
        readingProblem('inbound-values-as-type', { field: 'SenderDomains', connector: 'Branch office relay', raw: 'System.Collections.ArrayList' }),
        readingProblem('inbound-values-as-type', { field: 'SenderIPAddresses', connector: 'Branch office relay', raw: 'System.Collections.ArrayList' }),
      ],
    },
  },
  {
    name: 'Export-Csv in a day-first culture: a day over 12 in the column makes all its dates day first (12/11 is 12 November)',
    fixture: 'export-csv-en-gb.csv',
    context: context({ blockStartedAt: BLOCK, knownConnectors: ['Scanner relay'] }),
    expected: {
      verdict: 'pass',
      format: 'csv',
      recordsRead: 1,
      findings: [
        info('inbound-connector-count', { count: 1, enabled: 1 }),
        warning('inbound-connector-any-sender-domain', { name: 'Scanner relay' }),
        warning('inbound-connector-changed-before-block', { name: 'Scanner relay', date: '2026-11-12 10:48 UTC', blockStart: '2026-11-16 08:00 UTC' }),
      ],
      problems: [],
    },
  },
  {
    name: 'Format-List that cut a list short ($FormatEnumerationLimit)',
    fixture: 'format-list-truncated.txt',
    context: context({ knownConnectors: ['Contoso mail filter'] }),
    expected: {
      verdict: 'unknown',
      format: 'list',
      recordsRead: 1,
      findings: [
        info('inbound-connector-count', { count: 1, enabled: 1 }),
        warning('inbound-connector-any-sender-domain', { name: 'Contoso mail filter' }),
      ],
      problems: [
        readingProblem('inbound-list-cut-off', { field: 'SenderIPAddresses', connector: 'Contoso mail filter' }),
      ],
    },
  },
  {
    name: 'ragged CSV: the rows that were read still count',
    fixture: 'ragged.csv',
    context: context({ blockStartedAt: BLOCK, knownConnectors: [HYBRID, 'Scanner relay'] }),
    expected: {
      verdict: 'fail',
      format: 'csv',
      recordsRead: 2,
      findings: [
        info('inbound-connector-count', { count: 2, enabled: 2 }),
        warning('inbound-connector-any-sender-domain', { name: 'Scanner relay' }),
        problem('inbound-connector-broad-ip-range', { name: 'Scanner relay', range: '198.18.0.1-198.18.3.254', addresses: 1022 }),
      ],
      problems: [readingProblem('csv-row-fields', { row: 3, fields: 5, expected: 10 })],
    },
  },
  {
    name: 'empty paste: there is no connector',
    fixture: 'empty.txt',
    context: context(),
    expected: { verdict: 'pass', format: 'empty', recordsRead: 0, findings: [info('inbound-connector-none')], problems: [] },
  },
];

describe('checkInboundConnectors', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = checkInboundConnectors(fixture(c.fixture), c.context);
    expect(result.checker).toBe('inbound-connectors');
    expect({
      verdict: result.verdict,
      format: result.format,
      recordsRead: result.recordsRead,
      findings: result.findings,
      problems: result.problems,
    }).toEqual(c.expected);
  });

  describe('dates written in the exporting machine\'s culture', () => {
    // A French admin's Export-Csv: 02/11/2026 is 2 November, 10/11/2026 is 10 November; no day over 12 to tell.
    const csv = [
      '"Name","Enabled","ConnectorType","SenderDomains","SenderIPAddresses","TlsSenderCertificateName","RestrictDomainsToCertificate","RestrictDomainsToIPAddresses","WhenCreatedUTC","WhenChangedUTC"',
      '"Relais scanner","True","OnPremises","smtp:contoso.fr;1","203.0.113.25","","False","True","02/11/2026 09:15:00","10/11/2026 16:40:00"',
    ].join('\n');
    const run = (dateOrder: 'day-first' | 'month-first' | null) =>
      checkInboundConnectors(csv, context({ blockStartedAt: BLOCK, knownConnectors: ['Relais scanner'], dateOrder }));

    it('reads them day first in a French conversation: the change of 10 November is a week before the block', () => {
      const result = run('day-first');
      expect(result.problems).toEqual([]);
      expect(result.findings).toContainEqual(
        warning('inbound-connector-changed-before-block', { name: 'Relais scanner', date: '2026-11-10 16:40 UTC', blockStart: '2026-11-16 08:00 UTC' }),
      );
    });

    it('with nothing to tell the order, says so instead of silently reading them as US dates', () => {
      const result = run(null);
      expect(result.problems).toEqual([
        readingProblem('dates-ambiguous-month-first', { column: 'WhenCreatedUTC', example: '02/11/2026 09:15:00' }),
      ]);
      expect(result.verdict).toBe('unknown');
    });
  });

  it('ConvertTo-Json of no connector ("[]") passes with the no-connector finding', () => {
    const result = checkInboundConnectors('[]', context());
    expect(result.verdict).toBe('pass');
    expect(result.findings).toEqual([info('inbound-connector-none')]);
  });

  it('truncated JSON: unknown, with the reason, and no finding', () => {
    const result = checkInboundConnectors(fixture('truncated.json'), context());
    expect(result.verdict).toBe('unknown');
    expect(result.findings).toEqual([]);
    expect(result.problems).toEqual([readingProblem('json-invalid')]);
  });

  it('random text: unknown, saying it is not connector output', () => {
    const result = checkInboundConnectors(fixture('random.txt'), context());
    expect(result.verdict).toBe('unknown');
    expect(result.findings).toEqual([]);
    expect(result.problems).toContainEqual(readingProblem('inbound-no-name'));
  });

  it('a Format-Table without the settings: unknown, naming the missing fields', () => {
    const table = ['Name          Enabled', '----          -------', 'Scanner relay True'].join('\n');
    const result = checkInboundConnectors(table, context({ knownConnectors: ['Scanner relay'] }));
    expect(result.verdict).toBe('unknown');
    expect(result.problems).toEqual([
      readingProblem('inbound-missing-fields', { fields: 'ConnectorType, SenderDomains, SenderIPAddresses, TlsSenderCertificateName, RestrictDomainsToCertificate, RestrictDomainsToIPAddresses, WhenCreatedUTC, WhenChangedUTC' }),
    ]);
  });

  describe('broad SenderIPAddresses (more than 256 addresses)', () => {
    const connector = (ip: string, type: string) =>
      JSON.stringify({
        Name: 'Relay',
        Enabled: true,
        ConnectorType: type,
        SenderDomains: ['smtp:contoso.com;1'],
        SenderIPAddresses: [ip],
        TlsSenderCertificateName: null,
        RestrictDomainsToCertificate: false,
        RestrictDomainsToIPAddresses: false,
        WhenCreatedUTC: '2025-01-01T00:00:00Z',
        WhenChangedUTC: '2025-01-01T00:00:00Z',
      });
    const broad = (ip: string, type = 'OnPremises') =>
      checkInboundConnectors(connector(ip, type), context({ knownConnectors: ['Relay'] })).findings.filter(
        (f) => f.code === 'inbound-connector-broad-ip-range',
      );

    it.each([
      ['192.0.2.25', []],
      ['192.0.2.0/24', []],
      ['192.0.2.1-192.0.2.254', []],
      ['192.0.2.0-192.0.3.255', [{ range: '192.0.2.0-192.0.3.255', addresses: 512 }]],
      ['192.0.2.0/23', [{ range: '192.0.2.0/23', addresses: 512 }]],
      ['0.0.0.0/0', [{ range: '0.0.0.0/0', addresses: 4294967296 }]],
      ['2001:db8::/32', []],
    ] as const)('%s on an OnPremises connector', (ip, expected) => {
      expect(broad(ip).map((f) => ({ severity: f.severity, range: f.params.range, addresses: f.params.addresses }))).toEqual(
        expected.map((e) => ({ severity: 'problem', ...e })),
      );
    });

    it('on a Partner connector (no relay) it is a warning', () => {
      expect(broad('198.18.0.0/15', 'Partner')).toEqual([
        warning('inbound-connector-broad-ip-range', { name: 'Relay', range: '198.18.0.0/15', addresses: 131072 }),
      ]);
    });
  });

  it('a change after the block started is not flagged; one within the week before is', () => {
    const changed = (when: string) =>
      [
        'Name                         : Scanner relay',
        'Enabled                      : True',
        'ConnectorType                : OnPremises',
        'SenderDomains                : {smtp:contoso.com;1}',
        'SenderIPAddresses            : {203.0.113.25}',
        'TlsSenderCertificateName     :',
        'RestrictDomainsToCertificate : False',
        'RestrictDomainsToIPAddresses : True',
        'WhenCreatedUTC               : 8/19/2026 3:12:09 PM',
        `WhenChangedUTC               : ${when}`,
      ].join('\n');
    const codes = (when: string) =>
      checkInboundConnectors(changed(when), context({ blockStartedAt: BLOCK, knownConnectors: ['Scanner relay'] })).findings.map((f) => f.code);
    expect(codes('11/16/2026 9:00:00 AM')).toEqual(['inbound-connector-count']);
    expect(codes('11/9/2026 7:59:00 AM')).toEqual(['inbound-connector-count']);
    expect(codes('11/9/2026 8:01:00 AM')).toEqual(['inbound-connector-count', 'inbound-connector-changed-before-block']);
  });

  it('never throws, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.array(fc.string(), { maxLength: 8 }).map((l) => l.join('\n'))), (input) => {
        const result = checkInboundConnectors(input, context());
        expect(['pass', 'fail', 'unknown']).toContain(result.verdict);
      }),
      { numRuns: 300 },
    );
  });
});
