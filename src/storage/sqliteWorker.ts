import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SQLITE_SCHEMA, sqlitePragmas, type SqliteReply, type SqliteRequest } from './sqliteProtocol';

/**
 * The thread that owns the SQLite connection of one SqliteStorage. Every statement, the WAL appends and the
 * checkpoints' fsync run here, never on the event loop that runs turns. Requests are answered in the order they
 * came (one connection, one at a time); another process on the same file is waited for up to busy_timeout here.
 */
const db = new Database((workerData as { file: string }).file);
sqlitePragmas(db);
db.exec(SQLITE_SCHEMA);
const selectOne = db.prepare<[string], { value: string; etag: string }>('SELECT value, etag FROM items WHERE key = ?');
const upsert = db.prepare<[string, string, string, number]>(
  'INSERT INTO items (key, etag, value, updated) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated = excluded.updated',
);
// Create-only: the primary key refuses a second row, and ON CONFLICT DO NOTHING reports it as 0 changes.
const insertNew = db.prepare<[string, string, string, number]>('INSERT INTO items (key, etag, value, updated) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING');
const updateIf = db.prepare<[string, string, number, string, string]>('UPDATE items SET etag = ?, value = ?, updated = ? WHERE key = ? AND etag = ?');
const remove = db.prepare<[string]>('DELETE FROM items WHERE key = ?');
const removeOlder = db.prepare<[number, string]>('DELETE FROM items WHERE updated < ? AND key NOT IN (SELECT value FROM json_each(?))');
const ping = db.prepare('SELECT 1 AS ok');

/** Thrown inside a write transaction to roll it back: `key` was changed by another writer. */
class Conflict {
  constructor(readonly key: string) {}
}

/** All items in one transaction: either every write lands or none does. */
const writeAll = db.transaction((items: Extract<SqliteRequest, { op: 'write' }>['items']): Record<string, string> => {
  const now = Date.now();
  const written: Record<string, string> = {};
  for (const item of items) {
    const next = randomUUID();
    const landed =
      item.kind === 'create'
        ? insertNew.run(item.key, next, item.json, now).changes === 1
        : item.kind === 'match'
          ? updateIf.run(next, item.json, now, item.key, item.eTag!).changes === 1
          : upsert.run(item.key, next, item.json, now).changes === 1;
    if (!landed) throw new Conflict(item.key);
    written[item.key] = next;
  }
  return written;
});
const deleteAll = db.transaction((keys: string[]) => keys.forEach((k) => remove.run(k)));

function answer(request: SqliteRequest): SqliteReply {
  switch (request.op) {
    case 'read':
      return { id: request.id, rows: request.keys.flatMap((key) => {
        const row = selectOne.get(key);
        return row ? [[key, row.value, row.etag] as [string, string, string]] : [];
      }) };
    case 'write':
      try {
        return { id: request.id, etags: writeAll(request.items) };
      } catch (err) {
        if (err instanceof Conflict) return { id: request.id, conflict: err.key };
        throw err;
      }
    case 'delete':
      deleteAll(request.keys);
      return { id: request.id, done: true };
    case 'purge':
      return { id: request.id, count: removeOlder.run(request.cutoff, request.keep).changes };
    case 'ping':
      return { id: request.id, ok: ping.get() !== undefined };
    case 'close':
      db.close();
      return { id: request.id, done: true };
  }
}

parentPort!.on('message', (request: SqliteRequest) => {
  let reply: SqliteReply;
  try {
    reply = answer(request);
  } catch (err) {
    reply = { id: request.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  parentPort!.postMessage(reply);
  if (request.op === 'close') parentPort!.close();
});
