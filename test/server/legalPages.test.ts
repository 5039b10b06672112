import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { loadCatalog } from '../../src/catalog/loadKnowledge';
import { loadConfig } from '../../src/config/config';
import { createServer } from '../../src/server/createServer';
import { privacyPage } from '../../src/server/legalPages';
import { mountWebChat } from '../../src/server/webChat';
import { triageDeps } from '../helpers/triageDeps';

jest.setTimeout(180_000);

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(loadConfig({ STATE_RETENTION_DAYS: '7' }), triageDeps());
  mountWebChat(server, triageDeps().catalog, 'local');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** What a reader sees: tags off, character references decoded, spaces single. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ');

describe('GET /privacy and GET /terms (the Teams manifest links to them)', () => {
  it('/privacy says what is stored, where, for how long and how to have it deleted', async () => {
    const res = await fetch(`${base}/privacy`);
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toContain('The non-delivery reports (NDRs) and bounce messages you paste or upload');
    expect(page).toContain('What the bot found in the exports you paste');
    expect(page).toContain('contact name, e-mail address, phone number');
    expect(page).toContain("In a SQLite database file on the bot's own server");
    expect(page).toContain('A conversation nobody used for 7 days is deleted');
    expect(page).toContain('type forget this conversation, oublie cette conversation, dimentica questa conversazione, 忘记此对话 in it');
    expect(page).not.toContain('LOG_MESSAGE_TEXT');
    expect(page).not.toContain('Microsoft Graph');
  });

  it('/terms says the answers are no promise and points to the privacy statement', async () => {
    const res = await fetch(`${base}/terms`);
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toContain('Microsoft support decides whether and when a block is lifted');
    expect(page).toContain('deleted after 7 days without use');
  });

  it.each(['/privacy', '/terms'])('%s carries the web chat page’s security headers, and allows no script', async (path) => {
    const [res, webChat] = await Promise.all([fetch(`${base}${path}`), fetch(`${base}/`)]);
    for (const header of ['content-type', 'x-content-type-options']) expect([header, res.headers.get(header)]).toEqual([header, webChat.headers.get(header)]);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(webChat.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('names the store and the debug logging the deployment uses, with the default retention of 30 days', () => {
    const catalog = loadCatalog(join(__dirname, '..', '..', 'knowledge'));
    const page = text(privacyPage({ ...loadConfig({}), STORAGE: 'blob', LOG_MESSAGE_TEXT: true }, catalog));
    expect(page).toContain('In an Azure Blob Storage container of the organization that runs the bot');
    expect(page).toContain('A conversation nobody used for 30 days is deleted');
    expect(page).toContain('its logs also hold what users typed');
  });

  it('says what reading the tenant through Microsoft Graph keeps, when it is set up', () => {
    const catalog = loadCatalog(join(__dirname, '..', '..', 'knowledge'));
    const page = text(privacyPage({ ...loadConfig({}), GRAPH_OAUTH_CONNECTION: 'graph' }, catalog));
    expect(page).toContain('When an administrator chooses Connect your tenant and signs in');
    expect(page).toContain('writes it neither to the conversation nor to its logs');
  });

  it('says the case goes to the helpdesk on "Send to helpdesk" when a hand-off is set up, and nowhere otherwise', () => {
    const catalog = loadCatalog(join(__dirname, '..', '..', 'knowledge'));
    expect(text(privacyPage(loadConfig({}), catalog))).toContain('the bot sends it nowhere.');
    const page = text(privacyPage({ ...loadConfig({}), SERVICENOW_INSTANCE: 'https://acme.service-now.com' }, catalog));
    expect(page).toContain("When you choose Send to helpdesk, the bot sends it (the case with everything listed above that it holds) to this organization's ServiceNow instance");
    expect(page).not.toContain('the bot sends it nowhere.');
    expect(page).toContain('The bot sends none of it to any other service (but for a case you send to the helpdesk, below)');
    expect(text(privacyPage({ ...loadConfig({}), HELPDESK_WEBHOOK_URL: 'https://helpdesk.contoso.com/hook' }, catalog))).toContain("to this organization's helpdesk system");
  });

  it('escapes the wording it takes from the knowledge files', () => {
    const catalog = loadCatalog(join(__dirname, '..', '..', 'knowledge'));
    const hostile = { ...catalog, commands: { ...catalog.commands, commands: { ...catalog.commands.commands, forget: ['<img src=x onerror=alert(1)>'] } } };
    const html = privacyPage(loadConfig({}), hostile);
    expect(html).not.toContain('<img');
    expect(html).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
  });
});
