import { sourceMarkers } from '../../src/ndr/replySource';

describe('sourceMarkers', () => {
  it.each([
    ['Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com', 'am0pr01mb1234.eurprd01.prod.outlook.com'],
    ['by mail-db5eur03.inbound.protection.outlook.com', 'mail-db5eur03.inbound.protection.outlook.com'],
  ])('finds the Exchange Online host in %s', (text, host) => {
    expect(sourceMarkers(text)).toMatchObject({ microsoft: true, other: null, microsoftHost: host });
  });

  it.each([
    '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
    'see https://aka.ms/EXOSmtpErrors',
    '554 5.6.0 STOREDRV.Deliver; Corrupt message content',
    '550 5.7.64 TenantAttribution; Relay Access Denied',
  ])('counts Microsoft markers: %s', (text) => {
    expect(sourceMarkers(text).microsoft).toBe(true);
  });

  it.each([
    ['550 5.1.8 <a@contoso.com>: Sender address rejected: Domain not found', 'Postfix'],
    ['SMTP error from remote mail server after RCPT TO:<b@example.org>: 550 5.7.1 denied', 'Exim'],
    ['550-5.7.1 likely unsolicited mail - gsmtp', 'Gmail'],
    ['blocked using zen.spamhaus.org', 'Spamhaus'],
    ['554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException', 'Outlook.com'],
    ['mx.outlook-com.olc.protection.outlook.com', 'Outlook.com'],
  ])('names the other server of %s', (text, server) => {
    expect(sourceMarkers(text).other).toBe(server);
  });

  it.each([
    ['554 mx1.example.net blocked for spam. Please see http://postmaster.example.net/smtp-error-codes.php#BL000000', 'postmaster.example.net'],
    ['550 rejected, see https://help.example.org/mail/bounce-codes?c=RBL', 'help.example.org'],
    ['554 contoso.comcast.net comcast 192.0.2.42 Comcast block for spam', 'Comcast'],
  ])('takes a link to another operator\'s postmaster or bounce help for its reply: %s', (text, server) => {
    expect(sourceMarkers(text)).toMatchObject({ microsoft: false, other: server });
  });

  it.each([
    'see https://aka.ms/EXOSmtpErrors and https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/fix-error-code-5-7-700-through-5-7-750',
    'https://sender.office.com delist portal, https://postmaster.live.com',
    'our wiki: https://intranet.contoso.com/howto/outlook-signature',
  ])('does not take Microsoft links or unrelated pages for another server: %s', (text) => {
    expect(sourceMarkers(text).other).toBeNull();
  });

  it('takes addresses for mailboxes, not servers, and bare outlook.com for no host', () => {
    expect(sourceMarkers('550 5.7.750 for bob@gmail.com and ann@outlook.com')).toMatchObject({ microsoft: false, other: null, otherName: null });
  });

  it('keeps product names apart from a server\'s own traces', () => {
    expect(sourceMarkers('our Postfix relay got 5.7.750')).toMatchObject({ other: null, otherName: 'Postfix' });
  });
});
