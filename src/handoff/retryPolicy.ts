import { parseRetryAfter } from '../time/retryAfter';

/** How a hand-off is retried (see README "Helpdesk"). Times in milliseconds. */
export interface RetryPolicy {
  /** The first retry waits about this long; each next one twice as long. */
  readonly baseMs: number;
  /** No wait of our own is longer (a target's Retry-After may be). */
  readonly maxMs: number;
  /** Attempts in all, the first included; after the last failed one the job is `failed`. */
  readonly maxAttempts: number;
  /** The longest one attempt may take (connecting, every request of it, the answer). */
  readonly timeoutMs: number;
}

/** A target's Retry-After is honoured up to this long: a bad header must not park a job for a year. */
export const RETRY_AFTER_CAP_MS = 6 * 60 * 60 * 1000;

/**
 * The wait before the next attempt after `attempt` failed ones (1 = the first failed): exponential, capped at
 * `maxMs`, with "equal jitter" — half of it fixed, half random — so that jobs that failed together (a target
 * that was down) do not all come back at the same moment, and no wait is shorter than half the schedule.
 */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: () => number): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random(), 0), 1));
}

/** Milliseconds a target's `Retry-After` asks to wait (see parseRetryAfter), at most RETRY_AFTER_CAP_MS; null without one. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  return parseRetryAfter(value, now, RETRY_AFTER_CAP_MS);
}
