import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(120_000);

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'server', 'main.js');

/** Starts the real server process and resolves with its base URL once it listens. */
function startServer(sqlitePath: string): Promise<{ proc: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SQLITE_PATH: sqlitePath, STORAGE: 'sqlite', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, base: m[1]! });
      }
    });
    proc.stderr!.on('data', (d) => (out += d));
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

async function say(base: string, text: string): Promise<string> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `m-${Date.now()}-${Math.random()}`,
      channelId: 'emulator',
      serviceUrl: base,
      from: { id: 'admin' },
      recipient: { id: 'bot' },
      conversation: { id: 'resume-test' },
      locale: 'en-US',
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { activities: { text?: string }[] }).activities.map((a) => a.text ?? '').join('\n');
}

it('resumes a conversation at the same step after the process is killed with SIGKILL', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'ndr-kill-')), 'state.db');
  const first = await startServer(db);
  try {
    expect(await say(first.base, '550 5.7.750 Service unavailable')).toContain('This looks like 5.7.750');
    expect(await say(first.base, 'yes')).toContain('Step 1 of 7: Accepted domains');
    expect(await say(first.base, 'skip')).toContain('Step 2 of 7: Inbound connectors');
  } finally {
    first.proc.kill('SIGKILL');
  }
  await new Promise((resolve) => first.proc.once('exit', resolve));

  const second = await startServer(db);
  try {
    expect(await say(second.base, 'skip')).toContain('Step 3 of 7: Connector changes in the audit log');
  } finally {
    second.proc.kill('SIGTERM');
  }
  // SIGTERM is a graceful stop: in-flight turns finish, storage closes, exit code 0.
  expect(await new Promise((resolve) => second.proc.once('exit', (code) => resolve(code)))).toBe(0);
});
