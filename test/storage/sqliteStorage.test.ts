import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { UpstreamError } from '../../src/errors/errors';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { StorageConflictError } from '../../src/storage/storageConflictError';
import { describeCasContract } from './casContract';

jest.setTimeout(60_000);
const run = promisify(execFile);
const fresh = () => join(mkdtempSync(join(tmpdir(), 'ndr-sqlite-')), 'state.db');

describeCasContract('SqliteStorage', () => new SqliteStorage(fresh()));

describe('SqliteStorage', () => {
  it('stores, reads back with an eTag, and deletes', async () => {
    const s = new SqliteStorage(fresh());
    await s.write({ a: { step: 2, stack: ['main'] } });
    const { a } = await s.read(['a', 'missing']);
    expect(a).toEqual({ step: 2, stack: ['main'], eTag: expect.any(String) });
    await s.delete(['a']);
    expect(await s.read(['a'])).toEqual({});
  });

  it('gives each write a new eTag and refuses a write based on a stale one', async () => {
    const s = new SqliteStorage(fresh());
    await s.write({ a: { n: 1 } });
    const first = (await s.read(['a'])).a!;
    await s.write({ a: { ...first, n: 2 } });
    const second = (await s.read(['a'])).a!;
    expect(second.eTag).not.toBe(first.eTag);
    await expect(s.write({ a: { ...first, n: 3 } })).rejects.toBeInstanceOf(StorageConflictError);
    expect((await s.read(['a'])).a!.n).toBe(2);
    await s.write({ a: { n: 4, eTag: '*' } });
    expect((await s.read(['a'])).a!.n).toBe(4);
    s.close();
  });

  it('writes all items of one call or none', async () => {
    const s = new SqliteStorage(fresh());
    await s.write({ a: { n: 1 }, b: { n: 1 } });
    const { a, b } = await s.read(['a', 'b']);
    await s.write({ b: { ...b, n: 2 } });
    await expect(s.write({ a: { ...a, n: 9 }, b: { ...b, n: 9 } })).rejects.toThrow('"b" was changed by another writer');
    const after = await s.read(['a', 'b']);
    expect([after.a!.n, after.b!.n]).toEqual([1, 2]);
  });

  it('keeps state across a reopen, and two connections to one file see each other', async () => {
    const file = fresh();
    const one = new SqliteStorage(file);
    const two = new SqliteStorage(file);
    await one.write({ conv: { step: 1 } });
    const seenByTwo = (await two.read(['conv'])).conv!;
    const seenByOne = (await one.read(['conv'])).conv!;
    await two.write({ conv: { ...seenByTwo, step: 2 } });
    await expect(one.write({ conv: { ...seenByOne, step: 3 } })).rejects.toBeInstanceOf(StorageConflictError);
    await one.close();
    await two.close();
    const reopened = new SqliteStorage(file);
    expect((await reopened.read(['conv'])).conv!.step).toBe(2);
    expect(await reopened.ping()).toBe(true);
    await reopened.close();
  });

  it('loses no update when two processes increment the same item', async () => {
    const file = fresh();
    // The item exists before the race: every increment is then a compare-and-set on its eTag.
    const setup = new SqliteStorage(file);
    await setup.write({ counter: { n: 0 } });
    await setup.close();
    const storageDir = join(__dirname, '..', '..', 'dist', 'src', 'storage');
    const child = join(__dirname, '..', 'fixtures', 'storage', 'incrementer.js');
    const results = await Promise.all([1, 2].map(() => run(process.execPath, [child, storageDir, file, '300'])));
    const s = new SqliteStorage(file);
    expect((await s.read(['counter'])).counter!.n).toBe(600);
    for (const r of results) expect(Number.isInteger(Number(r.stdout))).toBe(true);
  });
});

describe('SqliteStorage on its own thread', () => {
  it('keeps the event loop free while SQLite waits for another connection’s write lock', async () => {
    const file = fresh();
    const s = new SqliteStorage(file);
    await s.write({ a: { n: 1 } });
    // Another connection (as another process would) takes the write lock and holds it for a while.
    const other = new Database(file);
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN IMMEDIATE');
    const item = (await s.read(['a'])).a!;
    const write = s.write({ a: { ...item, n: 2 } });
    // While the store's thread waits on the lock, timers on this thread still run on time.
    const lags: number[] = [];
    for (let i = 0; i < 10; i++) {
      const asked = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      lags.push(Date.now() - asked - 20);
    }
    expect(Math.max(...lags)).toBeLessThan(150);
    other.exec('COMMIT');
    other.close();
    await write;
    expect((await s.read(['a'])).a!.n).toBe(2);
    await s.close();
  });

  it('fails the requests a dead thread held with a storage error, and the next request starts a new thread', async () => {
    const s = new SqliteStorage(fresh());
    await s.write({ a: { n: 1 } });
    const thread = (s as unknown as { worker: Worker }).worker;
    const dying = thread.terminate();
    const held = s.read(['a']);
    await dying;
    await expect(held).rejects.toBeInstanceOf(UpstreamError);
    expect((await s.read(['a'])).a!.n).toBe(1);
    await s.close();
    await expect(s.read(['a'])).rejects.toThrow('closed');
  });

  it('refuses a path it cannot open at construction, with SQLite’s reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndr-sqlite-'));
    expect(() => new SqliteStorage(dir)).toThrow();
  });

  it('lets the process exit when it holds no request (the thread does not keep it alive), and close() still finishes', async () => {
    const file = fresh();
    const storageDir = join(__dirname, '..', '..', 'dist', 'src', 'storage');
    const script = `const { SqliteStorage } = require(${JSON.stringify(join(storageDir, 'sqliteStorage.js'))});
      const s = new SqliteStorage(${JSON.stringify(file)});
      s.write({ a: { n: 7 } }).then(() => process.stdout.write('written'));
      setTimeout(() => {
        const t = new SqliteStorage(${JSON.stringify(file)});
        t.read(['a']).then(() => t.close()).then(() => process.stdout.write(' closed'));
      }, 500);`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 20_000 });
    // And close() resolves even when nothing else keeps the process running.
    expect(stdout).toBe('written closed');
    const s = new SqliteStorage(file);
    expect((await s.read(['a'])).a!.n).toBe(7);
    await s.close();
  });
});
