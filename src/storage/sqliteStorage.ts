import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StoreItems } from 'botbuilder';
import { writeCondition, type CasStorage, type WrittenETags } from './casStorage';
import { StorageConflictError } from './storageConflictError';

/**
 * Bot state in SQLite (WAL mode): read, write with eTag compare-and-set (see CasStorage), delete. Several
 * processes may share one file; a stale or racing first write fails with StorageConflictError instead of
 * overwriting a newer state.
 */
export class SqliteStorage implements CasStorage {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], { value: string; etag: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly insertNew: Database.Statement<[string, string, string, number]>;
  private readonly updateIf: Database.Statement<[string, string, number, string, string]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly removeOlder: Database.Statement<[number, string]>;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, etag TEXT NOT NULL, value TEXT NOT NULL, updated INTEGER NOT NULL)');
    this.selectOne = this.db.prepare('SELECT value, etag FROM items WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO items (key, etag, value, updated) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated = excluded.updated',
    );
    // Create-only: the primary key refuses a second row, and ON CONFLICT DO NOTHING reports it as 0 changes.
    this.insertNew = this.db.prepare('INSERT INTO items (key, etag, value, updated) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING');
    this.updateIf = this.db.prepare('UPDATE items SET etag = ?, value = ?, updated = ? WHERE key = ? AND etag = ?');
    this.remove = this.db.prepare('DELETE FROM items WHERE key = ?');
    this.removeOlder = this.db.prepare('DELETE FROM items WHERE updated < ? AND key NOT IN (SELECT value FROM json_each(?))');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...(JSON.parse(row.value) as object), eTag: row.etag };
    }
    return items;
  }

  /** All items in one transaction: either every write lands or none does. */
  async write(changes: StoreItems): Promise<WrittenETags> {
    const now = Date.now();
    return this.db.transaction(() => {
      const written: WrittenETags = {};
      for (const [key, item] of Object.entries(changes)) {
        const { value, condition } = writeCondition(item);
        const json = JSON.stringify(value);
        const next = randomUUID();
        const landed =
          condition.kind === 'create'
            ? this.insertNew.run(key, next, json, now).changes === 1
            : condition.kind === 'match'
              ? this.updateIf.run(next, json, now, key, condition.eTag).changes === 1
              : this.upsert.run(key, next, json, now).changes === 1;
        // Throwing inside the transaction rolls back the items already written in this call.
        if (!landed) throw new StorageConflictError(key);
        written[key] = next;
      }
      return written;
    })();
  }

  async delete(keys: string[]): Promise<void> {
    this.db.transaction(() => keys.forEach((k) => this.remove.run(k)))();
  }

  async purgeOlderThan(cutoff: Date, keep: readonly string[] = []): Promise<number> {
    return this.removeOlder.run(cutoff.getTime(), JSON.stringify(keep)).changes;
  }

  /** Storage is reachable: a trivial query succeeds. */
  ping(): boolean {
    return this.db.prepare('SELECT 1 AS ok').get() !== undefined;
  }

  close(): void {
    this.db.close();
  }
}
