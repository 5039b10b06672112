import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newJob } from '../../src/handoff/handoffJob';
import { webhookTarget } from '../../src/handoff/webhookTarget';
import { fakeHelpdesk } from '../helpers/fakeHelpdesk';

/** The receiver's verification snippet of README "Webhook", run as a receiver would run it. */
function readmeVerifier(): (headers: Record<string, unknown>, rawBody: Buffer, secret: string, nowSeconds?: number) => boolean {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const snippet = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### Webhook')))?.[1];
  expect(snippet).toContain('function verifyNdrTriage(');
  const file = join(mkdtempSync(join(tmpdir(), 'ndr-readme-')), 'verify.js');
  writeFileSync(file, `${snippet}\nmodule.exports = verifyNdrTriage;\n`);
  return require(file) as ReturnType<typeof readmeVerifier>;
}

it('the README snippet verifies what the bot sends and refuses a changed body, another secret and an old request', async () => {
  const verify = readmeVerifier();
  const secret = 'receiver-and-bot-share-this-secret-32';
  const hook = await fakeHelpdesk(() => ({ status: 200 }));
  try {
    const body = JSON.stringify({ type: 'ndr-triage.case', reference: 'NDR-20261123-7K3Q', note: 'Société, 北京 ✓' });
    const job = newJob('webhook', { reference: 'NDR-20261123-7K3Q', title: '', markdown: '', body }, 0);
    await webhookTarget({ url: hook.url, secret }).deliver(job, new AbortController().signal);
    const [req] = hook.received;
    const raw = Buffer.from(req!.body, 'utf8');
    const sent = Number(req!.headers['x-ndr-triage-timestamp']);
    expect(verify(req!.headers, raw, secret)).toBe(true);
    expect(verify(req!.headers, Buffer.from(req!.body.replace('Société', 'Societe')), secret)).toBe(false);
    expect(verify(req!.headers, raw, `${secret}!`)).toBe(false);
    expect(verify(req!.headers, raw, secret, sent + 301)).toBe(false);
    expect(verify({ ...req!.headers, 'x-ndr-triage-timestamp': String(sent + 1) }, raw, secret, sent)).toBe(false);
    expect(verify({}, raw, secret)).toBe(false);
  } finally {
    await hook.close();
  }
});
