import type { HandoffJob } from './handoffJob';
import { backoffMs, retryAfterMs, type RetryPolicy } from './retryPolicy';

/** What one delivery attempt came to, as a value: targets never throw for what a remote end does. */
export type DeliveryOutcome =
  /** The target answered: `ticket` when a 2xx named one. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter: string | null; readonly ticket: string | null }
  /** The attempt took longer than the policy's timeout. */
  | { readonly kind: 'timeout' }
  /** No answer: refused, reset, DNS, TLS. */
  | { readonly kind: 'network'; readonly message: string }
  /** A 2xx whose body we cannot use (ServiceNow created something but did not say what): asked again. */
  | { readonly kind: 'unreadable'; readonly message: string };

export type Verdict = 'sent' | 'retry' | 'fail';

/**
 * What an outcome means: a 2xx is sent; 408, 429, 5xx, a timeout, a network error or an unreadable 2xx are worth
 * another attempt; any other status (3xx — redirects are not followed —, 400, 401, 403, 404, 409, 422…) will not
 * get better by asking again and fails at once.
 */
export function verdictOf(outcome: DeliveryOutcome): Verdict {
  if (outcome.kind !== 'status') return 'retry';
  const s = outcome.status;
  if (s >= 200 && s < 300) return 'sent';
  if (s === 408 || s === 429 || s >= 500) return 'retry';
  return 'fail';
}

/** A short description of a failed outcome for `lastError` (logs and the batch results; never shown to chat users). */
export function describeOutcome(outcome: DeliveryOutcome): string {
  switch (outcome.kind) {
    case 'status':
      return `HTTP ${outcome.status}`;
    case 'timeout':
      return 'timed out';
    case 'network':
      return `network: ${outcome.message.slice(0, 200)}`;
    case 'unreadable':
      return `unreadable answer: ${outcome.message.slice(0, 200)}`;
  }
}

/** The fields of a job that an attempt changes. */
export type JobUpdate = Pick<HandoffJob, 'state' | 'nextAttemptAt' | 'lastError' | 'ticket' | 'leaseUntil'>;

/**
 * The job after an attempt (its `attempts` already counts this one): sent, failed for good, or pending until the
 * backoff (or the target's Retry-After, whichever is later) has passed. The last allowed attempt failing makes it
 * `failed` whatever the outcome.
 */
export function afterAttempt(job: HandoffJob, outcome: DeliveryOutcome, policy: RetryPolicy, now: number, random: () => number): JobUpdate {
  const verdict = verdictOf(outcome);
  if (verdict === 'sent') {
    return { state: 'sent', nextAttemptAt: now, lastError: null, ticket: outcome.kind === 'status' ? outcome.ticket : null, leaseUntil: 0 };
  }
  const lastError = describeOutcome(outcome);
  if (verdict === 'fail' || job.attempts >= policy.maxAttempts) return { state: 'failed', nextAttemptAt: now, lastError, ticket: null, leaseUntil: 0 };
  const asked = outcome.kind === 'status' ? retryAfterMs(outcome.retryAfter, now) : null;
  const wait = Math.max(backoffMs(job.attempts, policy, random), asked ?? 0);
  return { state: 'pending', nextAttemptAt: now + wait, lastError, ticket: null, leaseUntil: 0 };
}
