import { triage } from '../../src/recognize/triage';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

describe('triage: a status code decides', () => {
  const deps = triageDeps();

  it.each([
    ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains', '5.7.750'],
    ['Remote Server returned 550 5.7.712 Access denied, tenant has exceeded threshold', '5.7.705'],
    ['550 5.7.612 Access denied, banned sending IP [192.0.2.44]', '5.7.606'],
    ['451 4.7.650 The mail server [198.51.100.7] has been temporarily rate limited due to IP reputation', '4.7.500'],
    ['550 5.7.502 Access denied, banned sender', '5.7.501'],
    ['we got 5.7.232 when mailing customers', '5.7.233'],
    ['NDR says 530 5.7.57 Client not authenticated to send mail', '5.7.57'],
    ['Remote Server returned 550 5.7.236 for our mail from info@contoso.onmicrosoft.com', '5.7.236'],
    ['550 5.7.30 Basic authentication is not supported for Client Submission.', '5.7.30'],
    ['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', '5.7.30'],
    ['550 5.7.800 Access denied, banned sender', '5.7.800'],
    ['451 4.7.862 Access denied, please try again later', '4.7.850'],
  ])('%s → %s', async (text, block) => {
    const r = await triage(text, deps);
    expect(r).toMatchObject({ block, needsConfirmation: false, decidedBy: 'code', alternatives: [] });
    // Certain only when the block's Microsoft wording (or another Microsoft marker) stands next to the code.
    expect(r.confidence).toBe(r.source === 'microsoft' ? 1 : 0.9);
  });

  it('reads the reply code with the enhanced code', async () => {
    const r = await triage('Diagnostic: 550 5.7.750 Service unavailable', deps);
    expect(r.codes).toEqual([{ smtp: '550', enhanced: '5.7.750' }]);
  });

  it('is not fooled by IP addresses, versions and dates that look like codes', async () => {
    const text = 'Server 10.5.7.75 build 15.20.5.7.705 on 4.4.2024 — ticket 5.7.70012 — then: 550 5.1.8 Access denied, bad outbound sender';
    const r = await triage(text, deps);
    expect(r.codes.map((c) => c.enhanced)).toEqual(['5.1.8']);
    expect(r.block).toBe('5.1.8');
  });

  it('splits the confidence when two block codes appear, and asks to confirm', async () => {
    const r = await triage('first 550 5.7.750 then later someone mentioned 5.7.705', deps);
    expect(r.block).toBe('5.7.750');
    expect(r.alternatives.map((a) => a.block)).toEqual(['5.7.705']);
    expect(r.confidence).toBeLessThan(1);
  });

  it('explains a known code that is not a sending block, in the requested language', async () => {
    const r = await triage('550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', deps, { locale: 'fr' });
    expect(r.block).toBeNull();
    expect(r.outOfScope?.code).toBe('5.1.1');
    expect(r.outOfScope?.explanation).toMatch(/[a-zé]/);
    expect(r.outOfScope?.explanation).not.toBe(deps.catalog.otherCodes.get('5.1.1')!.explanation.en);
  });
});

describe('triage: the words next to 5.2.2 decide whether it is the submission quota', () => {
  const deps = triageDeps();
  const ndr = (recipient: string, userText: string, reply: string) =>
    [
      'Delivery has failed to these recipients or groups:',
      '',
      recipient,
      userText,
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: DM6PR11MB4321.namprd11.prod.outlook.com',
      '',
      recipient,
      `Remote Server returned '${reply}'`,
      '',
      'Original message headers:',
      '',
      'From: Invoicing <invoicing@contoso.com>',
      `To: <${recipient}>`,
      'Subject: Invoice 2026-1187',
    ].join('\n');

  it('a sender over its submission quota is block 5.2.2', async () => {
    const text = ndr(
      'client@fabrikam.com',
      "Your message couldn't be delivered because you exceeded a sending limit.",
      '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message. 0.35250:0A00F883, 1.36674:0A000000[EndDiagnosticData]',
    );
    const r = await triage(text, deps);
    expect(r).toMatchObject({ block: '5.2.2', decidedBy: 'code', outOfScope: null });
  });

  it("a recipient's full mailbox stays out of scope as 5.2.2", async () => {
    const text = ndr(
      'jane@fabrikam.com',
      "The recipient's mailbox is full and can't accept messages now.",
      '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot open mailbox.[EndDiagnosticData]',
    );
    const r = await triage(text, deps);
    expect(r).toMatchObject({ block: null, decidedBy: 'code' });
    expect(r.outOfScope?.code).toBe('5.2.2');
  });
});

describe('triage: no code, the symptoms decide', () => {
  const deps = triageDeps();

  it('recognizes a French description and reports the language', async () => {
    const r = await triage("Depuis ce matin plus personne dans l'entreprise ne peut envoyer de mails, le tenant a dépassé le seuil", deps);
    expect(r).toMatchObject({ block: '5.7.705', decidedBy: 'symptoms', language: 'fr' });
  });

  it.each([
    ['en', 'after a hacked account sent spam, none of us can send any more'],
    ['fr', 'depuis le spam d’hier, personne ne peut plus envoyer'],
    ['it', 'dopo lo spam di ieri nessuno riesce più a inviare'],
    ['zh-CN', '被盗号发了垃圾邮件之后，我们都发不出去了'],
  ])('%s: "%s" is a block to handle (the tenant-wide block among the answers), not "nothing we handle"', async (_locale, text) => {
    const r = await triage(text, deps);
    expect(r.block).not.toBeNull();
    expect(r.decidedBy).toBe('symptoms');
    expect([r.block, ...r.alternatives.map((a) => a.block)]).toContain('5.7.705');
  });

  it('detects Chinese and Japanese', async () => {
    expect((await triage('我们整个公司都无法发送邮件了', deps)).language).toBe('zh-CN');
    expect((await triage('会社全体でメールが送信できません', deps)).language).toBe('ja');
  });

  it('answers binary garbage with null', async () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 7919) % 256);
    const r = await triage(bytes, deps);
    expect(r.block).toBeNull();
  });

  it('reads only the beginning of a huge input and says so', async () => {
    const r = await triage(`550 5.7.750 blocked\n${'lorem ipsum '.repeat(400_000)}`, deps);
    expect(r).toMatchObject({ block: '5.7.750', truncated: true });
  });
});
