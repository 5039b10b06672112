import { triage, type TriageResult } from '../../src/recognize/triage';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

/** The one answer a support tool must never give: a block, stated as sure. */
const confidentBlock = (r: TriageResult) => r.block !== null && !r.needsConfirmation;

/**
 * Replies other servers write, some with codes that Exchange Online also uses for its sending blocks.
 * Written from the public formats of those servers (addresses and IPs are documentation examples).
 */
const OTHER_SERVERS: readonly (readonly [string, string])[] = [
  ['Postfix', 'host mx.example.net[203.0.113.5] said: 550 5.1.8 <ann@contoso.com>: Sender address rejected: Domain not found (in reply to RCPT TO command)'],
  ['Postfix', '450 4.1.8 <ann@contoso.local>: Sender address rejected: Domain not found'],
  ['Postfix', '554 5.7.1 <bob@example.net>: Relay access denied'],
  ['Postfix', '550 5.7.23 <bob@example.org>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=ann@contoso.com;ip=203.0.113.9'],
  ['Postfix', 'host mail.example.org[198.51.100.20] said: 550 5.4.1 <bob@example.org>: Recipient address rejected: Access denied (in reply to RCPT TO command)'],
  ['Postfix', '550 5.7.1 <ann@contoso.com>: Helo command rejected: Host not found'],
  ['Postfix', '451 4.7.1 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html'],
  ['Postfix', 'host mx.example.net[203.0.113.5] said: 550 5.7.57 <ann@contoso.com>: Sender address rejected: not logged in (in reply to MAIL FROM command)'],
  ['Exim', 'SMTP error from remote mail server after RCPT TO:<bob@example.org>: 550 5.7.1 Relaying denied'],
  ['Exim', 'SMTP error from remote mail server after MAIL FROM:<ann@contoso.com> SIZE=2048: 550 5.1.8 Cannot resolve your domain'],
  ['Exim', 'SMTP error from remote mail server after end of data: 550 5.7.0 Message rejected: spam score too high'],
  ['Exim', 'SMTP error from remote mail server after RCPT TO:<bob@example.org>: 550 5.7.23 SPF check failed'],
  ['Exim', 'SMTP error from remote mail server after RCPT TO:<bob@example.org>: 451 4.7.500 Temporary local problem, please try again later'],
  ['Gmail', '550-5.7.1 [203.0.113.9] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp'],
  ['Gmail', '421-4.7.0 [203.0.113.9] Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp'],
  ['Gmail', '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp'],
  ['Gmail', '535-5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials - gsmtp'],
  ['Gmail', '550-5.7.606 [203.0.113.9] Messages from this IP are blocked by policy. https://support.google.com/mail/answer/81126 - gsmtp'],
  ['Sendmail', '... while talking to mx.example.org.:\n>>> MAIL From:<ann@contoso.com>\n<<< 553 5.1.8 <ann@contoso.com>... Domain of sender address ann@contoso.com does not exist'],
  ['Sendmail', '550 5.7.1 <bob@example.org>... Relaying denied. IP name lookup failed [203.0.113.9]'],
  ['Sendmail', '553 5.1.8 <ann@contoso.local>... Domain of sender address ann@contoso.local does not exist'],
  ['Mimecast', '550 5.7.1 Rejected by header based Anti-Spoofing policy: bob@example.org - https://community.mimecast.com/docs/DOC-1369#550'],
  ['Mimecast', '554 5.7.1 [MCSpamSignature.ab12] Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554'],
  ['Mimecast', '550 5.7.511 Access denied, sender blocked by Mimecast policy - https://community.mimecast.com/docs/DOC-1369#550'],
  ['Proofpoint', '554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=203.0.113.9'],
  ['Proofpoint', '554 5.7.1 <bob@example.org>: Recipient address rejected: Access denied. mx0a-00123456.pphosted.com'],
  ['Proofpoint', '550 5.7.501 Message rejected by policy - mx0b-00123456.pphosted.com'],
  ['Spamhaus', '554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.9'],
  ['Spamhaus', '550 5.7.606 Rejected: 203.0.113.9 listed at zen.spamhaus.org'],
  ['Barracuda', '554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?pr=1&ip=203.0.113.9'],
  ['Outlook.com', '550 5.5.0 Requested action not taken: mailbox unavailable (exceeded sending limit)'],
  ['Outlook.com', '554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message WASCL UserAction verdict is not None. Actual verdict is RefusedQuota.'],
  ['Outlook.com', "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients. OutboundSpamException"],
  ['Yahoo', '553 5.7.2 [TSS09] All messages from 203.0.113.9 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes'],
  ['Yahoo', '421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred due to unexpected volume or user complaints; see https://postmaster.yahooinc.com/error-codes'],
];

describe('a reply another server wrote never decides a block', () => {
  const deps = triageDeps();

  it('has a table of at least 30 lines', () => {
    expect(OTHER_SERVERS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(OTHER_SERVERS)('%s: %s', async (_server, line) => {
    const r = await triage(line, deps);
    expect(confidentBlock(r)).toBe(false);
    expect(r.confidence === 1 && r.block !== null).toBe(false);
  });

  it('explains Postfix\'s 5.1.8 as what it is, in the asked language, and names the server', async () => {
    const r = await triage('550 5.1.8 <ann@contoso.com>: Sender address rejected: Domain not found', deps, { locale: 'fr' });
    expect(r).toMatchObject({ block: null, decidedBy: 'code', source: 'other', sourceHost: 'Postfix' });
    expect(r.outOfScope).toMatchObject({ code: '5.1.8', server: 'Postfix' });
    expect(r.outOfScope!.explanation).toContain('locataire');
    expect(r.outOfScope!.explanation).not.toMatch(/tenant/i);
  });

  it('keeps a block code another server wrote as a guess to confirm, never above 0.4', async () => {
    const r = await triage('SMTP error from remote mail server after MAIL FROM:<ann@contoso.com>: 550 5.1.8 Cannot resolve your domain', deps);
    expect(r).toMatchObject({ block: '5.1.8', needsConfirmation: true, source: 'other', sourceHost: 'Exim' });
    expect(r.confidence).toBeLessThanOrEqual(0.4);
  });

  it.each([
    ['535 5.7.3 Authentication unsuccessful [DM6PR11CA0001.namprd11.prod.outlook.com]', '5.7.3'],
    ['504 5.7.4 Unrecognized authentication type [AM0PR01CA0001.eurprd01.prod.outlook.com]', '5.7.4'],
    ['550 5.7.60 SMTP; Client does not have permissions to send as this sender', '5.7.60'],
    ['554 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour', '5.2.122'],
    ['451 4.7.3 Temporary server error. Please try again later', '4.7.3'],
    ['421 4.7.0 TLS handshake failed', '4.7.0'],
  ])('explains the look-alike %s', async (line, code) => {
    const r = await triage(line, deps, { locale: 'it' });
    expect(r.block).toBeNull();
    expect(r.outOfScope?.code).toBe(code);
    expect(r.outOfScope?.explanation).toMatch(/blocco dell'invio/);
  });
});

describe('who wrote the reply', () => {
  const deps = triageDeps();

  it('is Microsoft when the block\'s own wording stands next to the code', async () => {
    const r = await triage('Remote Server returned 550 5.7.712 Access denied, tenant has exceeded threshold', deps);
    expect(r).toMatchObject({ block: '5.7.705', confidence: 1, needsConfirmation: false, source: 'microsoft' });
  });

  it('is Microsoft with the Exchange Online host that wrote it', async () => {
    const text = [
      'Delivery has failed to these recipients or groups:',
      'bob@fabrikam.com',
      'Diagnostic information for administrators:',
      'Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com',
      "Remote Server returned '550 5.7.750 Client blocked'",
    ].join('\n');
    const r = await triage(text, deps);
    expect(r).toMatchObject({ block: '5.7.750', needsConfirmation: false, source: 'microsoft', sourceHost: 'am0pr01mb1234.eurprd01.prod.outlook.com' });
  });

  it('is unknown for a bare code: believed for a code only Microsoft uses, confirmed for a registered one', async () => {
    const distinctive = await triage('we got 5.7.232 when mailing customers', deps);
    expect(distinctive).toMatchObject({ block: '5.7.233', source: 'unknown', needsConfirmation: false });
    expect(distinctive.confidence).toBeLessThan(1);
    const registered = await triage('the bounce said 550 5.1.8', deps);
    expect(registered).toMatchObject({ block: '5.1.8', source: 'unknown', needsConfirmation: true });
  });

  it.each([
    'our Postfix relay gets 550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains',
    "users can't send to gmail anymore, the NDR says 550 5.7.750",
    'mail through our Mimecast outbound gateway bounces with 5.7.705',
  ])('is not another server because a user names one next to a code only Microsoft uses: %s', async (text) => {
    const r = await triage(text, deps);
    expect(r.source).not.toBe('other');
    expect(r.needsConfirmation).toBe(false);
  });

  it('is the remote server when Exchange Online only relays its rejection', async () => {
    const relayed = (host: string, reply: string) =>
      [
        "Your message to bob@fabrikam.com couldn't be delivered.",
        `${host} rejected your message to the following email addresses:`,
        'bob@fabrikam.com',
        `${host} gave this error:`,
        reply,
        'Diagnostic information for administrators:',
        'Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com',
        `Remote Server returned '${reply}'`,
      ].join('\n');
    const remote = await triage(relayed('mx.fabrikam.com', '550 5.4.1 Recipient address rejected: Access denied'), deps);
    expect(remote).toMatchObject({ block: '5.4.1', needsConfirmation: true, source: 'other', sourceHost: 'mx.fabrikam.com' });
    const microsoft = await triage(relayed('fabrikam-com.mail.protection.outlook.com', '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'), deps);
    expect(microsoft).toMatchObject({ block: '5.4.1', confidence: 1, needsConfirmation: false, source: 'microsoft' });
  });

  it('is Microsoft for an AS(…) marker next to a code every server may write', async () => {
    const r = await triage('550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [SN1NAM02FT0001.eop-nam02.prod.protection.outlook.com]', deps);
    expect(r).toMatchObject({ block: '5.4.1', confidence: 1, needsConfirmation: false, source: 'microsoft' });
  });
});

/** A Defender alert notification as it reaches the admins' mailbox, in one of the portal's languages. */
function alertMail(subjectWord: string, name: string, body: string): string {
  return [
    'From: Microsoft Security <security-noreply@microsoft.com>',
    `Subject: ${subjectWord}: ${name}`,
    '',
    name,
    body,
    'Severity: High',
    'User: ann@contoso.com',
    'https://security.microsoft.com/alerts',
  ].join('\n');
}

describe('a Defender alert notification pasted as it came', () => {
  const deps = triageDeps();

  it.each([
    ['en', 'Alert', 'User restricted from sending email', 'A high-severity alert has been triggered.', '5.1.8'],
    ['en', 'Alert', 'Tenant restricted from sending email', 'A high-severity alert has been triggered.', '5.7.705'],
    ['en', 'Alert', 'Tenant restricted from sending unprovisioned email', 'A high-severity alert has been triggered.', '5.7.750'],
    ['en', 'Alert', 'Suspicious connector activity', 'A high-severity alert has been triggered.', '5.7.711'],
    ['fr', 'Alerte', "Utilisateur restreint pour l'envoi de courrier", 'Une alerte de gravité élevée a été déclenchée.', '5.1.8'],
    ['fr', 'Alerte', "Locataire restreint pour l'envoi de courrier", 'Une alerte de gravité élevée a été déclenchée.', '5.7.705'],
    ['fr', 'Alerte', 'Activité suspecte du connecteur', 'Une alerte de gravité élevée a été déclenchée.', '5.7.711'],
    ['it', 'Avviso', "Utente con restrizioni per l'invio di posta elettronica", 'È stato attivato un avviso di gravità elevata.', '5.1.8'],
    ['it', 'Avviso', "Tenant con restrizioni per l'invio di posta elettronica non sottoposta a provisioning", 'È stato attivato un avviso di gravità elevata.', '5.7.750'],
    ['zh-CN', '警报', '用户被限制发送电子邮件', '已触发高严重性警报。', '5.1.8'],
    ['zh-CN', '警报', '租户被限制发送电子邮件', '已触发高严重性警报。', '5.7.705'],
    ['zh-CN', '警报', '可疑的连接器活动', '已触发高严重性警报。', '5.7.711'],
  ])('%s: %s: %s → %s', async (_locale, word, name, body, block) => {
    const r = await triage(alertMail(word, name, body), deps);
    expect(r).toMatchObject({ block, decidedBy: 'alert', needsConfirmation: false });
  });

  it('answers "Email sending limit exceeded" with the tenant limit, the user limit as the alternative, to confirm', async () => {
    for (const name of ['Email sending limit exceeded', "Limite d'envoi de courrier dépassée", 'Limite di invio della posta elettronica superato', '超过电子邮件发送限制']) {
      const r = await triage(alertMail('Alert', name, ''), deps);
      expect(r).toMatchObject({ block: '5.7.233', decidedBy: 'alert', needsConfirmation: true });
      expect(r.alternatives.map((a) => a.block)).toEqual(['5.1.90']);
    }
  });

  it('asks to confirm when an alert is only named in a question', async () => {
    const r = await triage('should we keep the Suspicious connector activity policy turned on?', deps);
    expect(confidentBlock(r)).toBe(false);
  });
});

describe('a bounce far down a long ticket', () => {
  const deps = triageDeps();
  const ndr = [
    'Delivery has failed to these recipients or groups:',
    'bob@fabrikam.com',
    'Diagnostic information for administrators:',
    'Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com',
    "Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
  ].join('\n');
  const chatter = (bytes: number) => 'Following up on the ticket from last week, any news on this?\n'.repeat(Math.ceil(bytes / 62));

  it('is found after more than 512 KiB of other text', async () => {
    const r = await triage(`${chatter(600 * 1024)}${ndr}\n`, deps);
    expect(r).toMatchObject({ block: '5.7.750', truncated: true, source: 'microsoft' });
  });

  it('is found in bytes too', async () => {
    const r = await triage(new TextEncoder().encode(`${chatter(700 * 1024)}${ndr}\n`), deps);
    expect(r.block).toBe('5.7.750');
  });

  it('beyond what is scanned: the answer says so and is to confirm, not a sure "nothing"', async () => {
    const r = await triage(`${chatter(200 * 1024)}${ndr}\n`, deps, { maxBytes: 4096 });
    expect(r.truncated).toBe(true);
    expect(r.needsConfirmation).toBe(true);
    expect(r.confidence).toBeLessThanOrEqual(0.5);
  });
});

describe('questions that share words with blocks but are no block', () => {
  const deps = triageDeps();

  it.each([
    'my mailbox is full, I cannot receive anything anymore',
    'how can I add a second alias address to my mailbox?',
    'we want to plan SPF and DKIM records before moving our domain',
    'please set up forwarding of internal mail from the reception mailbox to my mailbox',
    'my Outlook.com account hit its limit for today',
    'ma boîte aux lettres est pleine, je ne peux plus rien recevoir',
    'come aggiungo un alias al mio indirizzo?',
    '我的 Outlook.com 个人帐户今天达到了发送上限',
  ])('%s', async (text) => {
    const r = await triage(text, deps);
    expect(r.block).toBeNull();
  });
});

describe('old Exchange bounces without any status code', () => {
  const deps = triageDeps();
  const exchange2003 = [
    'From: System Administrator <postmaster@example.jp>',
    'To: ann@contoso.com',
    'Subject: Undeliverable: quarterly report',
    'X-Mailer: Internet Mail Service (5.5.1960.3)',
    '',
    'Your message',
    '',
    '  To:      bob@example.jp',
    '  Subject: quarterly report',
    '',
    'did not reach the following recipient(s):',
    '',
    'bob@example.jp on Thu, 29 Apr 2010 00:00:00 -0000',
    '    The recipient name is not recognized',
    '    MSEXCH:IMS:NNN:EXAMPLE:MAIL 0 (000C05A6)',
    'Unknown Recipient',
  ].join('\n');

  it('are no sure block, and are read as English', async () => {
    const r = await triage(exchange2003, deps);
    expect(confidentBlock(r)).toBe(false);
    expect(r.language).toBe('en');
  });
});
