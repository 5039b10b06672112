import { startAzurite, type Azurite } from '../../bench/support/azurite';
import type { HandoffJob } from '../../src/handoff/handoffJob';
import { Outbox } from '../../src/handoff/outbox';
import { OutboxWorker } from '../../src/handoff/outboxWorker';
import { webhookTarget } from '../../src/handoff/webhookTarget';
import { BlobStorage } from '../../src/storage/blobStorage';
import { fakeHelpdesk, type FakeHelpdesk } from '../helpers/fakeHelpdesk';

jest.setTimeout(180_000);

let azurite: Azurite;
let hook: FakeHelpdesk;
beforeAll(async () => {
  azurite = await startAzurite();
  hook = await fakeHelpdesk(() => ({ status: 201, json: { ticket: 'HD-1' } }));
});
afterAll(async () => {
  azurite?.stop();
  await hook?.close();
});

const payload = (reference: string) => ({ reference, title: reference, markdown: '', body: JSON.stringify({ reference }) });

it('on Azure Blob Storage (Azurite): jobs from two instances are all kept, and two workers deliver each once', async () => {
  const container = 'ndr-test-outbox';
  const one = new Outbox(new BlobStorage(azurite.connection, container));
  const two = new Outbox(new BlobStorage(azurite.connection, container));
  await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).enqueue('webhook', payload(`case-${i}`))));
  // The same case again is the same job.
  await one.enqueue('webhook', payload('case-3'));
  expect([...(await two.pendingIds())].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `webhook:case-${i}`));

  const settled: HandoffJob[] = [];
  const worker = (outbox: Outbox) =>
    new OutboxWorker(outbox, {
      targets: { webhook: webhookTarget({ url: hook.url, secret: 's'.repeat(32) }) },
      policy: { baseMs: 10, maxMs: 10, maxAttempts: 3, timeoutMs: 10_000 },
      concurrency: 3,
      pollMs: 100,
      onSettled: (job) => settled.push(job),
    });
  // A third instance, started later, shares the work.
  const three = new Outbox(new BlobStorage(azurite.connection, container));
  await Promise.all([worker(one).runOnce(), worker(three).runOnce()]);
  expect(hook.received).toHaveLength(8);
  expect(new Set(hook.received.map((r) => r.headers['idempotency-key'])).size).toBe(8);
  expect(settled.map((j) => j.state)).toEqual(Array(8).fill('sent'));
  expect(await three.pendingIds()).toEqual([]);
  expect(await three.get('webhook:case-5')).toMatchObject({ state: 'sent', ticket: 'HD-1', attempts: 1 });
});
