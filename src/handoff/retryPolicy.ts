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

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds ("120") or an HTTP date. Null when absent or
 * unreadable; a date in the past is 0. Capped at RETRY_AFTER_CAP_MS.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Math.min(Number(v) * 1000, RETRY_AFTER_CAP_MS);
  // An HTTP date ends in GMT (RFC 9110); Date.parse alone would read "1.5" or "-5" as dates.
  if (v.length > 64 || !v.endsWith('GMT')) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now, 0), RETRY_AFTER_CAP_MS);
}
