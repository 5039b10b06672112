import { CREATE_ONLY_ETAG, type CasStorage } from '../storage/casStorage';
import { isStorageConflict } from '../storage/isStorageConflict';
import { InternalError } from '../errors/errors';
import type { JobUpdate } from './deliveryDecision';
import { newJob, type HandoffJob, type HandoffPayload, type HandoffTargetName } from './handoffJob';

/**
 * The list of jobs that are not final yet. It is kept out of retention's reach (see createApp): it stays while the
 * bot is idle. The jobs themselves are ordinary items: a finished one goes with the conversations after
 * STATE_RETENTION_DAYS (it holds the case: names, addresses).
 */
export const OUTBOX_INDEX_KEY = 'handoff/outbox';
export const jobKey = (id: string): string => `handoff/jobs/${id}`;

interface OutboxIndex {
  readonly ids: readonly string[];
}

/** A job an attempt was claimed for: only its holder may settle it (compare-and-set on this eTag). */
export interface ClaimedJob {
  readonly job: HandoffJob;
  readonly eTag: string;
}

/** Compare-and-set loops give up after this many lost races in a row (each lost race means another writer moved on). */
const CAS_ROUNDS = 50;

/**
 * The durable outbox of hand-off jobs, kept in the state store the bot already uses, through CasStorage only, so
 * it works the same on SQLite, Azure Blob Storage and memory, and across instances sharing one store:
 *
 * - a job is one item (`handoff/jobs/<id>`, its id the idempotency key); the index item lists the jobs not final yet
 *   (CasStorage has no listing, and the index keeps the worker's scan to what is pending);
 * - enqueueing writes the job (create-only) and the index (compare-and-set) in one `write`: one transaction on SQLite
 *   and memory. Blob Storage writes them one after the other; a crash between the two leaves a job outside the index,
 *   which the next enqueue of the same case puts back (enqueue is idempotent) — and the user was not told "queued";
 * - an attempt is claimed by a compare-and-set that counts it and sets a lease: of two workers, one wins. A worker
 *   that dies mid-attempt leaves the lease to run out, and the job is attempted again (with the same idempotency
 *   key, so the target knows it already has it).
 */
export class Outbox {
  /** Index updates of this process one after another (other processes are kept honest by compare-and-set). */
  private indexChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: CasStorage,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores a job for `payload` to `target` unless one with the same idempotency key exists; resolves with the
   * stored job (the existing one when there was one) once it is durable.
   */
  async enqueue(target: HandoffTargetName, payload: HandoffPayload): Promise<HandoffJob> {
    const job = newJob(target, payload, this.now());
    const key = jobKey(job.id);
    return this.withIndex(async () => {
      for (let round = 0; round < CAS_ROUNDS; round++) {
        const items = await this.storage.read([key, OUTBOX_INDEX_KEY]);
        const existing = items[key] as (HandoffJob & { eTag?: string }) | undefined;
        const index = items[OUTBOX_INDEX_KEY] as (OutboxIndex & { eTag?: string }) | undefined;
        const ids = index?.ids ?? [];
        try {
          if (existing) {
            if (existing.state === 'pending' && !ids.includes(job.id)) await this.writeIndex(index, [...ids, job.id]);
            return withoutETag(existing);
          }
          await this.storage.write({
            [key]: { ...job, eTag: CREATE_ONLY_ETAG },
            [OUTBOX_INDEX_KEY]: { ids: [...ids, job.id], eTag: index?.eTag ?? CREATE_ONLY_ETAG },
          });
          return job;
        } catch (err) {
          if (!isStorageConflict(err)) throw err;
        }
      }
      throw new InternalError(`Outbox: could not enqueue ${job.id} (storage kept changing)`);
    });
  }

  async get(id: string): Promise<HandoffJob | null> {
    const item = (await this.storage.read([jobKey(id)]))[jobKey(id)] as (HandoffJob & { eTag?: string }) | undefined;
    return item ? withoutETag(item) : null;
  }

  /** The ids of the jobs not final yet, oldest first. */
  async pendingIds(): Promise<readonly string[]> {
    return ((await this.storage.read([OUTBOX_INDEX_KEY]))[OUTBOX_INDEX_KEY] as OutboxIndex | undefined)?.ids ?? [];
  }

  /**
   * Claims the next attempt of a due job: counts it and holds it for `leaseMs`. Null when the job is missing, final,
   * not due, held by a live lease, or another worker claimed it first.
   */
  async claim(id: string, leaseMs: number): Promise<ClaimedJob | null> {
    const key = jobKey(id);
    const item = (await this.storage.read([key]))[key] as (HandoffJob & { eTag?: string }) | undefined;
    const now = this.now();
    if (!item?.eTag || item.state !== 'pending' || item.nextAttemptAt > now || item.leaseUntil > now) return null;
    const job: HandoffJob = { ...withoutETag(item), attempts: item.attempts + 1, leaseUntil: now + leaseMs };
    try {
      const written = await this.storage.write({ [key]: { ...job, eTag: item.eTag } });
      return { job, eTag: written[key]! };
    } catch (err) {
      if (isStorageConflict(err)) return null;
      throw err;
    }
  }

  /**
   * Stores what the attempt came to. False when the claim was lost meanwhile (the lease ran out and another worker
   * took the job): that worker's outcome stands. A final job leaves the index.
   */
  async settle(claimed: ClaimedJob, update: JobUpdate): Promise<HandoffJob | null> {
    const job: HandoffJob = { ...claimed.job, ...update };
    try {
      await this.storage.write({ [jobKey(job.id)]: { ...job, eTag: claimed.eTag } });
    } catch (err) {
      if (isStorageConflict(err)) return null;
      throw err;
    }
    if (job.state !== 'pending') await this.dropFromIndex(job.id);
    return job;
  }

  /** Deletes a final job (a batch run's outbox keeps memory flat this way); a pending one stays. */
  async forget(id: string): Promise<void> {
    const job = await this.get(id);
    if (job && job.state !== 'pending') await this.storage.delete([jobKey(id)]);
  }

  /** Takes a final or vanished job off the index. */
  async dropFromIndex(id: string): Promise<void> {
    await this.withIndex(async () => {
      for (let round = 0; round < CAS_ROUNDS; round++) {
        const index = (await this.storage.read([OUTBOX_INDEX_KEY]))[OUTBOX_INDEX_KEY] as (OutboxIndex & { eTag?: string }) | undefined;
        if (!index?.ids.includes(id)) return;
        try {
          await this.writeIndex(index, index.ids.filter((x) => x !== id));
          return;
        } catch (err) {
          if (!isStorageConflict(err)) throw err;
        }
      }
      throw new InternalError(`Outbox: could not update the index for ${id} (storage kept changing)`);
    });
  }

  private async writeIndex(index: (OutboxIndex & { eTag?: string }) | undefined, ids: readonly string[]): Promise<void> {
    await this.storage.write({ [OUTBOX_INDEX_KEY]: { ids, eTag: index?.eTag ?? CREATE_ONLY_ETAG } });
  }

  private withIndex<T>(work: () => Promise<T>): Promise<T> {
    const run = this.indexChain.then(work, work);
    this.indexChain = run.catch(() => undefined);
    return run;
  }
}

function withoutETag(item: HandoffJob & { eTag?: string }): HandoffJob {
  const { eTag: _eTag, ...job } = item;
  return job;
}
