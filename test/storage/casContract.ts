import { randomUUID } from 'node:crypto';
import { CREATE_ONLY_ETAG, VALUE_JSON, type CasStorage } from '../../src/storage/casStorage';
import { StorageConflictError } from '../../src/storage/storageConflictError';

/** The compare-and-set rules every store of ours must honour (see src/storage/casStorage.ts). */
export function describeCasContract(name: string, open: () => CasStorage | Promise<CasStorage>): void {
  describe(`${name}: compare-and-set`, () => {
    const fresh = () => `conv/${randomUUID()}/`;

    it('refuses a write based on a stale eTag with StorageConflictError and keeps the newer item', async () => {
      const s = await open();
      const key = fresh();
      await s.write({ [key]: { n: 1, eTag: CREATE_ONLY_ETAG } });
      const first = (await s.read([key]))[key]!;
      await s.write({ [key]: { ...first, n: 2 } });
      const stale = s.write({ [key]: { ...first, n: 3 } });
      await expect(stale).rejects.toBeInstanceOf(StorageConflictError);
      await expect(stale).rejects.toMatchObject({ key });
      expect((await s.read([key]))[key]!.n).toBe(2);
    });

    it('lets exactly one of two racing first writes land; the other gets StorageConflictError', async () => {
      const s = await open();
      const key = fresh();
      const results = await Promise.allSettled([s.write({ [key]: { by: 'a', eTag: CREATE_ONLY_ETAG } }), s.write({ [key]: { by: 'b', eTag: CREATE_ONLY_ETAG } })]);
      const landed = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(landed).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(StorageConflictError);
      const winner = results[0]!.status === 'fulfilled' ? 'a' : 'b';
      expect((await s.read([key]))[key]!.by).toBe(winner);
    });

    it('refuses a create-only write when the key exists', async () => {
      const s = await open();
      const key = fresh();
      await s.write({ [key]: { n: 1 } });
      await expect(s.write({ [key]: { n: 2, eTag: CREATE_ONLY_ETAG } })).rejects.toBeInstanceOf(StorageConflictError);
      expect((await s.read([key]))[key]!.n).toBe(1);
    });

    it('returns the eTag it wrote, which the next compare-and-set can use', async () => {
      const s = await open();
      const key = fresh();
      const written = await s.write({ [key]: { n: 1, eTag: CREATE_ONLY_ETAG } });
      expect(written[key]).toBe((await s.read([key]))[key]!.eTag);
      await s.write({ [key]: { n: 2, eTag: written[key] } });
      expect((await s.read([key]))[key]).toEqual({ n: 2, eTag: expect.any(String) });
    });

    it("stores the value's JSON a writer hands over instead of serializing the value again, and never the hint itself", async () => {
      const s = await open();
      const key = fresh();
      // The hint is trusted as it is: a text that differs from the value shows which one the store wrote.
      await s.write({ [key]: { n: 1, eTag: CREATE_ONLY_ETAG, [VALUE_JSON]: '{"n":2,"from":"hint"}' } });
      const read = (await s.read([key]))[key]!;
      expect(read).toEqual({ n: 2, from: 'hint', eTag: expect.any(String) });
      expect(Object.getOwnPropertySymbols(read)).toEqual([]);
      await s.write({ [key]: { n: 3, eTag: read.eTag } });
      expect((await s.read([key]))[key]).toEqual({ n: 3, eTag: expect.any(String) });
    });

    it('overwrites with "*" or no eTag, and deletes', async () => {
      const s = await open();
      const key = fresh();
      await s.write({ [key]: { n: 1 } });
      await s.write({ [key]: { n: 2, eTag: '*' } });
      expect((await s.read([key, 'missing/key']))).toEqual({ [key]: { n: 2, eTag: expect.any(String) } });
      await s.delete([key]);
      expect(await s.read([key])).toEqual({});
    });

    it('purges the items last written before a cutoff and keeps the newer ones', async () => {
      const s = await open();
      const [old, recent, kept] = [fresh(), fresh(), fresh()];
      await s.write({ [old]: { n: 1 }, [kept]: { secret: true } });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // blob timestamps have one-second resolution
      const cutoff = new Date();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await s.write({ [recent]: { n: 2 } });
      const purged = await s.purgeOlderThan(cutoff, [kept]);
      expect(purged).toBeGreaterThanOrEqual(1);
      expect(await s.read([old])).toEqual({});
      expect((await s.read([kept]))[kept]).toMatchObject({ secret: true });
      expect((await s.read([recent]))[recent]).toMatchObject({ n: 2 });
      // Written again after the cutoff: the item is young again and survives the next purge.
      await s.write({ [recent]: { n: 3 } });
      await s.purgeOlderThan(cutoff);
      expect((await s.read([recent]))[recent]).toMatchObject({ n: 3 });
    });
  });
}
