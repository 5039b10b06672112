import type { CasStorage } from './casStorage';

export interface RetentionOptions {
  /** Conversations (and local Direct Line transcripts) not written for this many days are deleted. */
  readonly days: number;
  /** How often the purge runs; it also runs once right away. */
  readonly everyMs: number;
  /** Keys that are not conversation data and stay whatever their age (e.g. a signing secret). */
  readonly keep?: readonly string[];
  readonly now?: () => Date;
  readonly onPurged?: (count: number, cutoff: Date) => void;
  readonly onError?: (err: unknown) => void;
}

export interface Retention {
  /** One purge now; resolves with how many items went. */
  runOnce(): Promise<number>;
  stop(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps stored conversations no longer than the retention: state holds pasted NDRs, addresses, names and phone
 * numbers. Several instances may purge the same store; a purge is idempotent and never deletes an item written
 * after its cutoff. The timer does not keep the process alive.
 */
export function startRetention(storage: CasStorage, options: RetentionOptions): Retention {
  const now = options.now ?? (() => new Date());
  let running: Promise<number> | null = null;
  const runOnce = (): Promise<number> => {
    // One purge at a time: a slow listing (Blob) must not pile up purges.
    running ??= (async () => {
      const cutoff = new Date(now().getTime() - options.days * DAY_MS);
      try {
        const count = await storage.purgeOlderThan(cutoff, options.keep ?? []);
        options.onPurged?.(count, cutoff);
        return count;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const tick = () => void runOnce().catch((err: unknown) => options.onError?.(err));
  const timer = setInterval(tick, options.everyMs);
  timer.unref();
  setImmediate(tick);
  return { runOnce, stop: () => clearInterval(timer) };
}
