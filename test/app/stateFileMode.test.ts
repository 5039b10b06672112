import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';

jest.setTimeout(120_000);

it('creates the SQLite state file, its -wal and -shm 0600 and its directory 0700, whatever the umask', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ndr-state-'));
  const previous = process.umask(0o022);
  try {
    const file = join(root, 'fresh', 'state.db');
    const app = createApp(loadConfig({ ...process.env, STORAGE: 'sqlite', SQLITE_PATH: file, LOG_LEVEL: 'silent' }));
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', channelId: 'emulator', serviceUrl: base, from: { id: 'u' }, recipient: { id: 'bot' }, conversation: { id: 'c' }, text: '550 5.7.750', deliveryMode: 'expectReplies' }),
    });
    expect(res.status).toBe(200);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(join(root, 'fresh'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    await app.close();
  } finally {
    process.umask(previous);
    rmSync(root, { recursive: true, force: true });
  }
});
