import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
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
    expect(out).toContain('Pas un blocage d\'envoi: 5.1.8 (Postfix) — Adresse de l\'expéditeur refusée par le serveur destinataire');
    expect(out).toContain('Réponse écrite par : un autre serveur, pas Exchange Online (Postfix)');
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
});
