import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { Outbox } from '../../src/handoff/outbox';
import { OutboxWorker } from '../../src/handoff/outboxWorker';
import type { HandoffJob, HandoffPayload } from '../../src/handoff/handoffJob';
import type { HandoffTarget } from '../../src/handoff/handoffTarget';
import type { RetryPolicy } from '../../src/handoff/retryPolicy';
import { serviceNowTarget } from '../../src/handoff/serviceNowTarget';
import { webhookTarget } from '../../src/handoff/webhookTarget';
import { verifyWebhookSignature } from '../../src/handoff/webhookSignature';
import type { CasStorage } from '../../src/storage/casStorage';
import { fakeHelpdesk, fakeServiceNow, type FakeHelpdesk, type Reply } from '../helpers/fakeHelpdesk';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(30_000);

const SECRET = 'test-secret-of-at-least-32-characters';
const T0 = Date.parse('2026-11-23T10:00:00Z');
// A generous timeout: on a busy machine a local answer must not time out (the timeout test sets its own).
const POLICY: RetryPolicy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5, timeoutMs: 10_000 };

const PAYLOAD: HandoffPayload = {
  reference: 'NDR-20261123-7K3Q',
  title: 'Sending block 5.7.750 on tenant contoso.onmicrosoft.com (NDR-20261123-7K3Q)',
  markdown: '# Support case summary\n\n- Reference: NDR-20261123-7K3Q',
  body: JSON.stringify({ type: 'ndr-triage.case', reference: 'NDR-20261123-7K3Q', note: 'déjà vu ✓' }),
};

/** An outbox and a worker on a fake clock: `drain` moves the clock instead of waiting. */
function setup(storage: CasStorage, targets: Record<string, HandoffTarget>, policy = POLICY) {
  const clock = { now: T0 };
  const now = () => clock.now;
  const outbox = new Outbox(storage, now);
  const settled: HandoffJob[] = [];
  const worker = new OutboxWorker(outbox, { targets, policy, concurrency: 2, pollMs: 1000, now, random: () => 0.5, onSettled: (j) => settled.push(j) });
  const drain = () =>
    worker.drain(async (ms) => {
      clock.now += ms;
    });
  return { outbox, worker, settled, drain, clock };
}

const servers: FakeHelpdesk[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function helpdesk(reply: (index: number) => Reply) {
  const s = await fakeHelpdesk((_req, i) => reply(i));
  servers.push(s);
  return s;
}

describe('webhook', () => {
  it('posts the fixed body, signed, with the same idempotency key on every attempt, through 500, 429 + Retry-After and a reset', async () => {
    const script: Reply[] = [{ status: 500 }, { status: 429, headers: { 'retry-after': '120' } }, { reset: true }, { status: 200, json: { ticket: 'HD-4711' } }];
    const hook = await helpdesk((i) => script[i]!);
    const { outbox, settled, drain, clock } = setup(new InMemoryStorage(), { webhook: webhookTarget({ url: `${hook.url}/hooks/ndr`, secret: SECRET, now: () => clock.now }) });
    const job = await outbox.enqueue('webhook', PAYLOAD);
    expect(job).toMatchObject({ id: 'webhook:NDR-20261123-7K3Q', state: 'pending', attempts: 0 });
    await drain();

    expect(hook.received).toHaveLength(4);
    for (const r of hook.received) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/hooks/ndr');
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['idempotency-key']).toBe('webhook:NDR-20261123-7K3Q');
      expect(r.body).toBe(PAYLOAD.body);
      const timestamp = r.headers['x-ndr-triage-timestamp'] as string;
      expect(timestamp).toMatch(/^\d{10}$/);
      expect(verifyWebhookSignature(SECRET, { signature: r.headers['x-ndr-triage-signature'] as string, timestamp }, r.body, Number(timestamp))).toBe(true);
      expect(verifyWebhookSignature('another-secret-of-32-characters-xx', { signature: r.headers['x-ndr-triage-signature'] as string, timestamp }, r.body, Number(timestamp))).toBe(false);
    }
    // The 429's Retry-After (120 s) was waited, longer than the backoff (2nd failure: 1–2 s).
    const times = hook.received.map((r) => Number(r.headers['x-ndr-triage-timestamp']));
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(120);
    expect(settled).toEqual([expect.objectContaining({ state: 'sent', ticket: 'HD-4711', attempts: 4, lastError: null })]);
    expect(await outbox.get(job.id)).toMatchObject({ state: 'sent', ticket: 'HD-4711' });
    expect(await outbox.pendingIds()).toEqual([]);
  });

  it('retries a target that never answers (timeout), then delivers', async () => {
    const hook = await helpdesk((i) => (i < 2 ? { hang: true } : { status: 204 }));
    const { outbox, settled, drain } = setup(new InMemoryStorage(), { webhook: webhookTarget({ url: hook.url, secret: SECRET }) }, { ...POLICY, timeoutMs: 500 });
    await outbox.enqueue('webhook', PAYLOAD);
    await drain();
    // Two attempts hung and timed out; the next was answered (on a very busy machine an answer may time out too).
    expect(hook.received.length).toBeGreaterThanOrEqual(3);
    expect(settled).toEqual([expect.objectContaining({ state: 'sent', ticket: null, attempts: hook.received.length })]);
  });

  it('fails at once on a 4xx other than 408/429, and after the last attempt otherwise', async () => {
    const bad = await helpdesk(() => ({ status: 401 }));
    const down = await helpdesk(() => ({ status: 503 }));
    const a = setup(new InMemoryStorage(), { webhook: webhookTarget({ url: bad.url, secret: SECRET }) });
    await a.outbox.enqueue('webhook', PAYLOAD);
    await a.drain();
    expect(bad.received).toHaveLength(1);
    expect(a.settled).toEqual([expect.objectContaining({ state: 'failed', attempts: 1, lastError: 'HTTP 401' })]);

    const b = setup(new InMemoryStorage(), { webhook: webhookTarget({ url: down.url, secret: SECRET }) });
    await b.outbox.enqueue('webhook', PAYLOAD);
    await b.drain();
    expect(down.received).toHaveLength(POLICY.maxAttempts);
    expect(b.settled).toEqual([expect.objectContaining({ state: 'failed', attempts: 5, lastError: 'HTTP 503' })]);
    expect(new Set(down.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['webhook:NDR-20261123-7K3Q']));
  });

  it('does not follow a redirect (a 3xx fails the job)', async () => {
    const moved = await helpdesk(() => ({ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } }));
    const { outbox, settled, drain } = setup(new InMemoryStorage(), { webhook: webhookTarget({ url: moved.url, secret: SECRET }) });
    await outbox.enqueue('webhook', PAYLOAD);
    await drain();
    expect(moved.received).toHaveLength(1);
    expect(settled).toEqual([expect.objectContaining({ state: 'failed', lastError: 'HTTP 302' })]);
  });
});

describe('ServiceNow', () => {
  const FIELDS = { category: 'email', assignment_group: 'Messaging', short_description: 'overridden' };

  it('looks for the incident, creates it with basic auth and the fields, and answers its number', async () => {
    const sn = await fakeServiceNow();
    servers.push(sn);
    const target = serviceNowTarget({ instance: `${sn.url}//`, auth: { kind: 'basic', user: 'ndr.bot', password: 'pa:ss' }, fields: FIELDS });
    const { outbox, settled, drain } = setup(new InMemoryStorage(), { servicenow: target });
    await outbox.enqueue('servicenow', PAYLOAD);
    await drain();
    expect(sn.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/now/table/incident?sysparm_query=correlation_id%3DNDR-20261123-7K3Q&sysparm_fields=number%2Csys_id&sysparm_limit=1',
      'POST /api/now/table/incident',
    ]);
    for (const r of sn.received) {
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from('ndr.bot:pa:ss').toString('base64')}`);
      expect(r.headers['idempotency-key']).toBe('servicenow:NDR-20261123-7K3Q');
    }
    expect(JSON.parse(sn.received[1]!.body)).toEqual({
      category: 'email',
      assignment_group: 'Messaging',
      short_description: PAYLOAD.title,
      description: PAYLOAD.markdown,
      correlation_id: 'NDR-20261123-7K3Q',
    });
    expect(settled).toEqual([expect.objectContaining({ state: 'sent', ticket: 'INC0010001' })]);
  });

  it('a lost answer after the incident was created, then a retry: exactly one incident, its number', async () => {
    const sn = await fakeServiceNow({ lose: (n) => n === 1 });
    servers.push(sn);
    const target = serviceNowTarget({ instance: sn.url, auth: { kind: 'bearer', token: 'tok-123' }, fields: {} });
    const { outbox, settled, drain } = setup(new InMemoryStorage(), { servicenow: target });
    await outbox.enqueue('servicenow', PAYLOAD);
    await drain();
    expect(sn.incidents).toHaveLength(1);
    expect(sn.received.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(sn.received.every((r) => r.headers.authorization === 'Bearer tok-123')).toBe(true);
    expect(settled).toEqual([expect.objectContaining({ state: 'sent', ticket: 'INC0010001', attempts: 2 })]);
  });

  it('retries a 503 on the query and fails on a 403', async () => {
    const sn = await fakeServiceNow({ before: (_r, i) => (i === 0 ? { status: 503 } : i === 1 ? { status: 403 } : null) });
    servers.push(sn);
    const { outbox, settled, drain } = setup(new InMemoryStorage(), { servicenow: serviceNowTarget({ instance: sn.url, auth: { kind: 'bearer', token: 't' }, fields: {} }) });
    await outbox.enqueue('servicenow', PAYLOAD);
    await drain();
    expect(sn.incidents).toHaveLength(0);
    expect(settled).toEqual([expect.objectContaining({ state: 'failed', attempts: 2, lastError: 'HTTP 403' })]);
  });
});

describe('outbox', () => {
  it('enqueue is idempotent: the same case to the same target is one job', async () => {
    const { outbox } = setup(new InMemoryStorage(), {});
    const a = await outbox.enqueue('webhook', PAYLOAD);
    const b = await outbox.enqueue('webhook', { ...PAYLOAD, markdown: 'changed' });
    expect(b).toEqual(a);
    expect(await outbox.pendingIds()).toEqual(['webhook:NDR-20261123-7K3Q']);
    await outbox.enqueue('servicenow', PAYLOAD);
    expect(await outbox.pendingIds()).toEqual(['webhook:NDR-20261123-7K3Q', 'servicenow:NDR-20261123-7K3Q']);
  });

  it('many jobs enqueued at once from two outboxes on one store are all kept', async () => {
    const storage = new InMemoryStorage();
    const one = new Outbox(storage);
    const two = new Outbox(storage);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).enqueue('webhook', { ...PAYLOAD, reference: `ticket-${i}` })));
    expect([...(await one.pendingIds())].sort()).toHaveLength(20);
  });

  it('two workers on one store deliver each job once', async () => {
    const hook = await helpdesk(() => ({ status: 200 }));
    const storage = new InMemoryStorage();
    const target = webhookTarget({ url: hook.url, secret: SECRET });
    const a = setup(storage, { webhook: target });
    const b = setup(storage, { webhook: target });
    for (let i = 0; i < 10; i++) await a.outbox.enqueue('webhook', { ...PAYLOAD, reference: `ticket-${i}` });
    await Promise.all([a.worker.runOnce(), b.worker.runOnce(), a.worker.runOnce(), b.worker.runOnce()]);
    expect(hook.received).toHaveLength(10);
    expect(new Set(hook.received.map((r) => r.headers['idempotency-key'])).size).toBe(10);
    expect(a.settled.length + b.settled.length).toBe(10);
  });

  it('a job enqueued in a SQLite file is there for a new process on the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ndr-outbox-')), 'state.db');
    const first = new SqliteStorage(file);
    await new Outbox(first, () => T0).enqueue('webhook', PAYLOAD);
    await first.close();
    const hook = await helpdesk(() => ({ status: 201, json: { ticket: 'T-1' } }));
    const second = new SqliteStorage(file);
    const { settled, drain } = setup(second, { webhook: webhookTarget({ url: hook.url, secret: SECRET }) });
    await drain();
    await second.close();
    expect(hook.received).toHaveLength(1);
    expect(settled).toEqual([expect.objectContaining({ state: 'sent', ticket: 'T-1' })]);
  });

  it('a pass reads no job that this worker saw is not due yet (a backlog in backoff costs nothing per pass)', async () => {
    const down = await helpdesk(() => ({ status: 503 }));
    const storage = new InMemoryStorage();
    const reads: string[][] = [];
    const counting: CasStorage = {
      read: (keys) => (reads.push(keys), storage.read(keys)),
      write: (changes) => storage.write(changes),
      delete: (keys) => storage.delete(keys),
      purgeOlderThan: (cutoff, keep) => storage.purgeOlderThan(cutoff, keep),
    };
    const { outbox, worker, clock } = setup(counting, { webhook: webhookTarget({ url: down.url, secret: SECRET }) });
    for (let i = 0; i < 5; i++) await outbox.enqueue('webhook', { ...PAYLOAD, reference: `ticket-${i}` });
    expect(await worker.runOnce()).toEqual({ pending: 5, nextDueAt: T0 + 750 });
    expect(down.received).toHaveLength(5);
    reads.length = 0;
    clock.now += 749;
    expect(await worker.runOnce()).toEqual({ pending: 5, nextDueAt: T0 + 750 });
    expect(reads).toEqual([['handoff/outbox']]);
    clock.now += 1;
    await worker.runOnce();
    expect(down.received).toHaveLength(10);
  });

  it('a job whose worker died mid-attempt (lease held) is attempted again once the lease ran out', async () => {
    const hook = await helpdesk(() => ({ status: 200 }));
    const storage = new InMemoryStorage();
    const { outbox, drain, settled } = setup(storage, { webhook: webhookTarget({ url: hook.url, secret: SECRET }) });
    await outbox.enqueue('webhook', PAYLOAD);
    // A worker claimed it and never settled it.
    expect(await outbox.claim('webhook:NDR-20261123-7K3Q', 60_000)).not.toBeNull();
    await drain();
    expect(hook.received).toHaveLength(1);
    expect(settled).toEqual([expect.objectContaining({ state: 'sent', attempts: 2 })]);
  });
});
