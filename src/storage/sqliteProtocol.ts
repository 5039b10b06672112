import type Database from 'better-sqlite3';

/** The one table: a conversation's state (or another item) as JSON, its eTag and when it was last written. */
export const SQLITE_SCHEMA = 'CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, etag TEXT NOT NULL, value TEXT NOT NULL, updated INTEGER NOT NULL)';

/** WAL (readers never wait for the writer), fsync at checkpoints only, and a wait for another process's lock. */
export function sqlitePragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}

/** One item of a write: its key, its value as JSON, and the condition its eTag set (see writeCondition). */
export interface SqliteWriteItem {
  readonly key: string;
  readonly json: string;
  readonly kind: 'create' | 'match' | 'any';
  readonly eTag?: string;
}

/** What the store's thread is asked. */
export type SqliteRequest =
  | { readonly id: number; readonly op: 'read'; readonly keys: string[] }
  | { readonly id: number; readonly op: 'write'; readonly items: SqliteWriteItem[] }
  | { readonly id: number; readonly op: 'delete'; readonly keys: string[] }
  | { readonly id: number; readonly op: 'purge'; readonly cutoff: number; readonly keep: string }
  | { readonly id: number; readonly op: 'ping' }
  | { readonly id: number; readonly op: 'close' };

/** Its answers: rows read (key, JSON, eTag), eTags written, the key of a lost compare-and-set, a count, or an error. */
export type SqliteReply =
  | { readonly id: number; readonly rows: [string, string, string][] }
  | { readonly id: number; readonly etags: Record<string, string> }
  | { readonly id: number; readonly conflict: string }
  | { readonly id: number; readonly count: number }
  | { readonly id: number; readonly ok: boolean }
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly error: string };
