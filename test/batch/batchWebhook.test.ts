import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/runCli';
import { verifyWebhookSignature } from '../../src/handoff/webhookSignature';
import { fakeHelpdesk, type FakeHelpdesk, type Reply } from '../helpers/fakeHelpdesk';

jest.setTimeout(60_000);

const SECRET = 'batch-webhook-secret-of-32-chars-or-more';

async function cli(args: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { stdin: Readable.from(['']), stdout, stderr, env: { ...process.env, ...env } });
  return { code, err };
}

let hook: FakeHelpdesk | undefined;
afterEach(async () => hook?.close());

describe('ndr-triage batch --webhook', () => {
  it('posts every result through the outbox: signed, one key per ticket across retries, failures in webhook.jsonl and the summary, the run complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndr-batch-hook-'));
    const input = join(dir, 'tickets.jsonl');
    const tickets = Array.from({ length: 12 }, (_, i) => ({ id: `T${i}`, text: i % 3 ? '550 5.7.750 Client blocked from sending from unregistered domains' : 'my printer is jammed' }));
    writeFileSync(input, tickets.map((t) => JSON.stringify(t)).join('\n'));
    const seen = new Map<string, number>();
    // T1: 500 then ok; T2: 429 then ok; T3: reset then ok; T4: 400 for good; others: ok with a ticket.
    hook = await fakeHelpdesk((req): Reply => {
      const id = (JSON.parse(req.body) as { result: { id: string } }).result.id;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (id === 'T4') return { status: 400 };
      if (n === 1 && id === 'T1') return { status: 500 };
      if (n === 1 && id === 'T2') return { status: 429, headers: { 'retry-after': '0' } };
      if (n === 1 && id === 'T3') return { reset: true };
      return { status: 201, json: { ticket: `HD-${id}` } };
    });
    const out = join(dir, 'out');
    const r = await cli(['batch', input, '--out', out, '--webhook'], {
      HELPDESK_WEBHOOK_URL: `${hook.url}/batch`,
      HELPDESK_WEBHOOK_SECRET: SECRET,
      HANDOFF_RETRY_BASE_MS: '10',
      HANDOFF_RETRY_MAX_MS: '20',
      HANDOFF_MAX_ATTEMPTS: '3',
      HANDOFF_CONCURRENCY: '3',
    });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/: 12 tickets in .*; webhook: 11 posted, 1 failed \(.*webhook\.jsonl\) → /);

    // The run itself is whole.
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(12);

    const keys = new Map<string, Set<string>>();
    for (const req of hook.received) {
      const body = JSON.parse(req.body) as { type: string; result: { id: string; block?: unknown } };
      expect(body.type).toBe('ndr-triage.batch-result');
      const timestamp = req.headers['x-ndr-triage-timestamp'] as string;
      expect(verifyWebhookSignature(SECRET, { signature: req.headers['x-ndr-triage-signature'] as string, timestamp }, req.body, Number(timestamp))).toBe(true);
      keys.set(body.result.id, (keys.get(body.result.id) ?? new Set()).add(req.headers['idempotency-key'] as string));
    }
    // Every ticket posted; each with one idempotency key whatever its retries, and no two tickets share one.
    expect([...keys.keys()].sort()).toEqual(tickets.map((t) => t.id).sort());
    expect([...keys.values()].every((k) => k.size === 1)).toBe(true);
    expect(new Set([...keys.values()].map((k) => [...k][0])).size).toBe(12);
    expect(Object.fromEntries(seen)).toMatchObject({ T0: 1, T1: 2, T2: 2, T3: 2, T4: 1, T5: 1 });

    const posts = readFileSync(join(out, 'webhook.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(posts).toHaveLength(12);
    expect(posts.find((p) => p.id === 'T4')).toEqual({ id: 'T4', input: `${input}:5`, state: 'failed', ticket: null, attempts: 1, error: 'HTTP 400' });
    expect(posts.find((p) => p.id === 'T1')).toMatchObject({ state: 'sent', ticket: 'HD-T1', attempts: 2 });
    expect(posts.find((p) => p.id === 'T3')).toMatchObject({ state: 'sent', ticket: 'HD-T3', attempts: 2 });
  });

  it('without the webhook settings, --webhook is a usage error before anything runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndr-batch-hook-'));
    writeFileSync(join(dir, 't.jsonl'), '{"id":"1","text":"550 5.7.750"}');
    const r = await cli(['batch', join(dir, 't.jsonl'), '--out', join(dir, 'out'), '--webhook'], { HELPDESK_WEBHOOK_URL: '', HELPDESK_WEBHOOK_SECRET: '' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--webhook needs HELPDESK_WEBHOOK_URL and HELPDESK_WEBHOOK_SECRET');
  });
});
