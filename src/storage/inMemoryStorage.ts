import type { StoreItems } from 'botbuilder';
import { writeCondition, type CasStorage, type WrittenETags } from './casStorage';
import { StorageConflictError } from './storageConflictError';

/**
 * Bot state in this process's memory (lost on restart; for tests and `STORAGE=memory`), with the same
 * compare-and-set rules as the other stores. A write of several items lands whole or not at all.
 */
export class InMemoryStorage implements CasStorage {
  private readonly items = new Map<string, { readonly json: string; readonly eTag: string; readonly updated: number }>();
  private counter = 0;

  async read(keys: string[]): Promise<StoreItems> {
    const found: StoreItems = {};
    for (const key of keys) {
      const stored = this.items.get(key);
      if (stored) found[key] = { ...(JSON.parse(stored.json) as object), eTag: stored.eTag };
    }
    return found;
  }

  async write(changes: StoreItems): Promise<WrittenETags> {
    const entries = Object.entries(changes).map(([key, item]) => ({ key, ...writeCondition(item) }));
    for (const { key, condition } of entries) {
      const stored = this.items.get(key);
      const holds = condition.kind === 'create' ? !stored : condition.kind === 'match' ? stored?.eTag === condition.eTag : true;
      if (!holds) throw new StorageConflictError(key);
    }
    const written: WrittenETags = {};
    const updated = Date.now();
    for (const { key, json } of entries) {
      const eTag = String(++this.counter);
      this.items.set(key, { json, eTag, updated });
      written[key] = eTag;
    }
    return written;
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  async purgeOlderThan(cutoff: Date, keep: readonly string[] = []): Promise<number> {
    let purged = 0;
    for (const [key, item] of this.items) {
      if (item.updated < cutoff.getTime() && !keep.includes(key) && this.items.delete(key)) purged++;
    }
    return purged;
  }
}
