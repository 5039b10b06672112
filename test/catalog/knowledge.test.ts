import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockById, resolveCode } from '../../src/catalog/catalog';
import { explainCode } from '../../src/catalog/explainCode';
import { knowledgeJsonSchemas } from '../../src/catalog/jsonSchemas';
import { loadCatalog, readKnowledge } from '../../src/catalog/loadKnowledge';
import { CATALOG_LOCALES, SYMPTOM_LOCALES } from '../../src/catalog/schema';
import { validateKnowledge, type RawKnowledge } from '../../src/catalog/validate';

const KNOWLEDGE = join(__dirname, '..', '..', 'knowledge');
const catalog = loadCatalog(KNOWLEDGE);

const REQUIRED_IDS = [
  '5.7.750', '5.7.705', '5.7.708', '5.7.711', '5.7.703', '5.1.8', '5.7.233', '5.1.90', '5.7.501',
  '5.7.511', '5.7.606', '5.7.64', '5.7.57', '4.7.500', '5.7.520', '5.4.1', '5.7.23',
  '5.7.236', '5.7.30', '5.7.800', '4.7.850', '5.2.2',
];

describe('the knowledge shipped in knowledge/', () => {
  it('validates with no errors', () => {
    expect(validateKnowledge(readKnowledge(KNOWLEDGE)).errors).toEqual([]);
  });

  it('has exactly the catalog ids of the product', () => {
    expect(catalog.blocks.map((b) => b.id).sort()).toEqual([...REQUIRED_IDS].sort());
  });

  it.each(REQUIRED_IDS)('block %s has every user-facing text in en, fr, it and zh-CN', (id) => {
    const b = blockById(catalog, id)!;
    const texts = [b.title, b.cause, b.duration, ...b.steps, ...b.evidence.map((e) => e.description), ...b.links.map((l) => l.title)];
    if (b.alertPolicy) texts.push(b.alertPolicy.description);
    for (const t of texts) for (const locale of CATALOG_LOCALES) expect(t[locale].trim()).not.toBe('');
    expect(b.smtpText).toContain(id);
  });

  it('has symptom phrases for every block and "none" in every recognizer language', () => {
    for (const locale of SYMPTOM_LOCALES) {
      const phrases = catalog.symptoms[locale];
      for (const id of [...REQUIRED_IDS, 'none']) expect(phrases[id]?.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('keeps the generated JSON Schemas in knowledge/schema up to date', () => {
    for (const [name, schema] of Object.entries(knowledgeJsonSchemas())) {
      const committed = JSON.parse(readFileSync(join(KNOWLEDGE, 'schema', name), 'utf8'));
      expect({ name, schema: committed }).toEqual({ name, schema });
    }
  });
});

describe('resolveCode', () => {
  it.each([
    ['5.7.750', '5.7.750', 'code'],
    ['5.7.712', '5.7.705', 'range'],
    ['5.7.700', '5.7.705', 'range'],
    ['5.7.749', '5.7.705', 'range'],
    ['5.7.708', '5.7.708', 'code'],
    ['5.7.703', '5.7.703', 'code'],
    ['5.7.612', '5.7.606', 'range'],
    ['5.7.649', '5.7.606', 'range'],
    ['4.7.650', '4.7.500', 'range'],
    ['5.7.502', '5.7.501', 'range'],
    ['5.7.232', '5.7.233', 'code'],
    ['5.1.8', '5.1.8', 'code'],
    ['5.7.236', '5.7.236', 'code'],
    ['5.7.30', '5.7.30', 'code'],
    ['5.7.139', '5.7.30', 'code'],
    ['5.7.800', '5.7.800', 'code'],
    ['4.7.850', '4.7.850', 'code'],
    ['4.7.851', '4.7.850', 'range'],
    ['4.7.899', '4.7.850', 'range'],
    ['4.7.699', '4.7.500', 'range'],
  ])('%s belongs to block %s (by %s)', (code, id, via) => {
    const r = resolveCode(catalog, code);
    expect(r.kind).toBe('block');
    if (r.kind === 'block') expect([r.block.id, r.via]).toEqual([id, via]);
  });

  it('explains known codes that are not sending blocks', () => {
    const r = resolveCode(catalog, '5.1.1');
    expect(r.kind).toBe('other');
    if (r.kind === 'other') expect(r.other.explanation.en.length).toBeGreaterThan(20);
  });

  it.each([
    ['554 5.2.2 mailbox full; STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message', '5.2.2'],
    ["The message can't be submitted because the sender's submission quota was exceeded.", '5.2.2'],
    ['554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException', '5.2.0'],
  ])('%s: the words next to %s make it the submission-quota block', (context, code) => {
    const r = resolveCode(catalog, code, context);
    expect(r.kind === 'block' && r.block.id).toBe('5.2.2');
  });

  it('leaves a bare 5.2.2, or one about a full recipient mailbox, to the out-of-scope explanation', () => {
    const full = '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded';
    for (const context of ['', full]) {
      const r = resolveCode(catalog, '5.2.2', context);
      expect(r.kind === 'other' && r.other.code).toBe('5.2.2');
    }
    expect(resolveCode(catalog, '5.2.0', '554 5.2.0 STOREDRV.Submission.Exception:SomethingElse').kind).toBe('unknown');
  });


  it.each([
    ['5.1.8', '550 5.1.8 <a@contoso.com>: Sender address rejected: Domain not found', 'postfix-sender-rejected'],
    ['5.7.606', '550 5.7.606 Rejected: 203.0.113.9 listed at zen.spamhaus.org', 'dns-block-list'],
    ['5.2.0', '554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException', 'outlookcom-daily-limit'],
  ])('a look-alike whose words stand next to %s wins over the block', (code, context, id) => {
    const r = resolveCode(catalog, code, context);
    expect(r).toMatchObject({ kind: 'other', via: 'text', other: { id } });
  });

  it("keeps the block when its own Microsoft wording stands next to the code, whatever else is there", () => {
    const r = resolveCode(catalog, '5.7.606', '550 5.7.606 Access denied, banned sending IP [203.0.113.9]; also listed at zen.spamhaus.org');
    expect(r).toMatchObject({ kind: 'block', block: { id: '5.7.606' } });
  });

  it('has every alert policy name in en, fr, it and zh-CN', () => {
    const named = catalog.blocks.filter((b) => b.alertPolicy);
    expect(named.map((b) => b.id).sort()).toEqual(['5.1.8', '5.1.90', '5.7.233', '5.7.520', '5.7.705', '5.7.711', '5.7.750']);
    for (const b of named) for (const l of CATALOG_LOCALES) expect(b.alertPolicy!.name[l].trim()).not.toBe('');
    expect(blockById(catalog, '5.7.705')!.alertPolicy!.name.fr).toContain('Locataire');
  });

  it.each(['5.7.751', '5.7.650', '4.7.700', '4.7.849', '4.7.900', 'not a code'])('%s is unknown', (code) => {
    expect(resolveCode(catalog, code).kind).toBe('unknown');
  });
});

describe('validateKnowledge rules', () => {
  const raw = readKnowledge(KNOWLEDGE);
  const clone = (): RawKnowledge => JSON.parse(JSON.stringify(raw));
  const blockFile = (k: RawKnowledge, id: string) => k.blocks.find((b) => (b.data as { id: string }).id === id)! as { file: string; data: Record<string, unknown> };

  it('rejects a code claimed by two blocks', () => {
    const k = clone();
    (blockFile(k, '5.7.708').data.codes as string[]).push('5.7.750');
    expect(validateKnowledge(k).errors).toContainEqual(expect.stringContaining('code 5.7.750 is already claimed'));
  });

  it('rejects overlapping ranges', () => {
    const k = clone();
    blockFile(k, '5.7.501').data.ranges = [{ from: '5.7.600', to: '5.7.610' }];
    expect(validateKnowledge(k).errors).toContainEqual(expect.stringContaining('ranges overlap'));
  });

  it('rejects a missing translation', () => {
    const k = clone();
    delete (blockFile(k, '5.7.750').data.title as Record<string, string>)['zh-CN'];
    const { value, errors } = validateKnowledge(k);
    expect(value).toBeNull();
    expect(errors).toContainEqual(expect.stringMatching(/5\.7\.750\.json: title\.zh-CN/));
  });

  it('rejects a prerequisite that does not exist', () => {
    const k = clone();
    (blockFile(k, '5.7.705').data.prerequisites as string[]).push('no-such-check');
    expect(validateKnowledge(k).errors).toContainEqual('block 5.7.705: prerequisite "no-such-check" does not exist');
  });

  it('rejects a UI locale that lacks a message key', () => {
    const k = clone();
    const fr = k.ui.find((u) => (u.data as { locale: string }).locale === 'fr')!.data as { messages: Record<string, string> };
    delete fr.messages['triage.block'];
    expect(validateKnowledge(k).errors).toContainEqual(expect.stringContaining('message triage.block is missing'));
  });

  it('rejects symptom files without phrases for a block', () => {
    const k = clone();
    const it = k.symptoms.find((s) => (s.data as { locale: string }).locale === 'it')!.data as { phrases: Record<string, string[]> };
    delete it.phrases['5.7.64'];
    expect(validateKnowledge(k).errors).toContainEqual(expect.stringContaining('no phrases for 5.7.64'));
  });

  it.each([
    ['550 5.7.70 Access denied', false],
    ['550 5.7.7050 Access denied', false],
    ['550;5.7.705 Access denied', true],
    ['Access denied, tenant has exceeded threshold (5.7.705)', true],
  ])('checks that an SMTP variant quotes one of the codes: %j', (variant, ok) => {
    const k = clone();
    blockFile(k, '5.7.705').data.smtpVariants = [variant];
    const message = `block 5.7.705: smtpVariants "${variant}" must quote one of its codes`;
    if (ok) expect(validateKnowledge(k).errors).toEqual([]);
    else expect(validateKnowledge(k).errors).toContain(message);
  });

  it('rejects an out-of-scope code that a block covers', () => {
    const k = clone();
    (k.otherCodes.data as { codes: { code: string }[] }).codes[0]!.code = '5.7.720';
    expect(validateKnowledge(k).errors).toContainEqual(expect.stringContaining('5.7.720 is covered by block 5.7.705'));
  });
});

/** Every French text of the catalog: blocks, prerequisites, questions and the UI wording. */
function frenchTexts(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const fr = (v as { fr?: unknown }).fr;
    if (typeof fr === 'string') out.push(fr);
    for (const x of Object.values(v)) walk(x);
  };
  walk(catalog.blocks);
  walk([...catalog.prerequisites.values()]);
  walk(catalog.questions);
  out.push(...Object.values(catalog.messages.fr));
  return out;
}

describe('French wording', () => {
  it('says "locataire", never "tenant"', () => {
    const texts = frenchTexts();
    expect(texts.length).toBeGreaterThan(300);
    expect(texts.filter((t) => /\btenants?\b/i.test(t))).toEqual([]);
    expect(catalog.messages.fr['case.tenant.id']).toBe('ID du locataire');
  });

  it('calls message trace "Suivi des messages"', () => {
    const texts = frenchTexts();
    expect(texts.filter((t) => /trace des messages/i.test(t))).toEqual([]);
    expect(blockById(catalog, '5.7.703')!.steps.some((s) => s.fr.includes('Suivi des messages'))).toBe(true);
  });
});

/** A time quantity in a duration text: any digit, or a word for a unit of time, per catalog locale. */
const TIME_WORDS: Record<(typeof CATALOG_LOCALES)[number], RegExp> = {
  en: /\d|\b(hours?|days?|weeks?|minutes?|months?|overnight)\b/i,
  fr: /\d|\b(heures?|jours?|semaines?|minutes?|mois)\b/i,
  it: /\d|\b(or[ae]|giorn\w*|settiman\w*|minut\w*|mes[ei])\b/i,
  'zh-CN': /\d|小时|天|周|分钟|个月|工作日|[一二三四五六七八九十两几]日/,
};

describe('how long a block lasts', () => {
  it.each(REQUIRED_IDS)('block %s promises no time that Microsoft does not publish', (id) => {
    const b = blockById(catalog, id)!;
    if (b.publishedDuration !== null) return;
    const stated = CATALOG_LOCALES.filter((l) => TIME_WORDS[l].test(b.duration[l])).map((l) => `${l}: ${b.duration[l]}`);
    expect(stated).toEqual([]);
    expect(b.duration.en).toMatch(/publishes no/);
  });

  it('recognizes the time words it guards against', () => {
    expect(TIME_WORDS.en.test('usually within two days')).toBe(true);
    expect(TIME_WORDS.fr.test('comptez un à trois jours ouvrés')).toBe(true);
    expect(TIME_WORDS.it.test('entro qualche ora')).toBe(true);
    expect(TIME_WORDS['zh-CN'].test('通常需要一到三个工作日')).toBe(true);
    expect(TIME_WORDS.en.test('lasts until the admin removes it')).toBe(false);
  });

  it.each(REQUIRED_IDS)('block %s takes a published duration from one of its own links', (id) => {
    const b = blockById(catalog, id)!;
    if (b.publishedDuration === null) return;
    expect(b.links.map((l) => l.url)).toContain(b.publishedDuration.source);
  });

  it('keeps the blocks that Microsoft gives no time for without one', () => {
    for (const id of ['5.7.750', '5.7.705', '5.7.708']) expect(blockById(catalog, id)!.publishedDuration).toBeNull();
  });

  it.each([
    ['5.1.8', 24, 'outbound-spam-restore-restricted-users'],
    ['5.1.90', 24, 'outbound-spam-sending-limits-troubleshoot'],
    ['5.7.233', 24, 'outbound-spam-sending-limits-troubleshoot'],
    ['5.7.606', 24, 'external-senders-use-the-delist-portal-to-unblock-yourself'],
    ['5.7.711', 1, 'connectors-remove-blocked'],
  ])('block %s lasts at most %d hours, as its source says', (id, maxHours, page) => {
    const d = blockById(catalog, id)!.publishedDuration;
    expect(d).toMatchObject({ minHours: 0, maxHours });
    expect(d!.source).toMatch(new RegExp(`^https://learn\\.microsoft\\.com/.*/${page}$`));
  });

  it('says that the block after renewing an expired subscription clears within about a day, with its source', () => {
    const b = blockById(catalog, '5.7.705')!;
    expect(b.cause.en).toMatch(/expired subscription.*within about a day/);
    expect(b.links.map((l) => l.url)).toContain('https://learn.microsoft.com/troubleshoot/exchange/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750');
  });
});

describe('facts the catalog states', () => {
  const block = (id: string) => blockById(catalog, id)!;

  it('5.4.1 is written by the recipient organization, and the steps tell the sender and the domain owner apart', () => {
    const b = block('5.4.1');
    expect(b.scope).toBe('recipient');
    expect(b.cause.en).toMatch(/recipient's side/);
    expect(b.cause.en).toMatch(/Directory-Based Edge Blocking/);
    expect(b.cause.en).not.toMatch(/Outside senders cannot reach one of your addresses/);
    expect(b.steps[0]!.en).toMatch(/^If you sent the message: .*only the recipient's admin can fix this/);
    expect(b.steps.slice(1, 4).every((s) => s.en.startsWith('If you own the recipient domain'))).toBe(true);
    expect(b.steps.some((s) => /accepted domain type/.test(s.en))).toBe(true);
  });

  it('5.7.750 is fixed for foreign domains with a certificate-based inbound connector on an accepted domain', () => {
    const b = block('5.7.750');
    const connector = b.steps.find((s) => /certificate-based inbound connector/.test(s.en));
    expect(connector?.en).toMatch(/TlsSenderCertificateName\) is one of your accepted domains/);
    expect(b.steps.some((s) => /IP or certificate|certificate or your public IP/i.test(s.en))).toBe(false);
    expect(b.cause.en).toMatch(/Forwarding to external mailboxes counts too/);
    expect(b.cause.en).toMatch(/stop all outbound mail/);
    expect(b.prerequisites).toContain('compromised-accounts');
  });

  it('5.1.90 is the fixed service limit; a lower policy limit restricts (5.1.8) or alerts instead', () => {
    const b = block('5.1.90');
    expect(b.cause.en).toMatch(/10,000 recipients/);
    expect(b.cause.en).toMatch(/fixed service limit/);
    expect(b.cause.en).toMatch(/does not produce this error.*5\.1\.8.*only alert/);
    expect(b.cause.en).not.toMatch(/or less if your outbound spam policy/);
  });

  it('5.7.708 has the causes of a tenant-wide block, not only new or trial tenants', () => {
    const b = block('5.7.708');
    expect(b.title.en).not.toMatch(/trial/);
    expect(b.cause.en).toMatch(/same as for a whole-tenant sending block/);
    expect(b.cause.en).toMatch(/compromised mailbox/);
    expect(b.prerequisites).toEqual(expect.arrayContaining(['compromised-accounts', 'restricted-users', 'inbound-connectors']));
  });

  it('5.7.705 sends bulk mail to a provider and asks for the investigation reports and the alert', () => {
    const b = block('5.7.705');
    expect(b.steps.some((s) => /bulk email provider/.test(s.en))).toBe(true);
    expect(b.evidence.map((e) => e.id)).toEqual(
      expect.arrayContaining(['mail-flow-status-report', 'top-senders-report', 'outbound-connector-report', 'suspicious-sending-alert']),
    );
    expect(b.evidence.find((e) => e.id === 'suspicious-sending-alert')!.description.en).toContain('Suspicious tenant sending patterns observed');
    expect(b.evidence.find((e) => e.id === 'mail-flow-status-report')!.description.en).toContain('Mail flow status report');
  });

  it('never files Resolve-DnsName under Exchange PowerShell', () => {
    const uses = catalog.blocks.flatMap((b) => b.evidence.filter((e) => /Resolve-DnsName/i.test(e.command ?? '')).map((e) => `${b.id}/${e.id}:${e.source}`));
    expect(uses.length).toBeGreaterThanOrEqual(4);
    expect(uses.filter((u) => u.endsWith(':exchange-powershell'))).toEqual([]);
  });

  it.each([
    ['4.7.500', '451 4.7.500 Server busy. Please try again later from [IP]. (AS####)'],
    ['4.7.500', '451 4.7.500 Access denied, please try again later'],
    ['5.7.57', '530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM'],
    ['5.7.711', '550;5.7.711 Access denied, bad inbound connector'],
    ['5.7.511', '550 5.7.511 Access denied, banned sender[IP].'],
    ['5.7.233', '550 5.7.233 - Your message'],
    ['5.7.64', '550 5.7.64 Relay Access Denied ATTR36'],
    ['5.7.64', '550 5.7.64 TenantAttribution; Relay Access Denied'],
    ['5.7.703', "blocked by your organization's tenant recipient block policy"],
  ])('block %s knows the wording "%s"', (id, wording) => {
    const b = block(id);
    expect([b.smtpText, ...b.smtpVariants].some((t) => t.includes(wording))).toBe(true);
  });

  it('shows each prerequisite with an explanation that names no other block', () => {
    const codes = catalog.blocks.flatMap((b) => b.codes);
    const wrong: string[] = [];
    for (const b of catalog.blocks) {
      for (const id of b.prerequisites) {
        const why = catalog.prerequisites.get(id)!.why;
        for (const locale of CATALOG_LOCALES) {
          for (const code of codes) {
            if (b.codes.includes(code)) continue;
            if (new RegExp(`(^|[^\\d.])${code.replace(/\./g, '\\.')}(?!\\d)`).test(why[locale])) wrong.push(`${b.id} shows ${id} naming ${code} (${locale})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('explainCode', () => {
  const raw = readKnowledge(KNOWLEDGE);
  /** The shipped knowledge with 5.7.64 needing "TenantAttribution" next to its code, and optionally 5.7.64 as an other code. */
  const withTextMatch = (alsoOther: boolean) => {
    const k: RawKnowledge = JSON.parse(JSON.stringify(raw));
    (k.blocks.find((b) => (b.data as { id: string }).id === '5.7.64')!.data as Record<string, unknown>).textMatch = ['TenantAttribution'];
    if (alsoOther) {
      const other = { code: '5.7.64', title: { en: 'Other meaning', fr: 'Autre sens', it: 'Altro senso', 'zh-CN': '其他含义' } };
      (k.otherCodes.data as { codes: unknown[] }).codes.push({ ...other, explanation: other.title });
    }
    const { value, errors } = validateKnowledge(k);
    expect(errors).toEqual([]);
    return value!;
  };

  it('finds a block by its code, by its range, or reports a malformed or unknown code', () => {
    expect(explainCode(catalog, '5.7.750', 'en')).toMatchObject({ kind: 'found', explanation: { id: '5.7.750', kind: 'block' } });
    expect(explainCode(catalog, '5.7.612', 'it')).toMatchObject({ kind: 'found', explanation: { id: '5.7.606', kind: 'block' } });
    expect(explainCode(catalog, '5.7.1x', 'en')).toEqual({ kind: 'malformed' });
    expect(explainCode(catalog, '5.7.751', 'en')).toEqual({ kind: 'unknown', code: '5.7.751' });
  });

  it('gives a block that needs words next to its code when nothing else claims the bare code', () => {
    const c = withTextMatch(false);
    expect(resolveCode(c, '5.7.64').kind).toBe('unknown');
    expect(explainCode(c, '5.7.64', 'en')).toMatchObject({ kind: 'found', explanation: { id: '5.7.64', kind: 'block' } });
  });

  it('lets a known other code win over a block that needs words next to its code', () => {
    expect(explainCode(withTextMatch(true), '5.7.64', 'fr')).toMatchObject({ kind: 'found', explanation: { id: '5.7.64', kind: 'other', title: 'Autre sens' } });
  });
});
