import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app/createApp';
import { TEAMS_FILE_DOWNLOAD } from '../../src/bot/attachedFiles';
import { loadConfig } from '../../src/config/config';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';

jest.setTimeout(180_000);

const NDR_EN = readFileSync(join(__dirname, '..', 'fixtures', 'dialogs', 'ndr-en.txt'));
const NDR_FR = readFileSync(join(__dirname, '..', 'fixtures', 'dialogs', 'ndr-fr.txt'));
const CAP = 64 * 1024;

/** A file host on loopback that records every request and how many bytes it got out before the client hung up. */
function fileHost(address: string, routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    (routes[(req.url ?? '').split('?')[0]!] ?? ((_q, r) => reply(r, [404])))(req, res);
  });
  return {
    requests,
    start: () => new Promise<string>((resolve) => server.listen(0, address, () => resolve(`http://${address}:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    server,
  };
}

/** Answers at once (restify, loaded in this process, patches ServerResponse so that writeHead does not chain). */
function reply(res: ServerResponse, head: [number, Record<string, string>?], body?: Buffer | string): void {
  res.writeHead(head[0], head[1] ?? {});
  res.end(body);
}

let endlessSent = 0;
let endlessClosed: Promise<void> = Promise.resolve();
let refusedBase = '';
const allowed = fileHost('127.0.0.1', {
  '/ndr.txt': (_req, res) => reply(res, [200, { 'content-type': 'text/plain' }], NDR_EN),
  '/ndr-fr-utf16.txt': (_req, res) => reply(res, [200], Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NDR_FR.toString('utf8'), 'utf16le')])),
  '/photo.png': (_req, res) => reply(res, [200, { 'content-type': 'image/png' }], Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')),
  '/declared-big.txt': (_req, res) => reply(res, [200, { 'content-length': String(CAP * 10) }]),
  '/endless.txt': (_req, res) => {
    // No Content-Length: the size only shows while reading. Keeps sending until the client hangs up.
    res.writeHead(200, { 'content-type': 'text/plain' });
    endlessClosed = new Promise((resolve) => res.on('close', () => resolve()));
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const pump = () => {
      while (!res.destroyed && endlessSent < 64 * 1024 * 1024) {
        endlessSent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  },
  '/to-refused': (_req, res) => reply(res, [302, { location: `${refusedBase}/ndr.txt` }]),
  '/to-allowed': (_req, res) => reply(res, [302, { location: '/ndr.txt' }]),
  '/silent.txt': () => undefined, // never answers
  '/gone.txt': (_req, res) => reply(res, [404]),
});
/** Another loopback address, not in FILE_DOWNLOAD_HOSTS: it must never be contacted. */
const refused = fileHost('127.0.0.2', { '/ndr.txt': (_req, res) => reply(res, [200], NDR_EN) });

let allowedBase = '';
let app: App;
let base: string;

beforeAll(async () => {
  allowedBase = await allowed.start();
  refusedBase = await refused.start();
  app = createApp(
    loadConfig({
      ...process.env,
      STORAGE: 'memory',
      LOG_LEVEL: 'silent',
      UPLOAD_MAX_BYTES: String(CAP),
      FILE_DOWNLOAD_HOSTS: '127.0.0.1',
      FILE_DOWNLOAD_ALLOW_HTTP: 'true',
      FILE_DOWNLOAD_TIMEOUT_MS: '1500',
      RATE_LIMIT_PER_MINUTE: '1000',
    }),
    { storage: new InMemoryStorage() },
  );
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  allowed.server.closeAllConnections();
  await Promise.all([app.close(), allowed.stop(), refused.stop()]);
});

/** A Teams personal-chat message carrying one file, as Teams sends it (the text empty, the file as download info). */
const teamsFile = (conversation: string, name: string, downloadUrl: string, locale = 'en-US', text = '') => ({
  type: 'message',
  id: `m-${Math.random()}`,
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: '29:user', name: 'Claire', aadObjectId: '00000000-0000-0000-0000-000000000001' },
  recipient: { id: '28:bot', name: 'NDR Triage Bot' },
  conversation: { id: conversation, conversationType: 'personal' },
  channelData: { tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' } },
  locale,
  text,
  attachments: [{ contentType: TEAMS_FILE_DOWNLOAD, name, contentUrl: 'https://contoso.sharepoint.com/personal/claire/Documents/x', content: { downloadUrl, uniqueId: 'u-1', fileType: name.split('.').pop() } }],
  deliveryMode: 'expectReplies',
});

async function send(activity: object): Promise<string> {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { activities: { text?: string }[] }).activities.map((a) => a.text ?? '').join('\n---\n');
}

let n = 0;
const conv = () => `a:teams-file-${n++}`;

describe('Teams file messages (application/vnd.microsoft.teams.file.download.info)', () => {
  it('en: downloads an NDR from an allowed host and triages it', async () => {
    const shown = await send(teamsFile(conv(), 'bounce.txt', `${allowedBase}/ndr.txt?tempauth=abc`));
    expect(shown).toContain(`I read the file bounce\\.txt (${Math.ceil(NDR_EN.length / 1024)} KB).`);
    expect(shown).toContain('This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?');
  });

  it('fr: decodes a UTF-16LE file with a BOM', async () => {
    const shown = await send(teamsFile(conv(), 'ndr.txt', `${allowedBase}/ndr-fr-utf16.txt`, 'fr-FR'));
    expect(shown).toContain("J'ai lu le fichier ndr\\.txt");
    expect(shown).toContain('Cela ressemble à 5.7.750');
  });

  it('it: refuses a binary file in Italian', async () => {
    const shown = await send(teamsFile(conv(), 'screenshot.png', `${allowedBase}/photo.png`, 'it-IT'));
    expect(shown).toBe("Non riesco a leggere il file screenshot\\.png: non è testo (un foglio di calcolo, un'immagine o un archivio?). Esportalo in CSV, JSON o testo e allega quello, oppure incollane il testo.");
  });

  it('never contacts a host outside FILE_DOWNLOAD_HOSTS, directly or by a redirect', async () => {
    const direct = await send(teamsFile(conv(), 'bounce.txt', `${refusedBase}/ndr.txt`));
    expect(direct).toBe('I could not download the file bounce\\.txt. Attach it again, or paste its text.');
    const redirected = await send(teamsFile(conv(), 'bounce.txt', `${allowedBase}/to-refused`));
    expect(redirected).toBe('I could not download the file bounce\\.txt. Attach it again, or paste its text.');
    expect(allowed.requests).toContain('/to-refused');
    expect(refused.requests).toEqual([]);
    // A redirect within the allowed hosts is followed.
    expect(await send(teamsFile(conv(), 'bounce.txt', `${allowedBase}/to-allowed`))).toContain('This looks like 5.7.750');
  });

  it('downloads over https only unless FILE_DOWNLOAD_ALLOW_HTTP', async () => {
    const strict = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent', FILE_DOWNLOAD_HOSTS: '127.0.0.1' }), { storage: new InMemoryStorage() });
    await new Promise<void>((resolve) => strict.server.listen(0, '127.0.0.1', resolve));
    try {
      const before = allowed.requests.length;
      const res = await fetch(`http://127.0.0.1:${(strict.server.address() as AddressInfo).port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsFile(conv(), 'bounce.txt', `${allowedBase}/ndr.txt`)),
      });
      const texts = ((await res.json()) as { activities: { text?: string }[] }).activities.map((a) => a.text);
      expect(texts).toEqual(['I could not download the file bounce\\.txt. Attach it again, or paste its text.']);
      expect(allowed.requests.length).toBe(before);
    } finally {
      await strict.close();
    }
  });

  it('cuts off a download at UPLOAD_MAX_BYTES, declared or not', async () => {
    expect(await send(teamsFile(conv(), 'trace.csv', `${allowedBase}/declared-big.txt`))).toBe(
      'The file trace\\.csv is too large: I read files up to 64 KB. Filter the export (fewer days, fewer columns) and attach it again, or paste the relevant part.',
    );
    const shown = await send(teamsFile(conv(), 'trace.csv', `${allowedBase}/endless.txt`));
    expect(shown).toContain('The file trace\\.csv is too large: I read files up to 64 KB.');
    await endlessClosed;
    // The bot hung up soon after the cap: what the host got out is the cap plus what sat in socket buffers.
    expect(endlessSent).toBeLessThan(8 * 1024 * 1024);
  });

  it('gives up on a host that does not answer within FILE_DOWNLOAD_TIMEOUT_MS, and on an error status', async () => {
    const started = Date.now();
    expect(await send(teamsFile(conv(), 'bounce.txt', `${allowedBase}/silent.txt`))).toBe('I could not download the file bounce\\.txt. Attach it again, or paste its text.');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await send(teamsFile(conv(), 'bounce.txt', `${allowedBase}/gone.txt`))).toBe('I could not download the file bounce\\.txt. Attach it again, or paste its text.');
  });

  it("does not take Teams' HTML copy of a plain message for a file", async () => {
    const id = conv();
    const plain = {
      ...teamsFile(id, 'x', ''),
      text: '550 5.7.750',
      attachments: [{ contentType: 'text/html', content: '<p>550 5.7.750</p>' }],
    };
    const shown = await send(plain);
    expect(shown).not.toContain('file');
    expect(shown).toContain('This looks like 5.7.750');
  });
});
