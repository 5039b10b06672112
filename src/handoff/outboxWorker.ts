import { afterAttempt, type DeliveryOutcome } from './deliveryDecision';
import type { HandoffJob, HandoffTargetName } from './handoffJob';
import type { HandoffTarget } from './handoffTarget';
import type { Outbox } from './outbox';
import type { RetryPolicy } from './retryPolicy';

export interface OutboxWorkerOptions {
  readonly targets: Partial<Record<HandoffTargetName, HandoffTarget>>;
  readonly policy: RetryPolicy;
  /** Attempts running at once. */
  readonly concurrency: number;
  /** How often the outbox is looked at when nothing wakes the worker up. */
  readonly pollMs: number;
  readonly now?: () => number;
  readonly random?: () => number;
  /** A job became final (sent or failed). */
  readonly onSettled?: (job: HandoffJob) => void;
  /** How many jobs are not final, after each pass. */
  readonly onPending?: (count: number) => void;
  /** An attempt failed and will be retried (for logs). */
  readonly onRetry?: (job: HandoffJob) => void;
  readonly onError?: (err: unknown) => void;
}

/**
 * How long a claim holds a job: an attempt never runs past its timeout (the worker stops waiting), so twice that
 * and a few seconds for storing the outcome and for clocks that disagree keep a live worker from being overtaken,
 * while a job whose worker died is due again soon.
 */
export const leaseMs = (timeoutMs: number): number => 2 * timeoutMs + 5000;

/**
 * Delivers the outbox's due jobs, `concurrency` at a time, each attempt bounded by the policy's timeout, and
 * stores what each came to (see afterAttempt). One pass at a time per worker; a poll timer (not keeping the
 * process alive) and `kick` start passes. Any number of workers, in any number of processes, may share an outbox.
 */
export class OutboxWorker {
  private readonly now: () => number;
  private readonly random: () => number;
  private pass: Promise<PassResult> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /**
   * When each pending job this worker looked at is due at the earliest (its backoff or another worker's hold): a pass
   * does not read a job before then, so a backlog costs one read per job and attempt, not one per job and pass.
   * Jobs only ever become due later than seen here, so skipping never delays an attempt.
   */
  private readonly notBefore = new Map<string, number>();

  constructor(
    private readonly outbox: Outbox,
    private readonly options: OutboxWorkerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Passes every `pollMs`, the first right away. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** A pass soon (after the one running, if any): a job was just enqueued. */
  kick(): void {
    void this.runOnce().catch((err: unknown) => this.options.onError?.(err));
  }

  /** Stops the timer and waits for the pass in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass?.catch(() => undefined);
  }

  /** One pass over the due jobs; a call during a pass runs one more pass after it. */
  runOnce(): Promise<PassResult> {
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      try {
        let result: PassResult;
        do {
          this.again = false;
          result = await this.onePass();
        } while (this.again);
        return result;
      } finally {
        this.pass = null;
      }
    })();
    return this.pass;
  }

  /**
   * Passes until no job is pending (a batch run's end) — or until `enough` says so —, waiting with `sleep` until
   * the next one is due. Every job ends sent or failed: the policy's attempts bound the wait.
   */
  async drain(sleep: (ms: number) => Promise<void>, enough: (pending: number) => boolean = (pending) => pending === 0): Promise<void> {
    for (;;) {
      const { pending, nextDueAt } = await this.runOnce();
      if (enough(pending)) return;
      await sleep(Math.min(Math.max((nextDueAt ?? this.now() + this.options.pollMs) - this.now(), 0), this.options.pollMs * 10) || 1);
    }
  }

  private async onePass(): Promise<PassResult> {
    const ids = [...(await this.outbox.pendingIds())];
    let nextDueAt: number | null = null;
    let pending = ids.length;
    const noteDue = (at: number) => {
      nextDueAt = nextDueAt === null ? at : Math.min(nextDueAt, at);
    };
    const known = new Set(ids);
    for (const id of this.notBefore.keys()) if (!known.has(id)) this.notBefore.delete(id);
    const workers = Array.from({ length: Math.max(1, this.options.concurrency) }, async () => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        const seen = this.notBefore.get(id);
        if (seen !== undefined && seen > this.now()) {
          noteDue(seen);
          continue;
        }
        const job = await this.outbox.get(id);
        if (!job || job.state !== 'pending') {
          this.notBefore.delete(id);
          await this.outbox.dropFromIndex(id);
          pending--;
          continue;
        }
        const settled = await this.attempt(job);
        if (settled && settled.state !== 'pending') {
          this.notBefore.delete(id);
          pending--;
        } else {
          const due = settled ? settled.nextAttemptAt : Math.max(job.nextAttemptAt, job.leaseUntil);
          this.notBefore.set(id, due);
          noteDue(due);
        }
      }
    });
    await Promise.all(workers);
    this.options.onPending?.(pending);
    return { pending, nextDueAt };
  }

  /** One attempt of a job if it is due and this worker wins the claim; the job as stored after it, else null. */
  private async attempt(job: HandoffJob): Promise<HandoffJob | null> {
    const target = this.options.targets[job.target];
    if (!target) return null;
    const claimed = await this.outbox.claim(job.id, leaseMs(this.options.policy.timeoutMs));
    if (!claimed) return null;
    const outcome = await this.deliver(target, claimed.job);
    const settled = await this.outbox.settle(claimed, afterAttempt(claimed.job, outcome, this.options.policy, this.now(), this.random));
    if (settled?.state === 'pending') this.options.onRetry?.(settled);
    else if (settled) this.options.onSettled?.(settled);
    return settled;
  }

  /** The target's answer, or a timeout when it takes longer than the policy allows (whether or not it heeds the signal). */
  private async deliver(target: HandoffTarget, job: HandoffJob): Promise<DeliveryOutcome> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<DeliveryOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ kind: 'timeout' });
      }, this.options.policy.timeoutMs);
    });
    const attempt = target
      .deliver(job, controller.signal)
      .catch((err: unknown): DeliveryOutcome => ({ kind: 'network', message: err instanceof Error ? err.message : String(err) }));
    try {
      return await Promise.race([attempt, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface PassResult {
  /** Jobs not final after the pass. */
  readonly pending: number;
  /** When the earliest of them is due again (null when none is pending or none could be told). */
  readonly nextDueAt: number | null;
}
