import { InternalError } from '../errors/errors';

/**
 * A conditional write lost a race: the item changed (or was created) since this turn read it. Every store of ours
 * throws exactly this class for it, so callers decide with `instanceof`, never by reading a message. The turn can
 * be run again on fresh state.
 */
export class StorageConflictError extends InternalError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`Storage: "${key}" was changed by another writer (eTag conflict)`, options);
  }
}
