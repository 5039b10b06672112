import { StorageConflictError } from './sqliteStorage';

/**
 * A write refused because the item changed since it was read: ours (SQLite) or the Bot Framework stores'
 * (BlobsStorage and MemoryStorage say "… due to eTag conflict.").
 */
export function isStorageConflict(err: unknown): boolean {
  return err instanceof StorageConflictError || (err instanceof Error && /due to eTag conflict/i.test(err.message));
}
