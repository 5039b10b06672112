import { StorageConflictError } from './storageConflictError';

/** A write refused because the item changed since it was read. Typed only: each store maps its own signal to StorageConflictError. */
export function isStorageConflict(err: unknown): err is StorageConflictError {
  return err instanceof StorageConflictError;
}
