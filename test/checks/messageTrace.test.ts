import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckContext, CheckResult, Finding } from '../../src/checks/checkResult';
import type { ExportFormat } from '../../src/checks/exports/parseExport';
import { checkMessageTrace, MESSAGE_TRACE_FINDINGS, senderDomains } from '../../src/checks/messageTrace';
import { problem as readingProblem, type Problem } from '../../src/catalog/problemCodes';

const FIXTURES = join(__dirname, '..', 'fixtures', 'checks', 'message-trace');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const CONTEXT: CheckContext = {
  sendingDomains: ['contoso.com'],
  acceptedDomains: ['contoso.com', 'contoso.onmicrosoft.com'],
  blockStartedAt: new Date('2026-11-17T09:00:00Z'),
  blockCode: '5.7.750',
  knownConnectors: [],
  now: new Date('2026-11-17T12:00:00Z'),
};

const unaccepted = (domain: string, messages: number): Finding => ({
  code: 'message-trace-unaccepted-sender-domain',
  severity: 'problem',
  params: { domain, messages },
});
const seen = (domain: string, messages: number): Finding => ({ code: 'message-trace-sender-domain', severity: 'info', params: { domain, messages } });
const top = (rank: number, sender: string, messages: number): Finding => ({
  code: 'message-trace-top-sender',
  severity: 'info',
  params: { rank, sender, messages },
});
const hourly = (from: string, to: string, series: string): Finding => ({
  code: 'message-trace-hourly-volume',
  severity: 'info',
  params: { from, to, series },
});
const failed = (messages: number, first: string, last: string): Finding => ({
  code: 'message-trace-failed-messages',
  severity: 'info',
  params: { messages, first, last },
});

interface Case {
  name: string;
  file: string;
  context?: Partial<CheckContext>;
  /** Left out where the shared export reader decides (prose with commas may be read as CSV). */
  format?: ExportFormat;
  recordsRead?: number;
  verdict: CheckResult['verdict'];
  findings: Finding[];
  /** Each must match one of the problems; none expected when absent. */
  problems?: Problem[];
}

const CASES: Case[] = [
  {
    name: 'Get-MessageTraceV2 | Export-Csv: relayed fabrikam.com mail and an unregistered subdomain fail; inbound mail is left out',
    file: 'v2-export.csv',
    format: 'csv',
    recordsRead: 12,
    verdict: 'fail',
    findings: [
      unaccepted('fabrikam.com', 4),
      unaccepted('mail.contoso.com', 1),
      failed(4, '2026-11-17 09:02 UTC', '2026-11-17 09:06 UTC'),
      hourly('2026-11-17 06:00 UTC', '2026-11-17 09:00 UTC', '2026-11-17 06:00 1, 07:00 1, 08:00 2, 09:00 6'),
      top(1, 'billing@fabrikam.com', 3),
      top(2, 'anna@contoso.com', 2),
      top(3, 'bob@contoso.com', 2),
      top(4, 'alerts@mail.contoso.com', 1),
      top(5, 'microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@contoso.onmicrosoft.com', 1),
    ],
  },
  {
    name: 'Get-MessageTraceV2 default table: same message to two recipients counted once, a cut-off sender reported',
    file: 'v2-table.txt',
    format: 'table',
    recordsRead: 8,
    verdict: 'fail',
    findings: [
      unaccepted('fabrikam.com', 4),
      failed(4, '2026-11-17 09:02 UTC', '2026-11-17 09:06 UTC'),
      hourly('2026-11-17 08:00 UTC', '2026-11-17 09:00 UTC', '2026-11-17 08:00 1, 09:00 4'),
      top(1, 'billing@fabrikam.com', 3),
      top(2, 'bob@contoso.com', 1),
      top(3, 'payroll@fabrikam.com', 1),
    ],
    problems: [readingProblem('trace-sender-cut-off', { count: 1 })],
  },
  {
    name: 'Get-MessageTraceV2 | ConvertTo-Json (PowerShell 5.1 dates): only accepted domains send, so it passes',
    file: 'v2-convertto.json',
    format: 'json',
    recordsRead: 4,
    verdict: 'pass',
    findings: [
      hourly('2026-11-16 14:00 UTC', '2026-11-16 16:00 UTC', '2026-11-16 14:00 1, 15:00 1, 16:00 1'),
      top(1, 'anna@contoso.com', 2),
      top(2, 'bob@contoso.com', 1),
    ],
  },
  {
    name: 'EAC Extended report: event rows grouped per message, 5.7.750 failures with first and last time',
    file: 'eac-extended.csv',
    format: 'csv',
    recordsRead: 9,
    verdict: 'fail',
    findings: [
      unaccepted('fabrikam.com', 2),
      {
        code: 'message-trace-block-failures',
        severity: 'info',
        params: { code: '5.7.750', messages: 2, first: '2026-11-17 09:02 UTC', last: '2026-11-17 09:03 UTC' },
      },
      hourly('2026-11-17 08:00 UTC', '2026-11-17 09:00 UTC', '2026-11-17 08:00 1, 09:00 2'),
      top(1, 'billing@fabrikam.com', 2),
      top(2, 'anna@contoso.com', 1),
    ],
  },
  {
    name: 'EAC Enhanced summary report: recipients and failures read from recipient_status',
    file: 'eac-enhanced-summary.csv',
    format: 'csv',
    recordsRead: 5,
    verdict: 'fail',
    findings: [
      unaccepted('fabrikam.com', 3),
      failed(3, '2026-11-17 09:02 UTC', '2026-11-17 09:05 UTC'),
      hourly('2026-11-17 08:00 UTC', '2026-11-17 09:00 UTC', '2026-11-17 08:00 1, 09:00 3'),
      top(1, 'billing@fabrikam.com', 2),
      top(2, 'anna@contoso.com', 1),
      top(3, 'payroll@fabrikam.com', 1),
    ],
  },
  {
    name: 'EAC summary export (date_time_utc, sender_address, Recipient_address, …)',
    file: 'eac-summary-export.csv',
    format: 'csv',
    recordsRead: 5,
    verdict: 'fail',
    findings: [
      unaccepted('fabrikam.com', 2),
      failed(2, '2026-11-17 09:02 UTC', '2026-11-17 09:05 UTC'),
      hourly('2026-11-17 08:00 UTC', '2026-11-17 09:00 UTC', '2026-11-17 08:00 1, 09:00 2'),
      top(1, 'anna@contoso.com', 1),
      top(2, 'billing@fabrikam.com', 1),
      top(3, 'payroll@fabrikam.com', 1),
    ],
  },
  {
    name: 'Graph messageTraces {value: […]} with no accepted domains known: domains listed, verdict unknown',
    file: 'graph-message-traces.json',
    context: { acceptedDomains: [] },
    format: 'json',
    recordsRead: 3,
    verdict: 'unknown',
    findings: [
      seen('fabrikam.com', 2),
      seen('contoso.com', 1),
      failed(2, '2026-11-17 09:02 UTC', '2026-11-17 09:03 UTC'),
      hourly('2026-11-17 06:00 UTC', '2026-11-17 09:00 UTC', '2026-11-17 06:00 1, 07:00 0, 08:00 0, 09:00 2'),
      top(1, 'billing@fabrikam.com', 2),
      top(2, 'anna@contoso.com', 1),
    ],
  },
  {
    name: 'truncated ConvertTo-Json',
    file: 'truncated.json',
    format: 'json',
    recordsRead: 0,
    verdict: 'unknown',
    findings: [],
    problems: [readingProblem('json-invalid')],
  },
  {
    name: 'ragged CSV (last row cut off): what was read is reported, but the verdict is unknown',
    file: 'ragged.csv',
    format: 'csv',
    recordsRead: 3,
    verdict: 'unknown',
    findings: [
      hourly('2026-11-17 06:00 UTC', '2026-11-17 09:00 UTC', '2026-11-17 06:00 1, 07:00 0, 08:00 1, 09:00 1'),
      top(1, 'bob@contoso.com', 2),
      top(2, 'anna@contoso.com', 1),
    ],
    problems: [readingProblem('csv-row-fields', { row: 4, fields: 5, expected: 13 })],
  },
  {
    name: 'random text',
    file: 'random.txt',
    verdict: 'unknown',
    findings: [],
    problems: [readingProblem('trace-no-sender-column')],
  },
  {
    name: 'another export (Get-AcceptedDomain) pasted by mistake',
    file: 'accepted-domains.json',
    format: 'json',
    recordsRead: 2,
    verdict: 'unknown',
    findings: [],
    problems: [readingProblem('trace-no-sender-column')],
  },
];

describe('checkMessageTrace', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = checkMessageTrace(fixture(c.file), { ...CONTEXT, ...c.context });
    expect(result.checker).toBe('message-trace');
    if (c.format) expect(result.format).toBe(c.format);
    if (c.recordsRead !== undefined) expect(result.recordsRead).toBe(c.recordsRead);
    expect(result.findings).toEqual(c.findings);
    if (c.problems) expect(result.problems).toEqual(expect.arrayContaining(c.problems));
    else expect(result.problems).toEqual([]);
    expect(result.verdict).toBe(c.verdict);
  });

  it.each([
    ['empty', ''],
    ['only blank lines', ' \r\n\r\n  '],
  ])('%s evidence: unknown, with a plain problem', (_name, evidence) => {
    const result = checkMessageTrace(evidence, CONTEXT);
    expect(result).toEqual({
      checker: 'message-trace',
      verdict: 'unknown',
      findings: [],
      format: 'empty',
      recordsRead: 0,
      problems: [readingProblem('trace-nothing-pasted')],
    });
  });

  const HEADER = '"Received","SenderAddress","RecipientAddress","Subject","Status","MessageId"';

  it('only inbound mail: says so and cannot tell', () => {
    const csv = `${HEADER}\n"11/17/2026 8:20:00 AM","news@adatum.com","anna@contoso.com","Newsletter","Delivered","<n1@adatum.com>"\n`;
    const result = checkMessageTrace(csv, CONTEXT);
    expect(result.findings).toEqual([{ code: 'message-trace-no-outbound', severity: 'info', params: { messages: 1 } }]);
    expect(result.verdict).toBe('unknown');
  });

  it('an outside sender whose recipient is missing cannot be classified: unknown, not pass', () => {
    const csv = [
      HEADER,
      '"11/17/2026 8:20:00 AM","anna@contoso.com","pat@example.net","Hello","Delivered","<a1@contoso.com>"',
      '"11/17/2026 8:21:00 AM","promo@fabrikam.com","","Offer","Delivered","<p1@fabrikam.com>"',
    ].join('\n');
    const result = checkMessageTrace(csv, CONTEXT);
    expect(result.verdict).toBe('unknown');
    expect(result.problems).toEqual([readingProblem('trace-unclassified', { count: 1 })]);
    expect(result.findings.filter((f) => f.severity === 'problem')).toEqual([]);
  });

  it('unreadable dates and dates after now are reported and kept out of the hourly volume', () => {
    const csv = [
      HEADER,
      '"not recorded","billing@fabrikam.com","k.ito@example.net","Invoice","Failed","<f1@fabrikam.com>"',
      '"12/30/2026 9:03:40 AM","billing@fabrikam.com","j.dupont@example.net","Invoice","Failed","<f2@fabrikam.com>"',
    ].join('\n');
    const result = checkMessageTrace(csv, CONTEXT);
    expect(result.verdict).toBe('fail');
    expect(result.findings).toEqual([unaccepted('fabrikam.com', 2), failed(2, '?', '?'), top(1, 'billing@fabrikam.com', 2)]);
    expect(result.problems).toEqual([readingProblem('trace-bad-date', { count: 2 })]);
  });

  it('accepted-domain entries are exact (a subdomain must be added), except "*." wildcards', () => {
    const csv = [
      HEADER,
      '"11/17/2026 8:20:00 AM","alerts@mail.contoso.com","ops@example.org","Backup","Delivered","<b1@contoso.com>"',
      '"11/17/2026 8:21:00 AM","shop@news.fabrikam.com","pat@example.net","Offer","Delivered","<s1@fabrikam.com>"',
    ].join('\n');
    const result = checkMessageTrace(csv, { ...CONTEXT, acceptedDomains: ['contoso.com', '*.fabrikam.com'] });
    expect(result.findings.filter((f) => f.severity === 'problem')).toEqual([unaccepted('mail.contoso.com', 1)]);
  });

  it('a "*." wildcard entry also accepts the domain itself, as the accepted-domains check reads it', () => {
    const csv = [
      HEADER,
      '"11/17/2026 8:21:00 AM","shop@fabrikam.com","pat@example.net","Offer","Delivered","<s1@fabrikam.com>"',
      '"11/17/2026 8:22:00 AM","shop@evilfabrikam.com","pat@example.net","Offer","Delivered","<s2@fabrikam.com>"',
    ].join('\n');
    const result = checkMessageTrace(csv, { ...CONTEXT, acceptedDomains: ['contoso.com', '*.fabrikam.com'] });
    expect(result.findings.filter((f) => f.severity === 'problem')).toEqual([unaccepted('evilfabrikam.com', 1)]);
  });

  it('more than 20 unaccepted domains: the 20 busiest, then how many more', () => {
    const rows = Array.from({ length: 23 }, (_, i) => {
      const domain = `d${String(i).padStart(2, '0')}.example.com`;
      return `"11/17/2026 9:${String(i).padStart(2, '0')}:00 AM","x@${domain}","pat@example.net","Offer","Delivered","<m${i}@example.com>"`;
    });
    const result = checkMessageTrace([HEADER, ...rows].join('\n'), CONTEXT);
    const problems = result.findings.filter((f) => f.severity === 'problem');
    expect(problems).toHaveLength(21);
    expect(problems[0]).toEqual(unaccepted('d00.example.com', 1));
    expect(problems[19]).toEqual(unaccepted('d19.example.com', 1));
    expect(problems[20]).toEqual({ code: 'message-trace-more-sender-domains', severity: 'problem', params: { domains: 3, messages: 3 } });
  });

  it('a 50,000-row Export-Csv: counts per domain and sender, hourly series and the spike hour', () => {
    const csv = bigTrace();
    const result = checkMessageTrace(csv, { ...CONTEXT, acceptedDomains: ['contoso.com'], blockStartedAt: null, now: new Date('2026-11-18T00:00:00Z') });
    expect(result.recordsRead).toBe(50_000);
    expect(result.problems).toEqual([]);
    expect(result.verdict).toBe('fail');
    expect(result.findings).toEqual([
      unaccepted('fabrikam.com', 6000),
      failed(6000, '2026-11-17 20:00 UTC', '2026-11-17 20:49 UTC'),
      hourly(
        '2026-11-16 09:00 UTC',
        '2026-11-17 20:00 UTC',
        '2026-11-16 09:00 1000, 10:00 1000, 11:00 1000, 12:00 1000, 13:00 1000, 14:00 1000, 15:00 1000, 16:00 1000, ' +
          '17:00 1000, 18:00 1000, 19:00 1000, 20:00 1000, 21:00 1000, 22:00 1000, 23:00 1000, ' +
          '2026-11-17 00:00 1000, 01:00 1000, 02:00 1000, 03:00 1000, 04:00 1000, 05:00 1000, 06:00 1000, 07:00 1000, ' +
          '08:00 1000, 09:00 1000, 10:00 1000, 11:00 1000, 12:00 1000, 13:00 1000, 14:00 1000, 15:00 1000, 16:00 1000, ' +
          '17:00 1000, 18:00 1000, 19:00 1000, 20:00 6000',
      ),
      { code: 'message-trace-volume-spike', severity: 'warning', params: { hour: '2026-11-17 20:00 UTC', messages: 6000, median: 1000 } },
      top(1, 'billing@fabrikam.com', 6000),
      top(2, 'user0@contoso.com', 1000),
      // ties in code-point order: "user10@…" sorts before "user1@…" ("0" < "@")
      top(3, 'user10@contoso.com', 1000),
      top(4, 'user11@contoso.com', 1000),
      top(5, 'user12@contoso.com', 1000),
    ]);
    expect(senderDomains(csv)).toEqual([
      { domain: 'contoso.com', messages: 44_000 },
      { domain: 'fabrikam.com', messages: 6000 },
    ]);
  });

  it('every finding code it emits is declared', () => {
    const emitted = new Set<string>();
    for (const c of CASES) for (const f of checkMessageTrace(fixture(c.file), { ...CONTEXT, ...c.context }).findings) emitted.add(f.code);
    for (const code of emitted) expect(MESSAGE_TRACE_FINDINGS).toContain(code);
  });
});

describe('senderDomains', () => {
  it.each([
    // Get-MessageTraceV2 does not say which mail is inbound: adatum.com (a newsletter received) is listed too.
    [
      'v2-export.csv',
      [
        { domain: 'contoso.com', messages: 4 },
        { domain: 'fabrikam.com', messages: 4 },
        { domain: 'adatum.com', messages: 1 },
        { domain: 'contoso.onmicrosoft.com', messages: 1 },
        { domain: 'mail.contoso.com', messages: 1 },
      ],
    ],
    // The EAC reports say so (directionality Incoming), so the received newsletter is left out.
    [
      'eac-extended.csv',
      [
        { domain: 'fabrikam.com', messages: 2 },
        { domain: 'contoso.com', messages: 1 },
      ],
    ],
    ['random.txt', []],
    ['truncated.json', []],
  ])('%s', (file, expected) => {
    expect(senderDomains(fixture(file))).toEqual(expected);
  });

  it('empty evidence gives no domains', () => {
    expect(senderDomains('')).toEqual([]);
  });
});

/**
 * Get-MessageTraceV2 | Export-Csv over two days: 44 contoso.com users send 1,000 messages an hour between them
 * (hours 0–43 from 2026-11-16 00:00 UTC), then billing@fabrikam.com sends 6,000 failing messages in hour 44.
 */
function bigTrace(): string {
  const lines = ['"Organization","MessageId","Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageTraceId","StartDate","EndDate"'];
  const start = Date.UTC(2026, 10, 16);
  for (let i = 0; i < 50_000; i++) {
    const spam = i >= 44_000;
    const when = spam ? start + 44 * 3_600_000 + Math.floor((i - 44_000) / 2) * 1000 : start + Math.floor(i / 1000) * 3_600_000 + (i % 1000) * 3000;
    const sender = spam ? 'billing@fabrikam.com' : `user${i % 44}@contoso.com`;
    const recipient = spam ? `victim${i}@example.org` : `r${i}@example.net`;
    const fields = [
      'contoso.onmicrosoft.com',
      `<m${i}@contoso.com>`,
      usDate(new Date(when)),
      sender,
      recipient,
      spam ? `Invoice ${i} overdue` : `Report ${i}`,
      spam ? 'Failed' : 'Delivered',
      spam ? '' : '198.51.100.25',
      spam ? '203.0.113.50' : '',
      '12000',
      `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      '11/16/2026 12:00:00 AM',
      '11/18/2026 12:00:00 AM',
    ];
    lines.push(fields.map((f) => `"${f}"`).join(','));
  }
  return lines.join('\r\n');
}

/** Export-Csv's en-US date: "11/16/2026 1:05:09 PM". */
function usDate(d: Date): string {
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
