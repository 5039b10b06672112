import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { StoreItems } from 'botbuilder';
import { workerScript } from '../config/workerScript';
import { InternalError, UpstreamError } from '../errors/errors';
import { writeCondition, type CasStorage, type WrittenETags } from './casStorage';
import { SQLITE_SCHEMA, sqlitePragmas, type SqliteReply, type SqliteRequest } from './sqliteProtocol';
import { StorageConflictError } from './storageConflictError';

/** Requests as the caller writes them; the store numbers them. */
type Request = SqliteRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * Bot state in SQLite (WAL mode): read, write with eTag compare-and-set (see CasStorage), delete. Several
 * processes may share one file; a stale or racing first write fails with StorageConflictError instead of
 * overwriting a newer state.
 *
 * The connection lives on a thread of its own (sqliteWorker): a turn hands over the JSON and waits without
 * blocking the event loop, so the other conversations go on while SQLite writes, checkpoints and fsyncs, or waits
 * for another process's lock. The file is opened once here first, so that a path that cannot be used fails at
 * start-up with SQLite's own reason. A thread that dies fails the requests it held; the next request starts a new one.
 */
export class SqliteStorage implements CasStorage {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (reply: SqliteReply) => void; reject: (err: Error) => void }>();
  private nextId = 0;
  private closed: Promise<void> | null = null;
  private holdOpen = false;

  constructor(private readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      sqlitePragmas(db);
      db.exec(SQLITE_SCHEMA);
    } finally {
      db.close();
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    const reply = await this.ask({ op: 'read', keys });
    const items: StoreItems = {};
    if ('rows' in reply) for (const [key, json, eTag] of reply.rows) items[key] = { ...(JSON.parse(json) as object), eTag };
    return items;
  }

  /** All items in one transaction: either every write lands or none does. */
  async write(changes: StoreItems): Promise<WrittenETags> {
    const items = Object.entries(changes).map(([key, item]) => {
      const { json, condition } = writeCondition(item);
      return { key, json, kind: condition.kind, ...(condition.kind === 'match' ? { eTag: condition.eTag } : {}) };
    });
    const reply = await this.ask({ op: 'write', items });
    if ('conflict' in reply) throw new StorageConflictError(reply.conflict);
    return 'etags' in reply ? reply.etags : {};
  }

  async delete(keys: string[]): Promise<void> {
    await this.ask({ op: 'delete', keys });
  }

  async purgeOlderThan(cutoff: Date, keep: readonly string[] = []): Promise<number> {
    const reply = await this.ask({ op: 'purge', cutoff: cutoff.getTime(), keep: JSON.stringify(keep) });
    return 'count' in reply ? reply.count : 0;
  }

  /** Storage is reachable: a trivial query succeeds. */
  async ping(): Promise<boolean> {
    const reply = await this.ask({ op: 'ping' });
    return 'ok' in reply && reply.ok;
  }

  /** Lets the requests already made finish, then closes the connection and ends the thread. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (!this.worker) return;
      const worker = this.worker;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held until it has exited: close() resolves once the connection is closed, even with nothing else to run.
      this.holdOpen = true;
      worker.ref();
      await this.send({ op: 'close' }).catch(() => undefined);
      await exited;
    })();
    return this.closed;
  }

  private ask(request: Request): Promise<SqliteReply> {
    if (this.closed) return Promise.reject(new InternalError('the SQLite store is closed'));
    return this.send(request);
  }

  private send(request: Request): Promise<SqliteReply> {
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise<SqliteReply>((resolve, reject) => {
      // The thread keeps the process alive only while it holds requests.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as SqliteRequest);
    }).then((reply) => {
      if ('error' in reply) throw new UpstreamError(`SQLite state store (${this.file}): ${reply.error}`);
      return reply;
    });
  }

  private settle(id: number): { resolve: (reply: SqliteReply) => void; reject: (err: Error) => void } | undefined {
    const waiting = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0 && !this.holdOpen) this.worker?.unref();
    return waiting;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // It only passes strings to SQLite: a small young generation keeps its garbage (and the RSS it holds) small.
    const worker = new Worker(workerScript(__dirname, join('src', 'storage'), 'sqliteWorker.js', 'the SQLite store thread'), { workerData: { file: this.file }, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });
    worker.unref();
    worker.on('message', (reply: SqliteReply) => this.settle(reply.id)?.resolve(reply));
    const stopped = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const err = new UpstreamError(`SQLite state store (${this.file}): its thread stopped (${reason})`);
      for (const id of [...this.pending.keys()]) this.settle(id)?.reject(err);
    };
    worker.on('error', (err) => stopped(err.message));
    worker.on('exit', (code) => stopped(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
