import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/config';
import { workerScript } from '../config/workerScript';
import type { TriageOptions, TriageResult, TriageThreads } from '../recognize/triage';
import { errorOfKind, InternalError, type ErrorKind } from '../errors/errors';

export type TriageSettings = Pick<Config, 'KNOWLEDGE_DIR' | 'MODEL_CACHE'>;

export interface TriageWorkerData {
  readonly settings: TriageSettings;
}

export interface TriageJob {
  readonly id: number;
  readonly data: Uint8Array | string;
  readonly options: TriageOptions;
}

export type TriageReply = { readonly id: number; readonly result: TriageResult } | { readonly id: number; readonly error: string; readonly kind: ErrorKind };

/** Triage on other threads: the same answers as `triage()`, several tickets at once. */
export interface TriagePool extends TriageThreads {
  readonly size: number;
  triage(data: Uint8Array | string, options: TriageOptions): Promise<TriageResult>;
  close(): Promise<void>;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (r: TriageResult) => void; reject: (e: Error) => void }>;
  ready: Promise<void>;
  stopped: string | null;
}

/**
 * `size` worker threads, each with its own catalog and recognizer. A job goes to the worker with the fewest jobs
 * waiting. A worker that dies fails its waiting jobs with the reason (each becomes an error row of its ticket) and
 * takes no more; when none is left, every later job fails the same way.
 */
export function createTriagePool(settings: TriageSettings, size: number): TriagePool {
  if (!Number.isInteger(size) || size < 1) throw new InternalError(`a triage pool needs at least one worker, not ${size}`);
  const file = workerScript(__dirname, join('src', 'batch'), 'triageWorker.js', 'the batch triage worker');
  let nextId = 0;
  const slots: Slot[] = [];
  for (let i = 0; i < size; i++) {
    // A young generation of a few MiB: a triage's garbage dies young, and a bigger one only holds more RSS.
    const worker = new Worker(file, { workerData: { settings } satisfies TriageWorkerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    // A thread keeps the process alive only while it holds jobs (a server's idle pool does not hold up its exit).
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), ready: Promise.resolve(), stopped: null };
    slot.ready = new Promise((resolve, reject) => {
      const stop = (reason: string) => {
        if (slot.stopped !== null) return;
        slot.stopped = reason;
        const err = new InternalError(`triage worker stopped: ${reason}`);
        reject(err);
        for (const p of slot.pending.values()) p.reject(err);
        slot.pending.clear();
      };
      worker.on('message', (m: TriageReply | { ready: true }) => {
        if ('ready' in m) return resolve();
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if (slot.pending.size === 0) worker.unref();
        if ('result' in m) p.resolve(m.result);
        else p.reject(errorOfKind(m.kind, m.error));
      });
      worker.on('error', (err) => stop(err.message));
      worker.on('exit', (code) => stop(`exit code ${code}`));
    });
    // A start-up failure is reported through the jobs that were waiting for it.
    slot.ready.catch(() => undefined);
    slots.push(slot);
  }

  return {
    size,
    get alive() {
      return slots.some((s) => s.stopped === null);
    },
    async triage(data, options) {
      const live = slots.filter((s) => s.stopped === null);
      if (live.length === 0) throw new InternalError(`triage worker stopped: ${slots[0]?.stopped ?? 'none started'}`);
      const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      if (slot.pending.size === 0) slot.worker.ref();
      const result = new Promise<TriageResult>((resolve, reject) => slot.pending.set(id, { resolve, reject }));
      // A copy the thread owns: a view into a larger buffer (an mbox chunk) would otherwise send the whole buffer.
      const own = typeof data === 'string' ? data : new Uint8Array(data);
      slot.worker.postMessage({ id, data: own, options } satisfies TriageJob, typeof own === 'string' ? [] : [own.buffer]);
      return result;
    },
    async close() {
      await Promise.all(
        slots.map(async (s) => {
          s.stopped ??= 'closed';
          await s.worker.terminate();
        }),
      );
    },
  };
}
