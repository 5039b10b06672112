import fc from 'fast-check';
import { date, dateOrderOf, field, list, parseExport, text, type ExportRecord, type ParsedExport } from '../../../src/checks/exports/parseExport';
import { problem as readingProblem, type Problem } from '../../../src/catalog/problemCodes';

interface Case {
  readonly name: string;
  readonly input: string;
  readonly expected: ParsedExport;
}

const json = (records: ExportRecord[], problems: Problem[] = []): ParsedExport => ({ format: 'json', records, problems });
const csv = (records: ExportRecord[], problems: Problem[] = []): ParsedExport => ({ format: 'csv', records, problems });
const fl = (records: ExportRecord[]): ParsedExport => ({ format: 'list', records, problems: [] });
const table = (records: ExportRecord[]): ParsedExport => ({ format: 'table', records, problems: [] });
const lines = (...values: string[]): ParsedExport => ({ format: 'lines', records: values.map((value) => ({ value })), problems: [] });
const EMPTY: ParsedExport = { format: 'empty', records: [], problems: [] };

const JSON_CASES: readonly Case[] = [
  {
    name: 'ConvertTo-Json of several objects: an array',
    input: '[\n  {"Name": "contoso.com", "Default": true},\n  {"Name": "fabrikam.com", "Default": false}\n]',
    expected: json([
      { Name: 'contoso.com', Default: true },
      { Name: 'fabrikam.com', Default: false },
    ]),
  },
  {
    name: 'ConvertTo-Json of a single object: no array around it',
    input: '{\n    "SenderAddress":  "adele.vance@contoso.com",\n    "CreatedDatetime":  "\\/Date(1773479564000)\\/"\n}',
    expected: json([{ SenderAddress: 'adele.vance@contoso.com', CreatedDatetime: '/Date(1773479564000)/' }]),
  },
  {
    name: 'Graph collection: the {"value": [...]} wrapper is removed',
    input: '{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#domains","value":[{"id":"contoso.com","isVerified":true},{"id":"fabrikam.com","isVerified":false}]}',
    expected: json([
      { id: 'contoso.com', isVerified: true },
      { id: 'fabrikam.com', isVerified: false },
    ]),
  },
  {
    name: 'Graph collection with more pages: says only the first page was read',
    input: '{"value":[{"id":"contoso.com"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/domains?$skiptoken=X"}',
    expected: json([{ id: 'contoso.com' }], [readingProblem('json-more-pages')]),
  },
  {
    name: 'a single Graph object (GET /domains/{id}) is one record',
    input: '{"id":"contoso.com","isVerified":true,"supportedServices":["Email"]}',
    expected: json([{ id: 'contoso.com', isVerified: true, supportedServices: ['Email'] }]),
  },
  { name: 'ConvertTo-Json of nothing: "[]"', input: '[]', expected: json([]) },
  {
    name: 'items that are not objects are counted as a problem',
    input: '[{"Name":"a"}, "b", 3]',
    expected: json([{ Name: 'a' }], [readingProblem('json-items-not-objects', { count: 2 })]),
  },
  {
    name: 'truncated JSON: no records, a problem in plain words',
    input: '[{"Name": "contoso.com"}, {"Name": "fabri',
    expected: json([], [readingProblem('json-invalid')]),
  },
  {
    name: 'the prompt line before ConvertTo-Json output is ignored',
    input: 'PS C:\\Users\\admin> Get-AcceptedDomain | ConvertTo-Json\n{"DomainName": "contoso.com"}\nPS C:\\Users\\admin>',
    expected: json([{ DomainName: 'contoso.com' }]),
  },
];

const CSV_CASES: readonly Case[] = [
  {
    name: 'Export-Csv (Windows PowerShell): the #TYPE line is skipped, every value quoted',
    input: '#TYPE Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain\r\n"DomainName","DomainType","Default"\r\n"contoso.com","Authoritative","True"\r\n',
    expected: csv([{ DomainName: 'contoso.com', DomainType: 'Authoritative', Default: 'True' }]),
  },
  {
    name: 'quoted values with commas, doubled quotes and a line break; empty values',
    input:
      '"CreationDate","UserIds","Operations","AuditData"\n' +
      '"2026-03-14T09:12:44","admin@contoso.com","New-InboundConnector","{""Name"":""Relay, inbound"",""Id"":1}"\n' +
      '"2026-03-15T10:00:00","","Set-InboundConnector","line one\nline two"\n',
    expected: csv([
      { CreationDate: '2026-03-14T09:12:44', UserIds: 'admin@contoso.com', Operations: 'New-InboundConnector', AuditData: '{"Name":"Relay, inbound","Id":1}' },
      { CreationDate: '2026-03-15T10:00:00', UserIds: '', Operations: 'Set-InboundConnector', AuditData: 'line one\nline two' },
    ]),
  },
  {
    name: 'unquoted CSV (PowerShell 7 -UseQuotes Never, or hand-made)',
    input: 'SenderAddress,CreatedDatetime\nadele.vance@contoso.com,3/14/2026 9:12:44 AM\n',
    expected: csv([{ SenderAddress: 'adele.vance@contoso.com', CreatedDatetime: '3/14/2026 9:12:44 AM' }]),
  },
  {
    name: 'semicolons (Export-Csv -UseCulture, Excel in French or Italian) and accented column names',
    input: '"Date de création";"Expéditeur";"Statut"\n"14/03/2026 09:12";"adele.vance@contoso.com";"Échec"\n',
    expected: csv([{ 'Date de création': '14/03/2026 09:12', Expéditeur: 'adele.vance@contoso.com', Statut: 'Échec' }]),
  },
  {
    name: 'cells copied out of Excel: tab-separated',
    input: 'Received\tSenderAddress\tRecipientAddress\tStatus\n3/14/2026 9:12\tadele.vance@contoso.com\tbuyer@fabrikam.com\tFailed\n',
    expected: csv([{ Received: '3/14/2026 9:12', SenderAddress: 'adele.vance@contoso.com', RecipientAddress: 'buyer@fabrikam.com', Status: 'Failed' }]),
  },
  {
    name: 'one column (Export-Csv of a single property)',
    input: '"SenderAddress"\n"adele.vance@contoso.com"\n"scanner@fabrikam.com"\n',
    expected: csv([{ SenderAddress: 'adele.vance@contoso.com' }, { SenderAddress: 'scanner@fabrikam.com' }]),
  },
  {
    name: 'the first row starts with a value that goes on over two lines',
    input: '"Comment","Name"\n"first line\nsecond line","Printer relay"\n',
    expected: csv([{ Comment: 'first line\nsecond line', Name: 'Printer relay' }]),
  },
  {
    name: 'a byte-order mark before the header is ignored',
    input: '\uFEFF"Name","Enabled"\n"Printer relay","True"\n',
    expected: csv([{ Name: 'Printer relay', Enabled: 'True' }]),
  },
  {
    name: 'ragged rows: read as far as they go, each one reported',
    input: '"DomainName","DomainType","Default"\n"contoso.com","Authoritative","True"\n"fabrikam.com","InternalRelay"\n"a","b","c","d"\n',
    expected: csv(
      [
        { DomainName: 'contoso.com', DomainType: 'Authoritative', Default: 'True' },
        { DomainName: 'fabrikam.com', DomainType: 'InternalRelay', Default: '' },
        { DomainName: 'a', DomainType: 'b', Default: 'c' },
      ],
      [readingProblem('csv-row-fields', { row: 3, fields: 2, expected: 3 }), readingProblem('csv-row-fields', { row: 4, fields: 4, expected: 3 })],
    ),
  },
  {
    name: 'cut off inside a quoted value',
    input: '"SenderAddress","Reason"\n"adele.vance@contoso.com","OutboundSpamPercent=96\n',
    expected: csv([{ SenderAddress: 'adele.vance@contoso.com', Reason: 'OutboundSpamPercent=96' }], [readingProblem('csv-unterminated-quote')]),
  },
];

const LIST_CASES: readonly Case[] = [
  {
    name: 'Format-List: records separated by blank lines, empty values, prompt lines around',
    input:
      'PS C:\\> Get-AcceptedDomain | Format-List DomainName,MatchSubDomains,CatchAllRecipientID\n\n' +
      'DomainName          : contoso.com\nMatchSubDomains     : False\nCatchAllRecipientID :\n\n' +
      'DomainName          : fabrikam.com\nMatchSubDomains     : True\nCatchAllRecipientID :\n\n\nPS C:\\>',
    expected: fl([
      { DomainName: 'contoso.com', MatchSubDomains: 'False', CatchAllRecipientID: '' },
      { DomainName: 'fabrikam.com', MatchSubDomains: 'True', CatchAllRecipientID: '' },
    ]),
  },
  {
    name: 'Format-List without blank lines between records: a repeated name starts the next one',
    input: 'Name    : Printer relay\nEnabled : True\nName    : Relay-Inbound\nEnabled : False\n',
    expected: fl([
      { Name: 'Printer relay', Enabled: 'True' },
      { Name: 'Relay-Inbound', Enabled: 'False' },
    ]),
  },
  {
    name: 'wrapped values: joined with a space after a break between words, without one after a break inside a word',
    input: [
      'SenderAddress   : adele.vance@contoso.com',
      'Reason          : Compromise detection: TenantSubmissionRatio=0.97;OutboundSpam',
      '                  Last24Hours=1203;OutboundMailLast24Hours=1250;OutboundSpamPer',
      '                  cent=96;Last Spam Message',
      '                  MessagetraceId:5a1f07b4-8f8e-4c4e-9b2a-2c1f3e9d7a10',
      'CreatedDatetime : 3/14/2026 9:12:44 AM',
    ].join('\n'),
    expected: fl([
      {
        SenderAddress: 'adele.vance@contoso.com',
        Reason:
          'Compromise detection: TenantSubmissionRatio=0.97;OutboundSpamLast24Hours=1203;OutboundMailLast24Hours=1250;OutboundSpamPercent=96;Last Spam Message MessagetraceId:5a1f07b4-8f8e-4c4e-9b2a-2c1f3e9d7a10',
        CreatedDatetime: '3/14/2026 9:12:44 AM',
      },
    ]),
  },
  {
    name: 'a break between words at the widest line: joined with a space when the line ends in a comma',
    input: [
      'Name              : Relay-Inbound',
      'SenderIPAddresses : {198.51.100.0/24, 203.0.113.7, 203.0.113.8, 203.0.113.9, 203.0.113.10, 203.0.113.11,',
      '                    192.0.2.15}',
    ].join('\n'),
    expected: fl([{ Name: 'Relay-Inbound', SenderIPAddresses: '{198.51.100.0/24, 203.0.113.7, 203.0.113.8, 203.0.113.9, 203.0.113.10, 203.0.113.11, 192.0.2.15}' }]),
  },
  {
    name: 'a continuation line that is not indented ends the value; stray lines are skipped',
    input: 'DomainName : contoso.com\nDefault    : True\nsome note typed by hand\n  indented text after it\nDomainType : Authoritative\n',
    expected: fl([{ DomainName: 'contoso.com', Default: 'True', DomainType: 'Authoritative' }]),
  },
];

const TABLE_CASES: readonly Case[] = [
  {
    name: 'Format-Table: columns from the line of dashes',
    input:
      '\nName                    DomainName              DomainType    Default\n' +
      '----                    ----------              ----------    -------\n' +
      'contoso.com             contoso.com             Authoritative True\n' +
      'contoso.onmicrosoft.com contoso.onmicrosoft.com Authoritative False\n\n',
    expected: table([
      { Name: 'contoso.com', DomainName: 'contoso.com', DomainType: 'Authoritative', Default: 'True' },
      { Name: 'contoso.onmicrosoft.com', DomainName: 'contoso.onmicrosoft.com', DomainType: 'Authoritative', Default: 'False' },
    ]),
  },
  {
    name: 'Format-Table after a prompt and a warning',
    input:
      'PS C:\\> Get-AcceptedDomain | ft Name,DomainType\nWARNING: 1 columns do not fit into the display and were removed.\n\n' +
      'Name         DomainType\n----         ----------\nfabrikam.com InternalRelay\n',
    expected: table([{ Name: 'fabrikam.com', DomainType: 'InternalRelay' }]),
  },
  {
    name: 'right-aligned numbers wider than their header (the header and dashes are right-aligned too)',
    input: [
      'SenderAddress             Count',
      '-------------             -----',
      'adele.vance@contoso.com    1203',
      'scanner@fabrikam.com    1234567',
    ].join('\n'),
    expected: table([
      { SenderAddress: 'adele.vance@contoso.com', Count: '1203' },
      { SenderAddress: 'scanner@fabrikam.com', Count: '1234567' },
    ]),
  },
  {
    name: 'a right-aligned first column keeps its leading spaces',
    input: '   Count Name\n   ----- ----\n      12 contoso.com\n  100000 fabrikam.com\n',
    expected: table([
      { Count: '12', Name: 'contoso.com' },
      { Count: '100000', Name: 'fabrikam.com' },
    ]),
  },
  {
    name: 'values a table cut short keep their "..."',
    input: 'Name                           DomainName\n----                           ----------\nfabrikam-international-hold... fabrikam-international-hold...\n',
    expected: table([{ Name: 'fabrikam-international-hold...', DomainName: 'fabrikam-international-hold...' }]),
  },
];

const LINES_CASES: readonly Case[] = [
  { name: 'quoted values one a line, without a header, are a list', input: '"contoso.com"\n"fabrikam.com"', expected: lines('"contoso.com"', '"fabrikam.com"') },
  { name: 'a typed list, one value a line', input: 'contoso.com\n  fabrikam.com  \n\nnorthwind.com\n', expected: lines('contoso.com', 'fabrikam.com', 'northwind.com') },
  { name: 'domains separated by commas are not a CSV header', input: 'contoso.com, fabrikam.com\nnorthwind.com, tailspin.com', expected: lines('contoso.com, fabrikam.com', 'northwind.com, tailspin.com') },
  { name: 'addresses separated by commas are not a CSV header', input: 'adele@contoso.com,lee@contoso.com\nmegan@contoso.com,joni@contoso.com', expected: lines('adele@contoso.com,lee@contoso.com', 'megan@contoso.com,joni@contoso.com') },
  { name: 'a sentence with a comma is not a CSV header', input: 'Hi, here are our domains:\ncontoso.com\nfabrikam.com', expected: lines('Hi, here are our domains:', 'contoso.com', 'fabrikam.com') },
  { name: 'sentences with commas on each line are not CSV', input: 'Hi, we only use our main domain for email.\nThe others are for the website, I think.', expected: lines('Hi, we only use our main domain for email.', 'The others are for the website, I think.') },
  { name: 'console colour codes are removed', input: '\u001b[32;1mcontoso.com\u001b[0m\nfabrikam.com', expected: lines('contoso.com', 'fabrikam.com') },
  { name: 'nothing', input: '', expected: EMPTY },
  { name: 'only blank lines and spaces', input: ' \r\n\t\r\n  ', expected: EMPTY },
  { name: 'only prompt lines (the command printed nothing)', input: 'PS C:\\Users\\admin> Get-BlockedSenderAddress\nPS C:\\Users\\admin>', expected: EMPTY },
  { name: 'the Exchange Management Shell prompt', input: '[PS] C:\\Windows\\system32>Get-AcceptedDomain\n', expected: EMPTY },
];

describe('parseExport', () => {
  describe('JSON', () => it.each(JSON_CASES)('$name', ({ input, expected }) => expect(parseExport(input)).toEqual(expected)));
  describe('CSV', () => it.each(CSV_CASES)('$name', ({ input, expected }) => expect(parseExport(input)).toEqual(expected)));
  describe('Format-List', () => it.each(LIST_CASES)('$name', ({ input, expected }) => expect(parseExport(input)).toEqual(expected)));
  describe('Format-Table', () => it.each(TABLE_CASES)('$name', ({ input, expected }) => expect(parseExport(input)).toEqual(expected)));
  describe('lines and empty', () => it.each(LINES_CASES)('$name', ({ input, expected }) => expect(parseExport(input)).toEqual(expected)));

  it('any input gives a result, never a throw, quickly', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (input) => {
        const started = Date.now();
        const parsed = parseExport(input);
        expect(['json', 'csv', 'list', 'table', 'lines', 'empty']).toContain(parsed.format);
        expect(Date.now() - started).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
  });

  it('a long Format-List (200,000 lines) is read without running out of stack', () => {
    const input = 'SenderAddress : user@contoso.com\nReason        : OutboundSpamPercent=96\n\n'.repeat(66_667);
    const parsed = parseExport(input);
    expect(parsed.format).toBe('list');
    expect(parsed.records).toHaveLength(66_667);
  });

  it('a large export is read in bounded time', () => {
    const row = '"adele.vance@contoso.com","OutboundSpamLast24Hours=1203;OutboundSpamPercent=96","3/14/2026 9:12:44 AM"\n';
    const input = `"SenderAddress","Reason","CreatedDatetime"\n${row.repeat(50_000)}`;
    const started = Date.now();
    const parsed = parseExport(input);
    expect(parsed.records).toHaveLength(50_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('field', () => {
  const record: ExportRecord = { WhenCreatedUTC: '2026-03-14', 'Sender Address': 'adele@contoso.com', Recipient_Address: 'buyer@fabrikam.com', Empty: '' };
  it.each([
    ['exact name', ['WhenCreatedUTC'], '2026-03-14'],
    ['any case', ['whencreatedutc'], '2026-03-14'],
    ['spaces in the export ignored', ['SenderAddress'], 'adele@contoso.com'],
    ['underscores ignored', ['RecipientAddress'], 'buyer@fabrikam.com'],
    ['spaces in the name asked ignored', ['When Created UTC'], '2026-03-14'],
    ['the first of several names that exists', ['CreatedDatetime', 'WhenCreatedUTC'], '2026-03-14'],
    ['an empty value is a value', ['Empty'], ''],
    ['absent', ['Missing'], undefined],
  ] as const)('%s', (_name, names, expected) => {
    expect(field(record, ...names)).toBe(expected);
  });
});

describe('text', () => {
  const record: ExportRecord = { n: 12, b: false, s: ' x ', nul: null, arr: ['a', 1, { k: 'v' }], obj: { Domain: 'contoso.com' } };
  it.each([
    ['a number', 'n', '12'],
    ['a boolean', 'b', 'false'],
    ['a string as it is', 's', ' x '],
    ['null', 'nul', ''],
    ['absent', 'missing', ''],
    ['an array, joined with ", "', 'arr', 'a, 1, {"k":"v"}'],
    ['an object, as JSON', 'obj', '{"Domain":"contoso.com"}'],
  ] as const)('%s', (_name, name, expected) => {
    expect(text(record, name)).toBe(expected);
  });
});

describe('list', () => {
  it.each([
    ['a JSON array', ['198.51.100.1', ' 203.0.113.0/24 ', ''], ['198.51.100.1', '203.0.113.0/24']],
    ['Format-List braces', '{contoso.com, fabrikam.com}', ['contoso.com', 'fabrikam.com']],
    ['Format-List braces cut after the first values', '{198.51.100.1, 198.51.100.2, 198.51.100.3, 198.51.100.4...}', ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']],
    ['PowerShell 7 ellipsis', '{a.contoso.com, b.contoso.com…}', ['a.contoso.com', 'b.contoso.com']],
    ['semicolons (CSV of a joined list)', 'contoso.com;fabrikam.com', ['contoso.com', 'fabrikam.com']],
    ['commas', 'contoso.com, fabrikam.com', ['contoso.com', 'fabrikam.com']],
    ['empty braces', '{}', []],
    ['an empty string', '', []],
    ['null', null, []],
  ] as const)('%s', (_name, value, expected) => {
    expect(list({ v: value as ExportRecord[string] }, 'v')).toEqual(expected);
  });

  it('absent', () => expect(list({}, 'v')).toEqual([]));
});

describe('date', () => {
  it.each([
    ['ISO with Z', '2026-03-14T09:12:44Z', '2026-03-14T09:12:44.000Z'],
    ['ISO with seven decimals (PowerShell 7)', '2026-03-14T09:12:44.9178213Z', '2026-03-14T09:12:44.917Z'],
    ['ISO without a zone: UTC', '2026-03-14T09:12:44', '2026-03-14T09:12:44.000Z'],
    ['ISO with a space, no zone: UTC', '2026-03-14 09:12:44', '2026-03-14T09:12:44.000Z'],
    ['ISO with an offset', '2026-03-14T10:12:44+01:00', '2026-03-14T09:12:44.000Z'],
    ['ISO date only', '2026-03-14', '2026-03-14T00:00:00.000Z'],
    ['ConvertTo-Json /Date(ms)/', '/Date(1773479564000)/', '2026-03-14T09:12:44.000Z'],
    ['ConvertTo-Json /Date(ms+offset)/: the milliseconds are UTC already', '/Date(1773479564000+0100)/', '2026-03-14T09:12:44.000Z'],
    ['US locale with AM', '3/14/2026 9:12:44 AM', '2026-03-14T09:12:44.000Z'],
    ['US locale with PM', '3/16/2026 11:05:09 PM', '2026-03-16T23:05:09.000Z'],
    ['US locale, 12 AM is midnight', '3/14/2026 12:05 AM', '2026-03-14T00:05:00.000Z'],
    ['US locale, 12 PM is noon', '3/14/2026 12:30:00 PM', '2026-03-14T12:30:00.000Z'],
    ['US locale, 24-hour clock', '11/16/2026 21:12', '2026-11-16T21:12:00.000Z'],
    ['US locale, date only', '3/14/2026', '2026-03-14T00:00:00.000Z'],
    ['day first when the first number cannot be a month', '16/11/2026 09:12:44', '2026-11-16T09:12:44.000Z'],
    ['dotted, day first (German)', '16.11.2026 09:12', '2026-11-16T09:12:00.000Z'],
    ['the long form of a DateTime', 'Saturday, March 14, 2026 9:12:44 AM', '2026-03-14T09:12:44.000Z'],
    ['month 13', '13/13/2026 09:00', null],
    ['30 February', '2/30/2026 09:00', null],
    ['13 PM', '3/14/2026 13:00 PM', null],
    ['not a date', 'True', null],
    ['a bare number', '1773479564000', null],
    ['empty', '', null],
  ] as const)('%s', (_name, value, expected) => {
    expect(date({ d: value }, 'd')?.toISOString() ?? null).toBe(expected);
  });

  it('a PSObject date from ConvertTo-Json ({value, DisplayHint, DateTime}) uses its value', () => {
    const record: ExportRecord = { When: { value: '/Date(1773479564000)/', DisplayHint: 2, DateTime: 'Saturday, March 14, 2026 9:12:44 AM' } };
    expect(date(record, 'When')?.toISOString()).toBe('2026-03-14T09:12:44.000Z');
  });

  it('an object with only DateTime uses it', () => {
    expect(date({ When: { DateTime: 'Saturday, March 14, 2026 9:12:44 AM' } }, 'When')?.toISOString()).toBe('2026-03-14T09:12:44.000Z');
  });

  it('absent, null, or a JSON boolean: null', () => {
    expect(date({}, 'When')).toBeNull();
    expect(date({ When: null }, 'When')).toBeNull();
    expect(date({ When: true }, 'When')).toBeNull();
  });

  it('the first of several names that exists', () => {
    expect(date({ CreationDate: '3/14/2026 9:12:44 AM' }, ['CreationTime', 'CreationDate'])?.toISOString()).toBe('2026-03-14T09:12:44.000Z');
  });

  it('reads an ambiguous slashed date in the order given; a number over 12 is the day whatever the order', () => {
    expect(date({ When: '02/12/2025 10:00:00' }, 'When', 'day-first')?.toISOString()).toBe('2025-12-02T10:00:00.000Z');
    expect(date({ When: '02/12/2025 10:00:00' }, 'When', 'month-first')?.toISOString()).toBe('2025-02-12T10:00:00.000Z');
    expect(date({ When: '12/25/2025 10:00:00' }, 'When', 'day-first')?.toISOString()).toBe('2025-12-25T10:00:00.000Z');
    expect(date({ When: '25/12/2025 10:00:00' }, 'When', 'month-first')?.toISOString()).toBe('2025-12-25T10:00:00.000Z');
  });
});

describe('dateOrderOf: how a date column is to be read', () => {
  it.each([
    ['a day over 12 anywhere in the column', ['02/03/2025 10:00', '14/03/2025 09:00'], 'month-first', { order: 'day-first', sure: true }],
    ['a second number over 12', ['02/03/2025 10:00', '03/14/2025 09:00'], 'day-first', { order: 'month-first', sure: true }],
    ['AM/PM, as en-US writes it', ['2/3/2025 10:00:00 AM'], 'day-first', { order: 'month-first', sure: true }],
    ['dots, as day-first cultures write it', ['02.03.2025 10:00'], null, { order: 'day-first', sure: true }],
    ['nothing in the column: the hint', ['02/03/2025 10:00', '05/06/2025 11:00'], 'day-first', { order: 'day-first', sure: true }],
    ['nothing in the column and no hint: not sure', ['02/03/2025 10:00'], null, { order: 'month-first', sure: false }],
    ['a column that contradicts itself', ['13/03/2025 10:00', '03/14/2025 10:00'], 'day-first', { order: 'day-first', sure: false }],
    ['only ISO dates: nothing to decide', ['2025-03-02T10:00:00Z', { DateTime: '2025-03-02 10:00' }], null, { order: 'month-first', sure: true }],
  ] as const)('%s', (_name, values, hint, expected) => {
    expect(dateOrderOf(values, hint)).toMatchObject(expected);
  });
});

describe('tables as people really paste them', () => {
  const ALIGNED = [
    'Name                    DomainName              DomainType    Default',
    '----                    ----------              ----------    -------',
    'contoso.com             contoso.com             Authoritative True',
    'contoso.onmicrosoft.com contoso.onmicrosoft.com Authoritative False',
  ];
  const EXPECTED = [
    { Name: 'contoso.com', DomainName: 'contoso.com', DomainType: 'Authoritative', Default: 'True' },
    { Name: 'contoso.onmicrosoft.com', DomainName: 'contoso.onmicrosoft.com', DomainType: 'Authoritative', Default: 'False' },
  ];

  it('a Format-Table whose runs of spaces a chat client collapsed to one: read word by word', () => {
    const collapsed = ALIGNED.map((l) => l.replace(/ +/g, ' ')).join('\n');
    expect(parseExport(collapsed)).toEqual({ format: 'table', records: EXPECTED, problems: [] });
  });

  it('tabs instead of the spaces', () => {
    expect(parseExport(ALIGNED.map((l) => l.replace(/ +/g, '\t')).join('\n')).records).toEqual(EXPECTED);
  });

  it('never cuts a value in the middle: a collapsed row whose value holds spaces is reported, the others read', () => {
    const table = [
      'Name Enabled ConnectorType',
      '---- ------- -------------',
      'Scanner True OnPremises',
      'Contoso on-premises relay True OnPremises',
    ].join('\n');
    const parsed = parseExport(table);
    expect(parsed.records).toEqual([{ Name: 'Scanner', Enabled: 'True', ConnectorType: 'OnPremises' }]);
    expect(parsed.problems).toEqual([readingProblem('table-rows-unread', { rows: '2' })]);
    expect(JSON.stringify(parsed.records)).not.toMatch(/crosoft|on-prem\b/);
  });

  it('a misaligned row (wider than its column) is not sliced into pieces', () => {
    const table = [...ALIGNED.slice(0, 2), 'contoso.com contoso.com Authoritative True', ALIGNED[3]!].join('\n');
    expect(parseExport(table).records).toEqual(EXPECTED);
  });

  it('Teams HTML: one <p> a line, &nbsp; keeping the alignment', () => {
    const html = ALIGNED.map((l) => `<p>${l.replace(/ {2}/g, '&nbsp; ')}</p>`).join('');
    expect(parseExport(html)).toEqual({ format: 'table', records: EXPECTED, problems: [] });
  });

  it('Teams HTML: <br> line breaks and entities', () => {
    const html = `<div>DomainName,DomainType<br>contoso.com,Authoritative<br>fabrikam&#46;com,InternalRelay</div>`;
    expect(parseExport(html).records).toEqual([
      { DomainName: 'contoso.com', DomainType: 'Authoritative' },
      { DomainName: 'fabrikam.com', DomainType: 'InternalRelay' },
    ]);
  });

  it('an HTML <table> (copied from a web page or Excel into Teams) becomes rows', () => {
    const html =
      '<table><tr><th>DomainName</th><th>DomainType</th><th>Default</th></tr>' +
      '<tr><td><p>contoso.com</p></td><td>Authoritative</td><td>True</td></tr>' +
      '<tr><td>contoso&#46;onmicrosoft.com</td><td>Authoritative</td><td>False</td></tr></table>';
    expect(parseExport(html).records).toEqual([
      { DomainName: 'contoso.com', DomainType: 'Authoritative', Default: 'True' },
      { DomainName: 'contoso.onmicrosoft.com', DomainType: 'Authoritative', Default: 'False' },
    ]);
  });
  it('an HTML <table> with chat around it ("Here it is:") is read as the table alone', () => {
    const html =
      '<p>Voici la liste&nbsp;:</p><table><tr><th>Name</th><th>DomainName</th><th>DomainType</th></tr>' +
      '<tr><td>contoso.com</td><td>contoso.com</td><td>Authoritative</td></tr></table><p>Merci !</p>';
    expect(parseExport(html)).toEqual({
      format: 'csv',
      records: [{ Name: 'contoso.com', DomainName: 'contoso.com', DomainType: 'Authoritative' }],
      problems: [],
    });
  });

  it('prose around a header-only HTML table is kept, so nothing is silently dropped', () => {
    expect(parseExport('<p>contoso.com</p><table><tr><td>x</td></tr></table><p>fabrikam.com</p>').records).toEqual([
      { value: 'contoso.com' },
      { value: 'x' },
      { value: 'fabrikam.com' },
    ]);
  });
});
