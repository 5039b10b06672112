import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';

jest.setTimeout(180_000);

const fixture = (...path: string[]) => readFileSync(join(__dirname, '..', 'fixtures', ...path));
const NDR_EN = fixture('dialogs', 'ndr-en.txt');
const NDR_FR = fixture('dialogs', 'ndr-fr.txt');

/** A message trace as Get-MessageTraceV2 | Export-Csv writes it, `rows` rows long. */
function traceCsv(rows: number): string {
  const lines = ['"Organization","MessageId","Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageTraceId","StartDate","EndDate"'];
  for (let i = 0; i < rows; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const hour = 8 + (i % 10);
    lines.push(
      `"contoso.onmicrosoft.com","<m${i}@contoso.com>","11/22/2026 ${hour}:${minute}:00 AM","claire@contoso.com","user${i}@example.org","Report ${i}","Delivered","198.51.100.25","","4${i % 1000}","${i}-id","11/21/2026 12:00:00 PM","11/23/2026 12:00:00 PM"`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

let app: App;
let base: string;
const storage = new InMemoryStorage();

beforeAll(async () => {
  app = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent', UPLOAD_MAX_BYTES: String(2 * 1024 * 1024), RATE_LIMIT_PER_MINUTE: '1000' }), { storage });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

interface Shown {
  text?: string;
  from: { role: string };
  attachments?: { name?: string; contentType: string; contentUrl?: string; content?: unknown }[];
}

/** One Web Chat conversation over the local Direct Line, as DirectLineJS drives it. */
async function chat(locale: string) {
  const started = (await (await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale }) })).json()) as {
    conversationId: string;
    token: string;
  };
  const { conversationId: conv, token } = started;
  let watermark = 0;
  const next = async (): Promise<Shown[]> => {
    const res = await fetch(`${base}/v3/directline/conversations/${conv}/activities?watermark=${watermark}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { activities: Shown[]; watermark: string };
    watermark = Number(body.watermark);
    return body.activities;
  };
  await next();
  const say = async (text: string): Promise<string> => {
    const res = await fetch(`${base}/v3/directline/conversations/${conv}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', text, locale, from: { id: 'me' } }),
    });
    expect(res.status).toBe(200);
    return botText(await next());
  };
  /** What DirectLineJS's postMessageWithAttachments sends: the activity as a JSON part, then one part per file. */
  const uploadForm = (name: string, bytes: Uint8Array, type = 'text/plain', text?: string) => {
    const form = new FormData();
    const activity = { type: 'message', locale, from: { id: 'me' }, ...(text ? { text } : {}), attachments: [{ contentType: type, name }] };
    form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }), 'blob');
    form.append('file', new Blob([bytes], { type }), name);
    return form;
  };
  const upload = async (name: string, bytes: Uint8Array, type?: string, init: { token?: string; text?: string } = {}) =>
    fetch(`${base}/v3/directline/conversations/${conv}/upload?userId=me`, {
      method: 'POST',
      headers: { authorization: `Bearer ${init.token ?? token}` },
      body: uploadForm(name, bytes, type, init.text),
    });
  const sendFile = async (name: string, bytes: Uint8Array, type?: string): Promise<{ user: Shown; bot: string }> => {
    const res = await upload(name, bytes, type);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: expect.stringContaining(conv) });
    const shown = await next();
    return { user: shown[0]!, bot: botText(shown) };
  };
  const transcript = async () => {
    const res = await fetch(`${base}/v3/directline/conversations/${conv}/activities?watermark=0`, { headers: { authorization: `Bearer ${token}` } });
    return (await res.json()) as { activities: Shown[]; watermark: string };
  };
  return { conv, token, say, upload, sendFile, next, transcript };
}

const botText = (activities: readonly Shown[]) =>
  activities
    .filter((a) => a.from.role === 'bot')
    .map((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => (typeof x.content === 'string' ? x.content : JSON.stringify(x.content ?? '')))].join('\n'))
    .join('\n---\n');

/** The case the bot sends at the end, as its JSON attachment. */
const caseOf = (activities: readonly Shown[]) => {
  for (const a of activities) {
    for (const x of a.attachments ?? []) if (x.name?.endsWith('.json')) return JSON.stringify(x);
  }
  return '';
};

describe('local Direct Line file upload (Web Chat attach button)', () => {
  it('en: an NDR .txt upload is triaged, a 5,000-row trace.csv is read at the message-trace step and listed in the case', async () => {
    const c = await chat('en-US');
    const ndr = await c.sendFile('bounce.txt', NDR_EN);
    expect(ndr.user.attachments).toEqual([{ contentType: 'text/plain', name: 'bounce.txt' }]); // shown by name, content not kept
    expect(ndr.bot).toContain(`I read the file bounce\\.txt (${Math.ceil(NDR_EN.length / 1024)} KB).`);
    expect(ndr.bot).toContain('This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?');
    expect(await c.say('yes')).toContain('Step 1 of 7: Accepted domains');
    expect(await c.say('skip')).toContain('Step 2 of 7: Inbound connectors');
    expect(await c.say('skip')).toContain('Step 3 of 7: Connector changes in the audit log');
    expect(await c.say('skip')).toContain('Step 4 of 7: Message trace of the last two days');
    const csv = traceCsv(5000);
    expect(Buffer.byteLength(csv)).toBeGreaterThan(512 * 1024); // more than a paste may hold
    const trace = await c.sendFile('trace.csv', Buffer.from(csv), 'text/csv');
    expect(trace.bot).toContain('I read the file trace\\.csv (');
    expect(trace.bot).toContain('(read as CSV, 5000 records)');
    expect(trace.bot).toContain('Step 5 of 7');
    for (const answer of ['skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip']) {
      const shown = await c.say(answer);
      if (shown.includes('[English]') || shown.includes('In which language')) break;
    }
    await c.say('English');
    const all = await c.transcript();
    const summary = caseOf(all.activities);
    // The case lists both files with the evidence: the trace with what was read of it.
    expect(summary).toMatch(/trace\.csv[^}]{0,80}csv[^}]{0,40}5000/);
    expect(summary).toMatch(/bounce\.txt[^}]{0,80}NDR/);
    // The transcript keeps what was shown, not the files: well under the uploaded size.
    expect(Buffer.byteLength(JSON.stringify(all))).toBeLessThan(Buffer.byteLength(csv) / 2);
  });

  it('fr: an NDR uploaded as UTF-16LE with a BOM (Out-File) is decoded and triaged in French', async () => {
    const c = await chat('fr-FR');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NDR_FR.toString('utf8'), 'utf16le')]);
    const ndr = await c.sendFile('rapport de non-remise.txt', utf16);
    expect(ndr.bot).toContain(`J'ai lu le fichier rapport de non-remise\\.txt (${Math.ceil(utf16.length / 1024)} Ko).`);
    expect(ndr.bot).toContain("Cela ressemble à 5.7.750\u00a0: Locataire bloqué pour l'envoi depuis des domaines non enregistrés. Est-ce bien cela\u202f?");
  });

  it('fr: an NDR saved from Outlook as .eml (message/rfc822) is parsed as a message and triaged', async () => {
    const c = await chat('fr-FR');
    const ndr = await c.sendFile('Non remis.eml', fixture('ndr', 'fr-5.7.750.eml'), 'message/rfc822');
    expect(ndr.bot).toContain("J'ai lu le fichier Non remis\\.eml");
    expect(ndr.bot).toContain('Cela ressemble à 5.7.750');
  });

  it('zh-CN: a binary file (a .xlsx) is refused with a localized message, and the conversation goes on', async () => {
    const c = await chat('zh-CN');
    const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(200, 7)]);
    const refused = await c.sendFile('trace.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(refused.bot).toContain('无法读取文件 trace\\.xlsx：它不是文本文件');
    expect(refused.bot).not.toContain('这看起来是');
    expect(await c.say('550 5.7.750')).toContain('这看起来是 5.7.750');
  });

  it('en: a file whose name is Markdown shows as typed, never as a link', async () => {
    const c = await chat('en-US');
    const shown = await c.sendFile('**[urgent](evil.example)**.txt', NDR_EN);
    expect(shown.bot).toContain('I read the file \\*\\*\\[urgent\\]\\(evil\\.example\\)\\*\\*\\.txt (1 KB).');
  });

  it('refuses uploads over UPLOAD_MAX_BYTES with 413 and stores nothing of them', async () => {
    const c = await chat('en-US');
    const before = JSON.stringify(await c.transcript());
    const big = Buffer.alloc(2 * 1024 * 1024 + 1, 'a');
    const res = await c.upload('big.txt', big);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 413, detail: expect.stringContaining('UPLOAD_MAX_BYTES') });
    expect(JSON.stringify(await c.transcript())).toBe(before);
    expect(JSON.stringify(await storage.read([`directline/conversations/${c.conv}/`]))).not.toContain('big.txt');
  });

  it('stops reading a chunked upload at the cap (no Content-Length to refuse it by)', async () => {
    const c = await chat('en-US');
    const url = new URL(`${base}/v3/directline/conversations/${c.conv}/upload`);
    const boundary = 'xBOUNDARYx';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="activity"; filename="blob"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n{"type":"message"}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${c.token}`, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write(head);
      const chunk = Buffer.alloc(64 * 1024, 'b');
      const pump = () => {
        // Keeps sending far beyond the cap until the server answers.
        while (sent < 64 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('wants the conversation-bound token', async () => {
    const a = await chat('en-US');
    const b = await chat('en-US');
    expect((await a.upload('bounce.txt', NDR_EN, 'text/plain', { token: b.token })).status).toBe(403);
    expect((await a.upload('bounce.txt', NDR_EN, 'text/plain', { token: 'forged.token' })).status).toBe(403);
    const none = await fetch(`${base}/v3/directline/conversations/${a.conv}/upload`, { method: 'POST', body: new FormData() });
    expect(none.status).toBe(403);
    expect(JSON.stringify(await a.transcript())).not.toContain('bounce.txt');
  });

  it('is multipart only (415) and refuses malformed bodies (400)', async () => {
    const c = await chat('en-US');
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${base}/v3/directline/conversations/${c.conv}/upload`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, ...headers }, body });
    expect((await post({ 'content-type': 'application/json' }, '{"type":"message"}')).status).toBe(415);
    expect((await post({ 'content-type': 'text/plain' }, 'hello')).status).toBe(415);
    expect((await post({ 'content-type': 'application/octet-stream' }, 'hello')).status).toBe(415);
    const bad = await post({ 'content-type': 'multipart/form-data; boundary=zz' }, '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nno end');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const noActivity = new FormData();
    noActivity.append('file', new Blob(['550 5.7.750']), 'a.txt');
    expect((await fetch(`${base}/v3/directline/conversations/${c.conv}/upload`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: noActivity })).status).toBe(400);
    const notJson = new FormData();
    notJson.append('activity', new Blob(['{not json']), 'blob');
    expect((await fetch(`${base}/v3/directline/conversations/${c.conv}/upload`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: notJson })).status).toBe(400);
  });
});
