import fc from 'fast-check';
import { findStatusCodes } from '../../src/ndr/findStatusCodes';

type Code = { smtp: string | null; enhanced: string };

const found = (text: string): Code[] => findStatusCodes(text).map(({ smtp, enhanced }) => ({ smtp, enhanced }));

interface Case {
  readonly name: string;
  readonly text: string;
  /** Every code found, best first. */
  readonly expected: readonly Code[];
}

const NOT_CODES: readonly Case[] = [
  // IP addresses
  { name: 'IPv4 address', text: 'Connected to 40.107.5.75 on port 25', expected: [] },
  { name: 'IPv4 address in brackets with port', text: 'relay [10.5.7.75]:25 refused', expected: [] },
  { name: 'IPv4 address that starts like a code', text: 'NAT 5.7.100.22 -> 10.4.5.6', expected: [] },
  { name: 'IPv4 address of four small numbers', text: 'resolver 4.2.2.2 timed out', expected: [] },
  { name: 'IPv4 address at the end of a sentence', text: 'The mail came from 4.7.65.10.', expected: [] },
  { name: 'reverse DNS name', text: 'PTR 75.5.107.40.in-addr.arpa', expected: [] },
  // versions
  { name: 'Exchange build number', text: 'mapi id 15.20.7452.028; Thu, 4 Apr 2024', expected: [] },
  { name: 'four-part firmware version', text: 'Firmware: 4.11.2.7 / Engine 5.2.10.3', expected: [] },
  { name: 'version with a v prefix', text: 'Template v5.3.1 and agent_4.1.2', expected: [] },
  { name: 'version with a letter suffix', text: 'release 5.7.1a is out', expected: [] },
  // dates
  { name: 'day.month.year date', text: 'Opened 4.4.2024 09:51', expected: [] },
  { name: 'zero-padded date', text: 'last update 04.04.2024 10:07', expected: [] },
  { name: 'date at the end of a sentence', text: 'due on 5.4.2024.', expected: [] },
  // ticket and other numbers
  { name: 'ticket numbers', text: 'Ticket INC-2024-04-0117, Case #240404-004417, SR 7.2.1554', expected: [] },
  { name: 'ticket number with a code-like start', text: 'see #4.7.2023-118', expected: [] },
  { name: 'amount with thousands separator', text: 'Invoice of 5.421,00 EUR', expected: [] },
  { name: 'two-part number', text: 'SLA 4.5 h, TLS 1.2', expected: [] },
  { name: 'four-digit detail', text: 'code 5.7.7501', expected: [] },
  { name: 'subject digit above 7', text: 'error 5.8.1 and 4.9.0', expected: [] },
  { name: 'success class 2', text: '250 2.0.0 OK queued as 7D3B92D1A23', expected: [] },
];

const CODES: readonly Case[] = [
  { name: '"550 5.7.750" gets smtp 550', text: '550 5.7.750 Service unavailable. Client blocked', expected: [{ smtp: '550', enhanced: '5.7.750' }] },
  {
    name: 'inside "Remote Server returned \'…\'"',
    text: "Remote Server returned '550 5.7.606 Access denied, banned sending IP [192.0.2.10]'",
    expected: [{ smtp: '550', enhanced: '5.7.606' }],
  },
  { name: '"#550 5.7.1" works', text: 'host mx.example.org said #550 5.7.1 relaying denied', expected: [{ smtp: '550', enhanced: '5.7.1' }] },
  { name: 'classic "#5.7.1" alone has no smtp', text: '<mx.example.org #5.7.1>', expected: [{ smtp: null, enhanced: '5.7.1' }] },
  {
    name: 'Exchange 2007 form: "#5.7.1 smtp;550 5.7.1" keeps the reply code',
    text: '<mx.example.org #5.7.1 smtp;550 5.7.1 Relaying denied>',
    expected: [{ smtp: '550', enhanced: '5.7.1' }],
  },
  {
    name: '4.7.650 with 451',
    text: "Remote Server returned '451 4.7.650 The mail server [198.51.100.23] has been temporarily rate limited due to IP reputation.'",
    expected: [{ smtp: '451', enhanced: '4.7.650' }],
  },
  { name: 'a code at the end of a sentence', text: 'The block code was 5.7.750.', expected: [{ smtp: null, enhanced: '5.7.750' }] },
  { name: 'a code at the very end of the text', text: 'Status code: 550 5.7.705', expected: [{ smtp: '550', enhanced: '5.7.705' }] },
  { name: 'multi-line reply "550-5.7.1"', text: '550-5.7.1 Unauthenticated email is not accepted', expected: [{ smtp: '550', enhanced: '5.7.1' }] },
  { name: 'reply class different from the enhanced class', text: '451 5.7.1 try later', expected: [{ smtp: null, enhanced: '5.7.1' }] },
  { name: 'leading zeros in the detail are dropped', text: '530 5.7.057 Client not authenticated', expected: [{ smtp: '530', enhanced: '5.7.57' }] },
  { name: 'full-width colon (zh-CN)', text: '状态代码：550 5.7.750', expected: [{ smtp: '550', enhanced: '5.7.750' }] },
  { name: 'trailing comma and parenthesis', text: 'codes (5.7.64, 5.7.1)', expected: [{ smtp: null, enhanced: '5.7.64' }, { smtp: null, enhanced: '5.7.1' }] },
];

const RANKING: readonly Case[] = [
  {
    name: '"Status: 5.7.705" outranks a plain mention before it',
    text: 'See 5.7.1 in the docs.\nStatus: 5.7.705',
    expected: [
      { smtp: null, enhanced: '5.7.705' },
      { smtp: null, enhanced: '5.7.1' },
    ],
  },
  {
    name: '"Status: 5.7.705" outranks "550 5.7.1"',
    text: "Remote Server returned '550 5.7.1 denied'\n\nFinal-Recipient: rfc822;a@example.org\nStatus: 5.7.705",
    expected: [
      { smtp: null, enhanced: '5.7.705' },
      { smtp: '550', enhanced: '5.7.1' },
    ],
  },
  {
    name: '"Status code: 550 5.7.705" outranks "550 5.7.1"',
    text: '550 5.7.1 something else\nStatus code: 550 5.7.705',
    expected: [
      { smtp: '550', enhanced: '5.7.705' },
      { smtp: '550', enhanced: '5.7.1' },
    ],
  },
  {
    name: 'a reply-code context outranks a Diagnostic-Code without one, which outranks a plain mention',
    text: 'mentioned 4.4.7 here\nDiagnostic-Code: X-Postfix; 5.1.1 unknown\nhost said: 550 5.7.1 denied',
    expected: [
      { smtp: '550', enhanced: '5.7.1' },
      { smtp: null, enhanced: '5.1.1' },
      { smtp: null, enhanced: '4.4.7' },
    ],
  },
  {
    name: 'the DSN status keeps the reply code seen in the text for the same code',
    text: "Remote Server returned '550 5.7.750 Service unavailable'\nStatus: 5.7.750",
    expected: [{ smtp: '550', enhanced: '5.7.750' }],
  },
  {
    name: 'equal context: the code seen more often first',
    text: 'about 5.7.1\nabout 4.4.7\nagain 4.4.7',
    expected: [
      { smtp: null, enhanced: '4.4.7' },
      { smtp: null, enhanced: '5.7.1' },
    ],
  },
  {
    name: 'equal context and count: the earlier code first',
    text: '550 5.7.64 first\n550 5.7.1 second',
    expected: [
      { smtp: '550', enhanced: '5.7.64' },
      { smtp: '550', enhanced: '5.7.1' },
    ],
  },
  {
    name: 'the real code among look-alikes',
    text: 'Ticket 4.4.2024 from 40.107.5.75 (build 15.20.7452.028)\nRemote Server returned \'550 5.7.606 Access denied\'\nSLA 4.5 h',
    expected: [{ smtp: '550', enhanced: '5.7.606' }],
  },
];

describe('findStatusCodes', () => {
  describe('numbers that are not status codes', () => {
    it.each(NOT_CODES)('$name', ({ text, expected }) => {
      expect(found(text)).toEqual(expected);
    });
  });

  describe('status codes', () => {
    it.each(CODES)('$name', ({ text, expected }) => {
      expect(found(text)).toEqual(expected);
    });
  });

  describe('ranking', () => {
    it.each(RANKING)('$name', ({ text, expected }) => {
      expect(found(text)).toEqual(expected);
    });
  });

  it('reports the trimmed line the best occurrence stood on', () => {
    const [code] = findStatusCodes('intro 5.7.705\n   Status code: 550 5.7.705   \nmore');
    expect(code).toMatchObject({ enhanced: '5.7.705', smtp: '550', line: 'Status code: 550 5.7.705' });
  });

  it('never reads an IPv4 address as a code', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        expect(findStatusCodes(`from ${a}.${b}.${c}.${d} and [${d}.${c}.${b}.${a}]: ${a}.${b}.${c}.${d}.`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never reads a day.month.year date or a four-part version as a code', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1990, max: 2099 }),
        fc.integer({ min: 0, max: 9999 }),
        (d, m, y, build) => {
          const pad = (n: number) => String(n).padStart(2, '0');
          expect(findStatusCodes(`on ${d}.${m}.${y}, ${pad(d)}.${pad(m)}.${y}. version ${m}.${d}.${y}.${build}`)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
