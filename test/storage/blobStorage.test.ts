import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAdapter } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { createBot } from '../../src/app/createBot';
import { isStorageConflict } from '../../src/storage/isStorageConflict';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

/** Azurite's well-known development account (public, documented; it only exists inside the emulator). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

let azurite: ChildProcess;
let connection: string;

beforeAll(async () => {
  const port = await freePort();
  const bin = join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  azurite = spawn(
    process.execPath,
    [bin, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
    // Azurite may still write small files in its working directory: give it a scratch one.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: mkdtempSync(join(tmpdir(), 'azurite-')) },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      if (/successfully listens/i.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    azurite.stdout!.on('data', onData);
    azurite.stderr!.on('data', onData);
    azurite.on('exit', (code) => reject(new Error(`Azurite exited with ${code}:\n${out}`)));
  });
  connection = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
});

afterAll(() => {
  azurite?.kill('SIGTERM');
});

describe('Azure Blob Storage (Azurite)', () => {
  it('stores state with eTags, and a stale write is recognised as a conflict', async () => {
    const storage = new BlobsStorage(connection, 'ndr-test-etag');
    await storage.write({ conv: { step: 1 } });
    const first = (await storage.read(['conv'])).conv;
    await storage.write({ conv: { ...first, step: 2 } });
    let conflict: unknown = null;
    await storage.write({ conv: { ...first, step: 3 } }).catch((err: unknown) => (conflict = err));
    expect(isStorageConflict(conflict)).toBe(true);
    expect((await storage.read(['conv'])).conv.step).toBe(2);
  });

  it('lets two bot instances share one conversation without losing its place', async () => {
    const container = 'ndr-test-shared';
    const one = createBot(triageDeps(), new BlobsStorage(connection, container)).bot;
    const two = createBot(triageDeps(), new BlobsStorage(connection, container)).bot;
    // Two adapters with the same conversation reference stand for two instances behind a load balancer.
    const a = new TestAdapter(async (context) => one.run(context));
    const b = new TestAdapter(async (context) => two.run(context));
    const text = (x: { text?: string }) => x.text ?? '';
    await a.send('550 5.7.750').assertReply((r) => expect(text(r)).toContain('This looks like 5.7.750'));
    await b
      .send('yes')
      .assertReply((r) => expect(text(r)).toContain('Tenant blocked from sending mail'))
      .assertReply((r) => expect(text(r)).toMatch(/^Step 1 of 6/));
    await a
      .send('skip')
      .assertReply((r) => expect(text(r)).toContain('Skipped'))
      .assertReply((r) => expect(text(r)).toMatch(/^Step 2 of 6/));
    await b.send('skip').assertReply((r) => expect(text(r)).toContain('Skipped')).assertReply((r) => expect(text(r)).toMatch(/^Step 3 of 6/));
  });
});
