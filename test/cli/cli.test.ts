import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { loadCatalog } from '../../src/catalog/loadKnowledge';
import { runCli } from '../../src/cli/runCli';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { stdin: Readable.from([stdin]), stdout, stderr, env: process.env });
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'ndr-cli-'));
const FRENCH_NDR = [
  "Échec de la remise pour ces destinataires ou groupes :",
  '',
  'paul.martin@fabrikam.fr<mailto:paul.martin@fabrikam.fr>',
  "Votre message n'a pas pu être remis.",
  '',
  'Informations de diagnostic pour les administrateurs :',
  '',
  'Serveur de génération : PR3P192MB0815.EURP192.PROD.OUTLOOK.COM',
  '',
  'paul.martin@fabrikam.fr',
  "Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
  '',
  "En-têtes de message d'origine :",
  '',
  'From: Claire Dubois <claire.dubois@contoso.fr>',
  'To: paul.martin@fabrikam.fr',
  'Date: Mon, 16 Nov 2026 09:12:44 +0100',
].join('\n');

describe('ndr-triage triage', () => {
  it('answers a pasted French NDR with 5.7.750 in --json', async () => {
    const file = join(tmp, 'fr.txt');
    writeFileSync(file, FRENCH_NDR, 'latin1');
    const { code, out, err } = await run(['triage', '--json', file]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      id: file,
      block: '5.7.750',
      confidence: 1,
      needsConfirmation: false,
      codes: [{ smtp: '550', enhanced: '5.7.750' }],
      language: 'fr',
      sender: 'claire.dubois@contoso.fr',
      senderDomain: 'contoso.fr',
      recipients: ['paul.martin@fabrikam.fr'],
      generatingServer: 'PR3P192MB0815.EURP192.PROD.OUTLOOK.COM',
      diagnostic: '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains',
    });
  });

  it('prints a readable answer in the language asked for', async () => {
    const { code, out } = await run(['triage', '--lang', 'it'], FRENCH_NDR);
    expect(code).toBe(0);
    expect(out).toContain('Blocco: 5.7.750');
    expect(out).toContain('Destinatari non raggiunti: paul.martin@fabrikam.fr');
    expect(out).toContain('Risposta scritta da: Microsoft (pr3p192mb0815.eurp192.prod.outlook.com)');
  });

  it("says when another server wrote the reply, and what its code means", async () => {
    const { code, out } = await run(['triage', '--lang', 'fr'], '550 5.1.8 <ann@contoso.com>: Sender address rejected: Domain not found');
    expect(code).toBe(0);
    expect(out).toContain('Pas un blocage d\'envoi\u00a0: 5.1.8 (Postfix) — Adresse de l\'expéditeur refusée par le serveur destinataire');
    expect(out).toContain('Réponse écrite par : un autre serveur, pas Exchange Online (Postfix)');
  });

  it('keeps ids and order in --jsonl, and reports bad lines without stopping', async () => {
    const input = [
      JSON.stringify({ id: 'T-3', text: '550 5.7.705 Access denied, tenant has exceeded threshold' }),
      '{"id": "T-1", "text": broken json',
      JSON.stringify({ id: 'T-2', text: 'ma boîte aux lettres est pleine' }),
      JSON.stringify({ id: 7, body: 'no text field' }),
      '',
      JSON.stringify({ id: 'T-0', text: '550 5.1.8 Access denied, bad outbound sender' }),
    ].join('\n');
    const { code, out } = await run(['triage', '--jsonl'], input);
    expect(code).toBe(0);
    const results = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((r) => r.id)).toEqual(['T-3', 'T-1', 'T-2', 7, 'T-0']);
    expect(results.map((r) => r.block ?? null)).toEqual(['5.7.705', null, null, null, '5.1.8']);
    expect(results[1].error).toMatch(/line 2: not valid JSON/);
    expect(results[3].error).toMatch(/line 4: text/);
    expect(results[2].error).toBeUndefined();
  });

  it.each([
    [['triage', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['triage', join(tmp, 'missing.eml')], /cannot read .*missing\.eml: ENOENT/],
    [['triage', '--lang', 'tlh'], /--lang: "tlh" is not a supported locale/],
    [['explode'], /unknown command "explode"/],
    [['triage', '--json', '--jsonl'], /cannot be used together/],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });

  it('shows help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('ndr-triage triage --jsonl');
  });
});

describe('the built ndr-triage binary', () => {
  it('runs as a process: exit codes and stdout', () => {
    const ok = execFileSync(process.execPath, [BIN, 'triage', '--json'], { input: '550 5.7.64 TenantAttribution; Relay Access Denied', encoding: 'utf8' });
    expect(JSON.parse(ok)).toMatchObject({ id: 'stdin', block: '5.7.64' });
    const bad = spawnSync(process.execPath, [BIN, 'triage', '/nonexistent/file.eml'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('cannot read /nonexistent/file.eml');
  });

  it('explains a code as a process, and exits 2 for an unknown one', () => {
    const ok = execFileSync(process.execPath, [BIN, 'explain', '5.7.64', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(ok)).toMatchObject({ id: '5.7.64', kind: 'block' });
    const bad = spawnSync(process.execPath, [BIN, 'explain', '5.9.999'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('5.9.999 is neither a sending block nor a code this bot knows');
  });

  it('prints the version of package.json as a process (it is read from the project, not from dist)', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' })).toBe(`${version}\n`);
  });

  it('batch as a process: results and report written, summary on stderr', () => {
    const out = join(tmp, 'batch-out');
    const r = spawnSync(process.execPath, [BIN, 'batch', join(ROOT, 'test', 'fixtures', 'ndr'), '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^ndr-triage: 14 tickets in /);
    expect(readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\r\n')).toHaveLength(15);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<h1>NDR triage report</h1>');
  });
});

describe('ndr-triage explain', () => {
  const FIELDS = ['id', 'codes', 'smtpTexts', 'title', 'cause', 'liftedBy', 'duration', 'durationSource', 'steps', 'evidence', 'links', 'kind'];

  it('prints a block as JSON with exactly the documented fields', async () => {
    const { code, out, err } = await run(['explain', '5.7.711', '--json']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const e = JSON.parse(out);
    expect(Object.keys(e)).toEqual(FIELDS);
    expect(e).toMatchObject({
      id: '5.7.711',
      codes: ['5.7.711'],
      smtpTexts: ['550 5.7.711 Access denied, bad inbound connector', '550;5.7.711 Access denied, bad inbound connector'],
      liftedBy: ['admin'],
      durationSource: 'https://learn.microsoft.com/defender-office-365/connectors-remove-blocked',
      kind: 'block',
    });
    expect(e.duration).toContain('up to an hour');
    expect(e.steps.length).toBeGreaterThan(0);
    expect(e.evidence[0]).toEqual({ id: expect.any(String), source: 'exchange-powershell', command: 'Get-BlockedConnector | Format-List', description: expect.any(String) });
    expect(e.links).toContainEqual({ url: 'https://learn.microsoft.com/defender-office-365/connectors-remove-blocked', title: 'Remove blocked connectors from the Restricted entities page' });
  });

  it('finds the block of a code inside its range, and says when Microsoft publishes no time', async () => {
    const { code, out } = await run(['explain', '5.7.712', '--json']);
    expect(code).toBe(0);
    const e = JSON.parse(out);
    expect(e).toMatchObject({ id: '5.7.705', kind: 'block', durationSource: null, liftedBy: ['microsoft-support'] });
    expect(e.duration).toMatch(/^Microsoft publishes no unblock time/);
  });

  it('explains a known code that is not a block with its title and explanation only', async () => {
    const { code, out } = await run(['explain', '5.1.1', '--json']);
    expect(code).toBe(0);
    const e = JSON.parse(out);
    expect(Object.keys(e)).toEqual(FIELDS);
    expect(e).toMatchObject({
      id: '5.1.1', codes: ['5.1.1'], kind: 'other', title: "Recipient address doesn't exist",
      smtpTexts: [], liftedBy: [], duration: null, durationSource: null, steps: [], evidence: [], links: [],
    });
    expect(e.cause).toMatch(/mistyped/);
  });

  it('prints a readable explanation', async () => {
    const { code, out } = await run(['explain', '5.7.750']);
    expect(code).toBe(0);
    expect(out).toContain('== Sending block: 5.7.750 — Tenant blocked from sending mail from unregistered domains');
    expect(out).toContain('550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains');
    expect(out).toContain('Who lifts it: Microsoft Support');
    expect(out).toContain('How long: Microsoft publishes no unblock time');
    expect(out).toContain('Time published by Microsoft: none; Microsoft publishes no unblock time for this block');
    expect(out).toMatch(/Steps:\n {2}1\. /);
    expect(out).toContain('Evidence to collect:\n');
    expect(out).toContain('    Get-AcceptedDomain');
    expect(out).toContain('Sources:\n  - Fix NDR errors 5.7.700 through 5.7.750 in Exchange Online: https://learn.microsoft.com/');
  });

  it('shows the published time and its page when there is one', async () => {
    const { out } = await run(['explain', '5.1.8']);
    expect(out).toContain('Time published by Microsoft: 0 to 24 hours (https://learn.microsoft.com/defender-office-365/outbound-spam-restore-restricted-users)');
  });

  it('speaks French with --lang fr', async () => {
    const { code, out } = await run(['explain', '5.7.750', '--lang', 'fr']);
    expect(code).toBe(0);
    expect(out).toContain("== Blocage d'envoi\u00a0: 5.7.750 — Locataire bloqué pour l'envoi depuis des domaines non enregistrés");
    expect(out).toContain('Qui le lève\u00a0: le support Microsoft');
    expect(out).toContain('Délai publié par Microsoft\u00a0: aucun ; Microsoft ne publie pas de délai de déblocage pour ce blocage');
    expect(out).toContain('Durée\u00a0: Microsoft ne publie aucun délai de déblocage');
    expect(out).toContain('Preuves à réunir\u00a0:');
    expect(out).not.toMatch(/\btenant\b/i);
  });

  it.each([
    [['explain', '5.9.999'], /5\.9\.999 is neither a sending block nor a code this bot knows/],
    [['explain', 'banana'], /"banana" is not an enhanced status code/],
    [['explain'], /explain takes one code/],
    [['explain', '5.7.750', '5.7.705'], /explain takes one code/],
    [['explain', '--list', '5.7.750'], /explain --list takes no code/],
    [['explain', '5.7.750', '--lang', 'tlh'], /--lang: "tlh" is not a supported locale/],
    [['triage', '--list'], /--list belongs to explain/],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });

  it('lists every block and every other known code with --list --json', async () => {
    const { code, out } = await run(['explain', '--list', '--json']);
    expect(code).toBe(0);
    const all = JSON.parse(out) as { id: string; kind: string }[];
    const catalog = loadCatalog(join(ROOT, 'knowledge'));
    const blocks = all.filter((e) => e.kind === 'block').map((e) => e.id);
    expect([...blocks].sort()).toEqual(catalog.blocks.map((b) => b.id).sort());
    expect(blocks).toEqual(expect.arrayContaining(['5.7.750', '5.7.705', '5.4.1', '4.7.500']));
    const others = all.filter((e) => e.kind === 'other').map((e) => e.id);
    expect([...others].sort()).toEqual([...catalog.otherCodes.keys()].sort());
    expect(others).toEqual(expect.arrayContaining(['5.1.1', '4.3.2']));
    for (const e of all) expect(Object.keys(e)).toEqual(FIELDS);
  });

  it('documents explain in --help', async () => {
    const { out } = await run(['--help']);
    expect(out).toContain('ndr-triage explain CODE [--lang LOCALE] [--json]');
    expect(out).toContain('ndr-triage explain --list');
  });
});
