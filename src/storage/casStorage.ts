import type { StoreItems } from 'botbuilder';

/**
 * The eTag an item carries on `write` says which condition the write must meet:
 *
 * | item `eTag`             | the write lands only if …                         | otherwise               |
 * |-------------------------|---------------------------------------------------|-------------------------|
 * | a value `read` returned | the stored item still has that eTag               | `StorageConflictError`  |
 * | `CREATE_ONLY_ETAG`      | nothing is stored under the key yet (a racing first write loses) | `StorageConflictError` |
 * | `'*'` or none           | always (Bot Framework's last-writer-wins)         | —                       |
 *
 * `CREATE_ONLY_ETAG` is a value no store of ours ever hands out (they issue UUIDs, counters or quoted blob eTags),
 * so it cannot be mistaken for a real eTag.
 */
export const CREATE_ONLY_ETAG = '<create-only>';

/** The new eTag of every item a write stored, by key. */
export type WrittenETags = Record<string, string>;

/**
 * Bot Framework's Storage shape (read, write, delete) with writes that honour the conditions above and tell the
 * caller the eTags they wrote, so that a second save in the same turn is again a compare-and-set. Bot Framework's
 * own stores resolve `write` with nothing and let an unconditional first write overwrite: the type system keeps
 * them out.
 */
export interface CasStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<WrittenETags>;
  delete(keys: string[]): Promise<void>;
  /**
   * Deletes every item last written before `cutoff` (retention), except the keys in `keep`, and tells how many
   * went. An item written again while the purge runs is kept.
   */
  purgeOlderThan(cutoff: Date, keep?: readonly string[]): Promise<number>;
}

export type WriteCondition = { readonly kind: 'create' } | { readonly kind: 'match'; readonly eTag: string } | { readonly kind: 'any' };

/**
 * A writer that already has the JSON of an item's value (everything but its eTag) may put it on the item under this
 * key, so that the store writes that text instead of serializing the value a second time. A symbol: JSON and the
 * stores never see it as a property of the value.
 */
export const VALUE_JSON = Symbol('casStorage.valueJson');

/** Splits a store item into its value's JSON (the item without its eTag) and the condition its eTag asks for. */
export function writeCondition(item: unknown): { readonly json: string; readonly condition: WriteCondition } {
  const { eTag, [VALUE_JSON]: known, ...value } = (item ?? {}) as { eTag?: unknown; [VALUE_JSON]?: unknown };
  const json = typeof known === 'string' ? known : JSON.stringify(value);
  if (eTag === CREATE_ONLY_ETAG) return { json, condition: { kind: 'create' } };
  if (typeof eTag === 'string' && eTag !== '' && eTag !== '*') return { json, condition: { kind: 'match', eTag } };
  return { json, condition: { kind: 'any' } };
}
