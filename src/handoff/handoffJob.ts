import { createHash } from 'node:crypto';

/** Where a finished case can be handed off to. */
export const HANDOFF_TARGETS = ['servicenow', 'webhook'] as const;
export type HandoffTargetName = (typeof HANDOFF_TARGETS)[number];

/** `pending` until the target took it (`sent`) or it will never take it (`failed`); both are final. */
export type JobState = 'pending' | 'sent' | 'failed';

/** What is handed off, fixed when the job is enqueued: every attempt sends exactly the same thing. */
export interface HandoffPayload {
  /** The case reference (or the batch ticket id): ServiceNow's `correlation_id`. */
  readonly reference: string;
  /** One line naming the block and the tenant: ServiceNow's `short_description`. */
  readonly title: string;
  /** The case as Markdown: ServiceNow's `description`. */
  readonly markdown: string;
  /** The webhook's request body, the exact text that is signed and sent (UTF-8 JSON). */
  readonly body: string;
}

/** One hand-off, as stored: plain data (it round-trips through storage). Times are epoch milliseconds. */
export interface HandoffJob {
  /** The idempotency key: the same case to the same target is the same job (see jobId). */
  readonly id: string;
  readonly target: HandoffTargetName;
  readonly payload: HandoffPayload;
  readonly state: JobState;
  /** Attempts started so far (counted when an attempt starts, so a crash mid-attempt still counts). */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  /** The ticket the target answered with (incident number), once sent; null when it named none. */
  readonly ticket: string | null;
  readonly createdAt: number;
  /** An attempt is under way until then; after it (a crashed worker), the job is due again. 0 when none is. */
  readonly leaseUntil: number;
}

/** Text that may stand in a storage key and an HTTP header as it is. */
const PLAIN_REFERENCE = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The idempotency key of handing `reference` to `target`: `servicenow:NDR-20261123-7K3Q`. A reference that is not
 * plain (a ticket id from a CSV export) is replaced by its SHA-256, so the key is always a short ASCII token.
 */
export function jobId(target: HandoffTargetName, reference: string): string {
  if (PLAIN_REFERENCE.test(reference)) return `${target}:${reference}`;
  return `${target}:sha256-${createHash('sha256').update(reference, 'utf8').digest('hex').slice(0, 40)}`;
}

/** A new job, due at once. */
export function newJob(target: HandoffTargetName, payload: HandoffPayload, now: number): HandoffJob {
  return { id: jobId(target, payload.reference), target, payload, state: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, ticket: null, createdAt: now, leaseUntil: 0 };
}
