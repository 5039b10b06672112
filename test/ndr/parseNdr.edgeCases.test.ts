import { parseNdr } from '../../src/ndr/parseNdr';

/**
 * Edge cases that once broke the parser, each with a control input next to it that always worked.
 */

describe('parseNdr: edge cases', () => {
  describe('"Your message to X couldn\'t be delivered" in Italian and Spanish keeps the recipient', () => {
    // The sentence ends right after the address: its full stop must not cut the domain ("maria.lopez@example").
    const es = 'No se pudo entregar su mensaje a maria.lopez@example.org.\n\nCódigo de estado: 550 5.7.233\n';
    const it_ = 'Impossibile recapitare il messaggio a marco.rossi@example.org.\n\nCodice di stato: 550 5.7.711\n';

    it('es: the recipient of a pasted Spanish NDR', async () => {
      expect((await parseNdr(es)).recipients).toEqual(['maria.lopez@example.org']);
    });

    it('it: the recipient of a pasted Italian NDR', async () => {
      expect((await parseNdr(it_)).recipients).toEqual(['marco.rossi@example.org']);
    });

    it('control: the same sentence in English and Portuguese', async () => {
      const en = "Your message to nestor.wilke@example.org couldn't be delivered.\n\nStatus code: 550 5.7.705\n";
      const pt = 'Sua mensagem para ana.souza@example.org não pôde ser entregue.\n\nCódigo de status: 550 5.1.90\n';
      expect((await parseNdr(en)).recipients).toEqual(['nestor.wilke@example.org']);
      expect((await parseNdr(pt)).recipients).toEqual(['ana.souza@example.org']);
    });
  });

  describe('a UTF-8 input cut by maxBytes inside a character stays UTF-8', () => {
    // The clipped buffer ends in half a character; that alone must not make the whole text Windows-1252.
    const ja = Buffer.from(
      [
        'lisa.tanaka@example.org へのメッセージを配信できませんでした。',
        'メール管理者向けの詳細情報',
        '状態コード: 550 5.1.8',
        '送信者のアドレス: kenji.sato@contoso.com',
        '受信者のアドレス: lisa.tanaka@example.org',
        'DSN 生成元: TYCPR01MB8765.jpnprd01.prod.outlook.com',
        'メッセージ ホップ',
      ].join('\n'),
      'utf8',
    );
    // "プ" is 3 bytes; stop after its first byte.
    const cut = ja.length - 2;

    it('keeps the labels of the part that was read', async () => {
      const facts = await parseNdr(ja, { maxBytes: cut });
      expect(facts.truncated).toBe(true);
      expect(facts.language).toBe('ja');
      expect(facts.generatingServer).toBe('TYCPR01MB8765.jpnprd01.prod.outlook.com');
      expect(facts.recipients).toEqual(['lisa.tanaka@example.org']);
    });

    it('control: cut on a character boundary', async () => {
      const facts = await parseNdr(ja, { maxBytes: ja.length - 3 });
      expect(facts.truncated).toBe(true);
      expect(facts.language).toBe('ja');
      expect(facts.generatingServer).toBe('TYCPR01MB8765.jpnprd01.prod.outlook.com');
      expect(facts.recipients).toEqual(['lisa.tanaka@example.org']);
    });
  });

  describe('HTML-only NDRs: named and numeric character references are decoded', () => {
    const html = (server: string) =>
      [
        'From: postmaster@fabrikam.fr',
        'To: claire.martin@fabrikam.fr',
        'Subject: Non remis',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        '',
        `<p>${server}&nbsp;: PA4PR09MB1234.eurprd09.prod.outlook.com</p>`,
        '<p>Remote Server returned &#39;550 5.7.750 Service unavailable&#39;</p>',
        '',
      ].join('\n');

    it('named entity: "Serveur de g&eacute;n&eacute;ration"', async () => {
      expect((await parseNdr(html('Serveur de g&eacute;n&eacute;ration'))).generatingServer).toBe('PA4PR09MB1234.eurprd09.prod.outlook.com');
    });

    it('numeric entity: "Serveur de g&#233;n&#233;ration"', async () => {
      expect((await parseNdr(html('Serveur de g&#233;n&#233;ration'))).generatingServer).toBe('PA4PR09MB1234.eurprd09.prod.outlook.com');
    });

    it('control: the same NDR with the accents as characters', async () => {
      expect((await parseNdr(html('Serveur de génération'))).generatingServer).toBe('PA4PR09MB1234.eurprd09.prod.outlook.com');
    });
  });

  describe('"Created Date" in the day/month order of the NDR language', () => {
    // The newer layout writes the date in the NDR's locale, without a zone: "17/04/2024" and "04/05/2024" are
    // day first in pt-BR.
    const pt = (date: string) =>
      ['Código de status: 550 5.1.90', 'Detalhes da mensagem original', `Data de criação:    ${date}`, ''].join('\n');

    it('day-first date with day > 12 ("17/04/2024 14:22:10", pt-BR)', async () => {
      expect((await parseNdr(pt('17/04/2024 14:22:10'))).arrivalTime).toBe('2024-04-17T14:22:10.000Z');
    });

    it('day-first date with day <= 12 ("04/05/2024 14:22:10" is 4 May in pt-BR)', async () => {
      expect((await parseNdr(pt('04/05/2024 14:22:10'))).arrivalTime).toBe('2024-05-04T14:22:10.000Z');
    });
  });

  describe('Windows-1252 text', () => {
    const cp1252 = (s: string) => Buffer.from(s.replace(/\u2019/g, '\x92'), 'latin1');
    const body = 'Your message to nestor.wilke@example.org couldn\u2019t be delivered.\r\n\r\nStatus code: 550 5.7.705\r\n';

    // Some Node releases decode 0x80–0x9F of Windows-1252 like ISO-8859-1; the parser decodes them by table.
    it('pasted text with a curly apostrophe (0x92)', async () => {
      expect((await parseNdr(cp1252(body))).recipients).toEqual(['nestor.wilke@example.org']);
    });

    // An English paste from Outlook starts with From:/Sent:/To:/Subject:, so it takes the MIME path; with no
    // charset declared, the Windows-1252 bytes must still not become "couldn\uFFFDt".
    it('pasted text with a curly apostrophe after an Outlook header block', async () => {
      const head =
        'From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>\r\n' +
        'Sent: Thursday, April 4, 2024 10:03 AM\r\n' +
        'To: Megan Bowen <megan.bowen@contoso.com>\r\n' +
        'Subject: Undeliverable: Contract renewal\r\n\r\n';
      const facts = await parseNdr(cp1252(head + body));
      expect(facts.readableText).toContain('couldn\u2019t be delivered');
      expect(facts.recipients).toEqual(['nestor.wilke@example.org']);
    });
  });

  describe('legacy Exchange layouts', () => {
    // Exchange 2003 / Outlook word the list "The following recipient(s) could not be reached:", followed by the
    // same "user@host on <date>" lines as Exchange 2000's "did not reach the following recipient(s):".
    const layout = (intro: string) =>
      [
        'Your message',
        '',
        '      To:      Bob Smith',
        '      Subject: Meeting notes',
        '      Sent:    Thu, 4 Apr 2024 09:00:00 +0000',
        '',
        intro,
        '',
        '      bob.smith@example.org on Thu, 4 Apr 2024 09:00:05 +0000',
        '            The e-mail account does not exist at the organization this message was sent to.',
        '            <mx1.example.org #5.1.1>',
        '',
      ].join('\n');

    it('Exchange 2003: "The following recipient(s) could not be reached:"', async () => {
      expect((await parseNdr(layout('The following recipient(s) could not be reached:'))).recipients).toEqual(['bob.smith@example.org']);
    });

    it('control: Exchange 2000 "did not reach the following recipient(s):"', async () => {
      expect((await parseNdr(layout('did not reach the following recipient(s):'))).recipients).toEqual(['bob.smith@example.org']);
    });
  });

  describe('long lines', () => {
    // A long run of address-like characters without "@" must not make address matching quadratic
    // (quadratic matching would take minutes here and hit the test's time-out; bench:triage measures the time).
    it('parses a status line followed by a 400 000-character token', async () => {
      const facts = await parseNdr('550 5.7.1 ' + 'A'.repeat(400_000) + '\nsee bob@example.org');
      expect(facts.codes[0]).toMatchObject({ enhanced: '5.7.1' });
    }, 60_000);
  });
});

describe('parseNdr: a DSN Status is an enhanced status code of at most three digits a part', () => {
  const dsn = (status: string) =>
    [
      'From: postmaster@contoso.com', 'To: a@contoso.com', 'Subject: Undeliverable: x', 'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'Delivery has failed.', '',
      '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns;mx.contoso.com', '',
      'Final-Recipient: rfc822;bob@example.org', 'Action: failed', `Status: ${status}`, 'Diagnostic-Code: smtp;550 5.1.1 User unknown', '',
      '--b--', '',
    ].join('\r\n');

  it('takes "5.7.750" from the Status field', async () => {
    expect((await parseNdr(dsn('5.7.750'))).failures[0]).toMatchObject({ recipient: 'bob@example.org', enhanced: '5.7.750' });
  });

  it('passes over "5.7.7501" and reads the code from the diagnostic', async () => {
    expect((await parseNdr(dsn('5.7.7501'))).failures[0]).toMatchObject({ recipient: 'bob@example.org', enhanced: '5.1.1', smtp: '550' });
  });
});
