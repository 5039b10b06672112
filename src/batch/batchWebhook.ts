import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { batchPayload } from '../handoff/casePayload';
import type { HandoffJob } from '../handoff/handoffJob';
import type { HandoffTarget } from '../handoff/handoffTarget';
import { Outbox } from '../handoff/outbox';
import { OutboxWorker } from '../handoff/outboxWorker';
import type { RetryPolicy } from '../handoff/retryPolicy';
import { InMemoryStorage } from '../storage/inMemoryStorage';
import type { BatchRow } from './batchResult';

export interface BatchWebhookOptions {
  readonly target: HandoffTarget;
  readonly policy: RetryPolicy;
  readonly concurrency: number;
  /** Where DIR/webhook.jsonl goes. */
  readonly outDir: string;
  /** Results waiting to be posted before the run waits for the webhook (bounded memory). */
  readonly maxQueued?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface BatchWebhookReport {
  readonly sent: number;
  readonly failed: number;
  readonly file: string;
}

export interface BatchWebhook {
  /** Queues one result (runBatch's onRow); waits only while maxQueued results are on their way. */
  post(row: BatchRow): Promise<void>;
  /** Waits until every result was posted or given up on; closes webhook.jsonl. */
  finish(): Promise<BatchWebhookReport>;
}

/**
 * `ndr-triage batch --webhook`: every result goes through the outbox and worker the bot uses (same signing, same
 * idempotency keys, same retries), `concurrency` posts at a time, while the triage goes on. The outbox is in
 * memory: the run's own files are its durable record. What became of each post is written to DIR/webhook.jsonl
 * (`{"id", "input", "state": "sent"|"failed", "ticket", "attempts", "error"}`) as it ends; a failed post never
 * stops the run.
 */
export function batchWebhook(options: BatchWebhookOptions): BatchWebhook {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxQueued = options.maxQueued ?? Math.max(64, options.concurrency * 16);
  const file = join(options.outDir, 'webhook.jsonl');
  const out = createWriteStream(file);
  const inputs = new Map<string, { id: string; input: string }>();
  let sent = 0;
  let failed = 0;
  const outbox = new Outbox(new InMemoryStorage());
  const worker = new OutboxWorker(outbox, {
    targets: { [options.target.name]: options.target },
    policy: options.policy,
    concurrency: options.concurrency,
    pollMs: Math.min(1000, options.policy.baseMs),
    onSettled: (job: HandoffJob) => {
      if (job.state === 'sent') sent++;
      else failed++;
      const ticket = inputs.get(job.id);
      inputs.delete(job.id);
      out.write(`${JSON.stringify({ id: ticket?.id ?? job.payload.title, input: ticket?.input ?? null, state: job.state, ticket: job.ticket, attempts: job.attempts, error: job.lastError })}\n`);
      // Written down: the job itself need not stay in memory.
      forgotten = forgotten.then(() => outbox.forget(job.id));
    },
  });
  let forgotten = Promise.resolve();
  let queued = 0;
  return {
    async post(row) {
      const job = await outbox.enqueue(options.target.name, batchPayload(row));
      inputs.set(job.id, { id: row.id, input: row.source });
      worker.kick();
      if (++queued >= maxQueued) {
        await worker.drain(sleep, (pending) => pending < maxQueued / 2);
        queued = (await outbox.pendingIds()).length;
      }
    },
    async finish() {
      await worker.drain(sleep);
      await worker.stop();
      await forgotten;
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(() => resolve());
      });
      return { sent, failed, file };
    },
  };
}
