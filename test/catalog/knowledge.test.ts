import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockById, resolveCode } from '../../src/catalog/catalog';
import { knowledgeJsonSchemas } from '../../src/catalog/jsonSchemas';
import { loadCatalog, readKnowledge } from '../../src/catalog/loadKnowledge';
import { CATALOG_LOCALES, SYMPTOM_LOCALES } from '../../src/catalog/schema';
import { validateKnowledge, type RawKnowledge } from '../../src/catalog/validate';

const KNOWLEDGE = join(__dirname, '..', '..', 'knowledge');
const catalog = loadCatalog(KNOWLEDGE);

const REQUIRED_IDS = [
  '5.7.750', '5.7.705', '5.7.708', '5.7.711', '5.7.703', '5.1.8', '5.7.233', '5.1.90', '5.7.501',
  '5.7.511', '5.7.606', '5.7.64', '5.7.57', '4.7.500', '5.7.520', '5.4.1', '5.7.23',
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

  it.each(['5.7.751', '5.7.650', '4.7.700', 'not a code'])('%s is unknown', (code) => {
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

  it('rejects an out-of-scope code that a block covers', () => {
    const k = clone();
    (k.otherCodes.data as { codes: { code: string }[] }).codes[0]!.code = '5.7.720';
    expect(validateKnowledge(k).errors).toContainEqual(expect.stringContaining('5.7.720 is covered by block 5.7.705'));
  });
});
