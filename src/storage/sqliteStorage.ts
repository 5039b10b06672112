import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';

/** A write lost a race: the item changed since it was read. The turn can be retried on fresh state. */
export class StorageConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: "${key}" was changed by another writer (eTag conflict)`);
    this.name = 'StorageConflictError';
  }
}

/**
 * Bot state in SQLite (WAL mode): read, write with eTag compare-and-set, delete. Several processes may share
 * one file; a stale write fails with StorageConflictError instead of overwriting a newer state.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], { value: string; etag: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly updateIf: Database.Statement<[string, string, number, string, string]>;
  private readonly remove: Database.Statement<[string]>;

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
    this.updateIf = this.db.prepare('UPDATE items SET etag = ?, value = ?, updated = ? WHERE key = ? AND etag = ?');
    this.remove = this.db.prepare('DELETE FROM items WHERE key = ?');
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
  async write(changes: StoreItems): Promise<void> {
    const now = Date.now();
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string };
        const json = JSON.stringify(value);
        const next = randomUUID();
        // No eTag or "*": last writer wins, as Bot Framework storage defines it.
        if (!eTag || eTag === '*') this.upsert.run(key, next, json, now);
        else if (this.updateIf.run(next, json, now, key, eTag).changes === 0) {
          throw new StorageConflictError(key);
        }
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    this.db.transaction(() => keys.forEach((k) => this.remove.run(k)))();
  }

  /** Storage is reachable: a trivial query succeeds. */
  ping(): boolean {
    return this.db.prepare('SELECT 1 AS ok').get() !== undefined;
  }

  close(): void {
    this.db.close();
  }
}
