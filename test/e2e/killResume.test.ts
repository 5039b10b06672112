import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postTurn, startServer, type ServerProcess } from '../../bench/support/serverProcess';

jest.setTimeout(120_000);

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'server', 'main.js');

/** Starts the real server process on `sqlitePath`; resolves once it listens. */
function start(sqlitePath: string): Promise<ServerProcess> {
  return startServer([MAIN], { PORT: '0', HOST: '127.0.0.1', SQLITE_PATH: sqlitePath, STORAGE: 'sqlite', NODE_ENV: 'test' });
}

let turn = 0;
/** One message of the conversation; the replies' texts, one per line. */
async function say(base: string, text: string): Promise<string> {
  const r = await postTurn(base, 'resume-test', `m-${++turn}`, text);
  expect(r.status).toBe(200);
  return r.texts.join('\n');
}

it('resumes a conversation at the same step after the process is killed with SIGKILL', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'ndr-kill-')), 'state.db');
  const first = await start(db);
  try {
    expect(await say(first.base, '550 5.7.750 Service unavailable')).toContain('This looks like 5.7.750');
    expect(await say(first.base, 'yes')).toContain('Step 1 of 7: Accepted domains');
    expect(await say(first.base, 'skip')).toContain('Step 2 of 7: Inbound connectors');
  } finally {
    first.proc.kill('SIGKILL');
  }
  await new Promise((resolve) => first.proc.once('exit', resolve));

  const second = await start(db);
  try {
    expect(await say(second.base, 'skip')).toContain('Step 3 of 7: Connector changes in the audit log');
  } finally {
    second.proc.kill('SIGTERM');
  }
  // SIGTERM is a graceful stop: in-flight turns finish, storage closes, exit code 0.
  expect(await new Promise((resolve) => second.proc.once('exit', (code) => resolve(code)))).toBe(0);
});
