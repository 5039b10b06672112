import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { startRetention } from '../../src/storage/retention';

const DAY = 24 * 60 * 60 * 1000;

describe('retention', () => {
  it('purges what was last written more than the retention ago, and nothing younger', async () => {
    const storage = new InMemoryStorage();
    await storage.write({ 'c/1/': { n: 1 }, 'c/2/': { n: 2 } });
    let clock = Date.now() + 29 * DAY;
    const purges: number[] = [];
    const retention = startRetention(storage, { days: 30, everyMs: 3_600_000, now: () => new Date(clock), onPurged: (n) => purges.push(n) });
    try {
      expect(await retention.runOnce()).toBe(0);
      expect(Object.keys(await storage.read(['c/1/', 'c/2/']))).toHaveLength(2);
      clock = Date.now() + 30 * DAY + 60_000;
      expect(await retention.runOnce()).toBe(2);
      expect(await storage.read(['c/1/', 'c/2/'])).toEqual({});
      expect(purges).toContain(2);
    } finally {
      retention.stop();
    }
  });

  it('reports a failing purge and keeps running', async () => {
    const storage = new InMemoryStorage();
    let failures = 0;
    const errors: unknown[] = [];
    storage.purgeOlderThan = async () => {
      if (failures++ === 0) throw new Error('store down');
      return 0;
    };
    const retention = startRetention(storage, { days: 1, everyMs: 20, onError: (err) => errors.push(err) });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(errors).toHaveLength(1);
      expect(failures).toBeGreaterThan(1);
    } finally {
      retention.stop();
    }
  });

  it('runs in the app once it listens: an SQLite conversation older than STATE_RETENTION_DAYS is gone, a recent one and the signing secret stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndr-retention-'));
    const file = join(dir, 'state.db');
    const app = createApp(loadConfig({ ...process.env, STORAGE: 'sqlite', SQLITE_PATH: file, STATE_RETENTION_DAYS: '7', LOG_LEVEL: 'silent' }));
    const db = new Database(file);
    try {
      const insert = db.prepare('INSERT INTO items (key, etag, value, updated) VALUES (?, ?, ?, ?)');
      insert.run('emulator/conversations/old/', 'e1', '{"n":1}', Date.now() - 8 * DAY);
      insert.run('emulator/conversations/recent/', 'e2', '{"n":2}', Date.now() - 6 * DAY);
      insert.run('directline/secret', 'e3', '{"key":"c2VjcmV0"}', Date.now() - 400 * DAY);
      await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
      const keys = async () => {
        for (let i = 0; i < 100; i++) {
          const rows = db.prepare('SELECT key FROM items ORDER BY key').all() as { key: string }[];
          if (rows.length < 3) return rows.map((r) => r.key);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return ['timed out'];
      };
      expect(await keys()).toEqual(['directline/secret', 'emulator/conversations/recent/']);
    } finally {
      db.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a retention that is not a whole number of days from 1 to 3650', () => {
    expect(() => loadConfig({ STATE_RETENTION_DAYS: '0' })).toThrow(/STATE_RETENTION_DAYS/);
    expect(() => loadConfig({ STATE_RETENTION_DAYS: 'forever' })).toThrow(/STATE_RETENTION_DAYS/);
    expect(loadConfig({}).STATE_RETENTION_DAYS).toBe(30);
  });
});
