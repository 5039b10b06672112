import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../../bench/support/azurite';
import { postTurn, startServer, type ServerProcess } from '../../bench/support/serverProcess';

jest.setTimeout(240_000);

const COUNTING_SERVER = join(__dirname, '..', 'fixtures', 'server', 'countingServer.js');
const TURNS = 10;
const base = { PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000' };

async function startMany(count: number, env: Record<string, string>): Promise<ServerProcess[]> {
  const servers: ServerProcess[] = [];
  // One after another: they share two CPU cores with the rest of the test run.
  for (let i = 0; i < count; i++) servers.push(await startServer([COUNTING_SERVER], { ...base, ...env }));
  return servers;
}

/**
 * Fires TURNS messages of one conversation at once, spread round-robin over the processes, and returns the
 * "step N" numbers the user saw, in order. Every turn must be answered exactly once.
 */
async function raceOneConversation(servers: readonly ServerProcess[]): Promise<number[]> {
  const conversation = `race-${Date.now()}-${Math.random()}`;
  const results = await Promise.all(
    Array.from({ length: TURNS }, (_, i) => postTurn(servers[i % servers.length]!.base, conversation, `turn-${i}`, `hello ${i}`)),
  );
  for (const r of results) expect(r.status).toBe(200);
  const steps = results.flatMap((r) => r.texts).map((t) => Number(/^step (\d+)$/.exec(t)?.[1] ?? Number.NaN));
  // One more turn, after the race, reads the count every process agreed on.
  const after = await postTurn(servers[0]!.base, conversation, 'after', 'and now?');
  return [...steps.sort((a, b) => a - b), Number(/^step (\d+)$/.exec(after.texts[0] ?? '')?.[1])];
}

const expected = [...Array.from({ length: TURNS }, (_, i) => i + 1), TURNS + 1];

describe.each([2, 4])('%i server processes on one SQLite file', (count) => {
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ndr-many-')), 'state.db');
    servers = await startMany(count, { STORAGE: 'sqlite', SQLITE_PATH: file });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it(`answers ${TURNS} simultaneous turns of one conversation once each, and the conversation ends at step ${TURNS}`, async () => {
    expect(await raceOneConversation(servers)).toEqual(expected);
  });
});

describe('server processes on one Azurite container', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite?.stop());

  it.each([2, 4])(`%i processes answer ${TURNS} simultaneous turns of one conversation once each, ending at step ${TURNS}`, async (count) => {
    const servers = await startMany(count, { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connection, BLOB_CONTAINER: `ndr-many-${count}` });
    try {
      expect(await raceOneConversation(servers)).toEqual(expected);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});
