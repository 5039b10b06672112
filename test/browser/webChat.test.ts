import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';

jest.setTimeout(240_000);

/**
 * The help-portal page in a real headless Chromium: paste an NDR, confirm with the button, walk to the case summary
 * card, reload — the conversation is still there. CI installs Debian's chromium; elsewhere the test is skipped when
 * there is no browser.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);

const NDR = readFileSync(join(__dirname, '..', 'fixtures', 'dialogs', 'ndr-en.txt'), 'utf8');

(haveBrowser ? describe : describe.skip)('help-portal web chat in Chromium', () => {
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    app = createApp(loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent' }), { storage: new InMemoryStorage() });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function send(page: Page, text: string): Promise<void> {
    const box = page.locator('[data-id="webchat-sendbox-input"]');
    await box.fill(text);
    await box.press('Enter');
  }

  it('pastes an NDR, confirms, reaches the summary card, and keeps the conversation over a reload', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(base);
    await see(page, 'Hi! I help when Exchange Online stops your organization');
    await expectTitle(page, 'Mail delivery help');

    await send(page, NDR);
    await see(page, 'This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?');
    await page.getByRole('button', { name: 'Yes' }).last().click();
    await see(page, 'Step 1 of 7: Accepted domains');

    for (let step = 2; step <= 7; step++) {
      await send(page, 'skip');
      await see(page, `Step ${step} of 7:`);
    }
    await send(page, 'skip');
    await see(page, 'Tenant name or default domain');
    // Each answer, then the question it leads to. The NDR gave the start of the block, so that is not asked.
    const details: [string, string][] = [
      ['contoso.onmicrosoft.com', 'Tenant ID, if you know it'],
      ['skip', 'Your name, for the case contact?'],
      ['Claire Dubois', 'Your e-mail address'],
      ['claire@fabrikam.fr', 'A phone number Support can call?'],
      ['skip', 'How many users are affected?'],
      ['40', 'In which language should I write the case summary?'],
    ];
    for (const [answer, next] of details) {
      await send(page, answer);
      await see(page, next);
    }
    await page.getByRole('button', { name: 'English' }).last().click();
    await see(page, 'This case is not ready for Support yet. Open items: 7.');
    await see(page, 'Here is your support case summary as it stands.');
    await page.locator('.ac-adaptiveCard').getByText('Support case summary').first().waitFor();
    // The case is shown once (the card); its files are offered beside the chat, to download or copy.
    expect(await page.locator('#webchat').getByText('Ready for Support: No, open items: 7').count()).toBe(1);
    const bar = page.locator('#case-files');
    await bar.getByText(/^Case NDR-\d{8}-[2-9A-Z]{4}:$/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: 'Download (.md)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^case-NDR-\d{8}-[2-9A-Z]{4}\.md$/);
    const markdown = readFileSync(await download.path(), 'utf8');
    expect(markdown).toMatch(/^# Support case summary\n/);
    expect(markdown).toContain('- **Ready for Support:** No, open items: 7');
    expect(markdown).toContain('- **Default domain:** contoso.onmicrosoft.com');
    expect(markdown).toContain('- **Name:** Claire Dubois');
    const [json] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: 'Download (.json)' }).click()]);
    const caseObject = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(caseObject).toMatchObject({ schemaVersion: 3, ready: false, block: { code: '5.7.750' }, tenant: { defaultDomain: 'contoso.onmicrosoft.com' } });
    expect(`case-${caseObject.reference}.json`).toBe(json.suggestedFilename());
    // The pasted NDR kept its lines (multi-line send box): its original Date became "first seen".
    await see(page, '2026-11-23 07:58 UTC');
    await page.screenshot({ path: `${require('node:os').tmpdir()}/ndr-webchat-summary.png`, fullPage: true });

    await page.reload();
    await see(page, 'Here is your support case summary as it stands.');
    await see(page, 'This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?');
    await context.close();
  });

  it("uploads an NDR with Web Chat's attach button: the bot reads the file and triages it", async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(base);
    await see(page, 'Hi! I help when Exchange Online stops your organization');
    await page.locator('#webchat input[type="file"]').setInputFiles({ name: 'bounce.txt', mimeType: 'text/plain', buffer: Buffer.from(NDR) });
    // Web Chat (sendAttachmentOn: "send") holds the file until the message is sent.
    await page.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    await see(page, `I read the file bounce.txt (${Math.ceil(Buffer.byteLength(NDR) / 1024)} KB).`);
    await see(page, 'This looks like 5.7.750: Tenant blocked from sending mail from unregistered domains. Is that right?');
    // The user's message shows the file by name.
    await page.locator('#webchat').getByText('bounce.txt').first().waitFor();
    await context.close();
  });

  it('picks French from the browser and switches language from the page', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(base);
    await see(page, 'Bonjour ! Je vous aide quand Exchange Online');
    await expectTitle(page, 'Aide à la remise du courrier');
    await page.selectOption('#language', 'it');
    await see(page, 'Va bene, continuo in italiano.');
    await expectTitle(page, 'Assistenza recapito posta');
    await context.close();
  });
});

/** Web Chat renders each message more than once (one copy for screen readers): wait for the first. */
async function see(page: Page, text: string): Promise<void> {
  await page.getByText(text).first().waitFor();
}

async function expectTitle(page: Page, title: string): Promise<void> {
  expect(await page.locator('#title').textContent()).toBe(title);
}
