import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parseNdr } from '../../src/ndr/parseNdr';

const FIXTURES = join(__dirname, '..', 'fixtures', 'ndr');
const read = (file: string): Buffer => readFileSync(join(FIXTURES, file));

/**
 * What a person reading each NDR would write down. Every value here is written out by hand from the fixture text,
 * never computed by the code under test. Addresses are lower case (the parser's convention).
 */
interface FixtureCase {
  readonly file: string;
  /** The real status: what codes[0] must be. */
  readonly codes0: { readonly smtp: string | null; readonly enhanced: string };
  /** Every enhanced code the NDR carries, best first (each fixture holds one real status and many look-alikes). */
  readonly allCodes: readonly string[];
  readonly recipients: readonly string[];
  readonly sender: string | null;
  readonly senderDomain: string | null;
  readonly generatingServer: string | null;
  /** Content-Language when the NDR has one, else the language of its labels, else null. */
  readonly language: string | null;
  /** Only where the NDR states the time with a zone (DSN Arrival-Date or the returned Date header). */
  readonly arrivalTime?: string;
  readonly diagnosticContains: string;
}

const CASES: readonly FixtureCase[] = [
  {
    // Classic layout, French, ISO-8859-1 quoted-printable, NBSP before the colons; DSN + text/rfc822-headers.
    file: 'fr-5.7.750.eml',
    codes0: { smtp: '550', enhanced: '5.7.750' },
    allCodes: ['5.7.750'],
    recipients: ['julien.robert@example.org'],
    sender: 'paie@rh.fabrikam.fr',
    senderDomain: 'rh.fabrikam.fr',
    generatingServer: 'PA4PR09MB1234.eurprd09.prod.outlook.com',
    language: 'fr-FR',
    arrivalTime: '2024-04-04T09:12:45.000Z',
    diagnosticContains: 'Client blocked from sending from unregistered domains',
  },
  {
    // Newer layout pasted from Outlook (From/Sent/To/Subject block on top), no DSN.
    file: 'en-5.7.705-newlayout.txt',
    codes0: { smtp: '550', enhanced: '5.7.705' },
    allCodes: ['5.7.705'],
    recipients: ['nestor.wilke@example.org'],
    sender: 'megan.bowen@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'DM6PR11MB4321.namprd11.prod.outlook.com',
    language: 'en',
    arrivalTime: '2024-04-04T10:02:51.000Z',
    diagnosticContains: 'tenant has exceeded threshold',
  },
  {
    // Newer layout in German, UTF-8 base64 body, returned message as message/rfc822.
    file: 'de-5.7.708.eml',
    codes0: { smtp: '550', enhanced: '5.7.708' },
    allCodes: ['5.7.708'],
    recipients: ['lena.vogel@example.org'],
    sender: 'thomas.becker@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'FR3P281MB0123.DEUP281.PROD.OUTLOOK.COM',
    language: 'de-DE',
    arrivalTime: '2024-04-04T11:20:33.000Z',
    diagnosticContains: 'traffic not accepted from this IP',
  },
  {
    // Classic layout in Italian, multipart/alternative, CRLF line endings.
    file: 'it-5.7.711.eml',
    codes0: { smtp: '550', enhanced: '5.7.711' },
    allCodes: ['5.7.711'],
    recipients: ['marco.rossi@example.org'],
    sender: 'giulia.bianchi@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'VI1P190MB0777.EURP190.PROD.OUTLOOK.COM',
    language: 'it-IT',
    arrivalTime: '2024-04-04T14:05:11.000Z',
    diagnosticContains: 'bad inbound connector',
  },
  {
    // Newer layout in Japanese, pasted; no zone on the dates, so no arrivalTime is asserted.
    file: 'ja-5.1.8.txt',
    codes0: { smtp: '550', enhanced: '5.1.8' },
    allCodes: ['5.1.8'],
    recipients: ['lisa.tanaka@example.org'],
    sender: 'kenji.sato@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'TYCPR01MB8765.jpnprd01.prod.outlook.com',
    language: 'ja',
    diagnosticContains: 'bad outbound sender',
  },
  {
    // Newer layout in Simplified Chinese, pasted, full-width colons.
    file: 'zh-CN-5.7.750.txt',
    codes0: { smtp: '550', enhanced: '5.7.750' },
    allCodes: ['5.7.750'],
    recipients: ['wang.fang@example.org'],
    sender: 'li.wei@mail.contoso.com',
    senderDomain: 'mail.contoso.com',
    generatingServer: 'SG2PR06MB5678.apcprd06.prod.outlook.com',
    language: 'zh-CN',
    diagnosticContains: 'Client blocked from sending from unregistered domains',
  },
  {
    // Newer layout in Spanish, HTML only (quoted-printable), no Content-Language header: language from the labels.
    file: 'es-5.7.233.eml',
    codes0: { smtp: '550', enhanced: '5.7.233' },
    allCodes: ['5.7.233'],
    recipients: ['maria.lopez@example.org'],
    sender: 'carlos.garcia@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'MAD0P190MB1234.EURP190.PROD.OUTLOOK.COM',
    language: 'es',
    arrivalTime: '2024-04-04T15:41:07.000Z',
    diagnosticContains: 'tenant external recipient rate limit',
  },
  {
    // Newer layout in Portuguese, pasted from Notepad: Windows-1252 bytes, CRLF, day-first Created Date (tested below).
    file: 'pt-5.1.90.txt',
    codes0: { smtp: '550', enhanced: '5.1.90' },
    allCodes: ['5.1.90'],
    recipients: ['ana.souza@example.org'],
    sender: 'pedro.alves@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'CP6P284MB2345.BRAP284.PROD.OUTLOOK.COM',
    language: 'pt',
    diagnosticContains: 'daily limit for message recipients',
  },
  {
    // A printer's scan-to-mail job log, not an NDR. 530 5.7.57 is refused at MAIL FROM, before any RCPT TO, so no
    // recipient failed; no labels, so no language and no generating server.
    file: 'en-5.7.57-printer.txt',
    codes0: { smtp: '530', enhanced: '5.7.57' },
    allCodes: ['5.7.57'],
    recipients: [],
    sender: 'scanner@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: null,
    language: null,
    diagnosticContains: 'Client not authenticated to send mail',
  },
  {
    // Classic delay notification ("Delivery is delayed to these recipients or groups").
    file: 'en-4.7.650-deferred.txt',
    codes0: { smtp: '451', enhanced: '4.7.650' },
    allCodes: ['4.7.650'],
    recipients: ['ana.silva@example.org'],
    sender: 'oliver.grant@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'DB9PR07MB7340.eurprd07.prod.outlook.com',
    language: 'en',
    arrivalTime: '2024-04-04T07:20:03.000Z',
    diagnosticContains: 'temporarily rate limited due to IP reputation',
  },
  {
    // Postfix bounce, unknown mailbox: no Exchange labels, so the server is the DSN's Reporting-MTA and no language.
    file: 'en-5.1.1-out-of-scope.eml',
    codes0: { smtp: '550', enhanced: '5.1.1' },
    allCodes: ['5.1.1'],
    recipients: ['bob.smith@example.org'],
    sender: 'dana.lee@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'mx1.example.org',
    language: null,
    arrivalTime: '2024-04-04T10:30:01.000Z',
    diagnosticContains: 'User unknown',
  },
  {
    // On-premises Exchange NDR with CR-only line endings; "5.4.2024" in the subject is a date.
    file: 'cr-only-5.7.64.eml',
    codes0: { smtp: '550', enhanced: '5.7.64' },
    allCodes: ['5.7.64'],
    recipients: ['sam.taylor@example.org'],
    sender: 'robin.kline@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'EX01.corp.contoso.com',
    language: 'en-US',
    arrivalTime: '2024-04-04T07:45:08.000Z',
    diagnosticContains: 'TenantAttribution; Relay Access Denied',
  },
  {
    // Helpdesk ticket full of IPs, versions, dates and ticket numbers around one real status line.
    file: 'confusers.txt',
    codes0: { smtp: '550', enhanced: '5.7.606' },
    allCodes: ['5.7.606'],
    recipients: [],
    sender: null,
    senderDomain: null,
    generatingServer: null,
    language: null,
    diagnosticContains: 'banned sending IP [192.0.2.10]',
  },
  {
    // Two failed recipients; the mailto link and the DSN write the first one with capitals; delist@… in the
    // diagnostic is not a recipient.
    file: 'en-5.7.511-two-recipients.eml',
    codes0: { smtp: '550', enhanced: '5.7.511' },
    allCodes: ['5.7.511'],
    recipients: ['paul.ngo@example.org', 'sales@example.org'],
    sender: 'priya.raman@contoso.com',
    senderDomain: 'contoso.com',
    generatingServer: 'EXCH02.contoso.com',
    language: 'en',
    arrivalTime: '2024-04-04T15:02:11.000Z',
    diagnosticContains: 'banned sender [192.0.2.77]',
  },
];

describe('parseNdr on the NDR fixtures', () => {
  it('has a table row for every fixture file and a fixture file for every row', () => {
    const files = readdirSync(FIXTURES).filter((f) => !f.startsWith('.')).sort();
    expect(CASES.map((c) => c.file).sort()).toEqual(files);
  });

  it.each(CASES)('$file', async (c) => {
    const facts = await parseNdr(read(c.file));

    expect(facts.codes[0]).toBeDefined();
    expect({ smtp: facts.codes[0]!.smtp, enhanced: facts.codes[0]!.enhanced }).toEqual(c.codes0);
    expect(facts.codes.map((x) => x.enhanced)).toEqual(c.allCodes);
    expect(facts.recipients).toEqual(c.recipients);
    expect(facts.sender).toBe(c.sender);
    expect(facts.senderDomain).toBe(c.senderDomain);
    expect(facts.generatingServer).toBe(c.generatingServer);
    expect(facts.language).toBe(c.language);
    if (c.arrivalTime !== undefined) expect(facts.arrivalTime).toBe(c.arrivalTime);
    expect(facts.diagnostic).toContain(c.diagnosticContains);
    expect(facts.truncated).toBe(false);
    // Every failed recipient carries the NDR's status.
    expect(facts.failures.map((f) => f.recipient)).toEqual(c.recipients);
    for (const f of facts.failures) expect(f.enhanced).toBe(c.codes0.enhanced);
  });

  it('confusers.txt: the only status code found is 5.7.606', async () => {
    const facts = await parseNdr(read('confusers.txt'));
    expect(facts.codes).toHaveLength(1);
    expect(facts.codes[0]).toMatchObject({ smtp: '550', enhanced: '5.7.606' });
  });

  it('gives the same facts for a fixture passed as a string as for its bytes (UTF-8 fixture)', async () => {
    const bytes = read('ja-5.1.8.txt');
    const fromBytes = await parseNdr(bytes);
    const fromString = await parseNdr(bytes.toString('utf8'));
    expect(fromString).toEqual(fromBytes);
  });

  // The Created Date of the newer layout is UTC written in the NDR's locale; pt-BR writes the day first.
  it('pt-5.1.90.txt: arrivalTime from the day-first Created Date "17/04/2024 14:22:10"', async () => {
    const facts = await parseNdr(read('pt-5.1.90.txt'));
    expect(facts.arrivalTime).toBe('2024-04-17T14:22:10.000Z');
  });
});

/** The fixtures are byte-exact on purpose; these guard against an editor or git rewriting them. */
describe('NDR fixture bytes', () => {
  const countLf = (b: Buffer) => b.filter((x) => x === 0x0a).length;
  const countCrLf = (b: Buffer) => b.toString('latin1').split('\r\n').length - 1;
  const isUtf8 = (b: Buffer) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  };

  it('it-5.7.711.eml has CRLF line endings only', () => {
    const b = read('it-5.7.711.eml');
    expect(countLf(b)).toBeGreaterThan(50);
    expect(countCrLf(b)).toBe(countLf(b));
    expect(b.filter((x) => x === 0x0d).length).toBe(countLf(b));
  });

  it('cr-only-5.7.64.eml has CR line endings only', () => {
    const b = read('cr-only-5.7.64.eml');
    expect(countLf(b)).toBe(0);
    expect(b.filter((x) => x === 0x0d).length).toBeGreaterThan(50);
  });

  it('pt-5.1.90.txt is Windows-1252 (not UTF-8) with CRLF line endings', () => {
    const b = read('pt-5.1.90.txt');
    expect(isUtf8(b)).toBe(false);
    expect(b.includes(Buffer.from('n\xe3o p\xf4de', 'latin1'))).toBe(true);
    expect(countCrLf(b)).toBe(countLf(b));
  });

  it('fr-5.7.750.eml is ISO-8859-1 quoted-printable', () => {
    const text = read('fr-5.7.750.eml').toString('latin1');
    expect(text).toContain('charset="iso-8859-1"');
    expect(text).toContain('=C9chec de la remise');
    expect(text).not.toMatch(/[\x80-\xff]/);
  });

  it('de-5.7.708.eml has a base64 UTF-8 body', () => {
    const text = read('de-5.7.708.eml').toString('utf8');
    expect(text).toMatch(/charset="utf-8"\nContent-Transfer-Encoding: base64\n\n[A-Za-z0-9+/]{76}\n/);
  });

  it.each(['fr-5.7.750.eml', 'de-5.7.708.eml', 'es-5.7.233.eml', 'en-5.1.1-out-of-scope.eml', 'ja-5.1.8.txt', 'confusers.txt'])(
    '%s has LF line endings only',
    (file) => {
      expect(read(file).includes(0x0d)).toBe(false);
    },
  );
});
