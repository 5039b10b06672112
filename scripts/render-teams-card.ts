import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createTriageDeps } from '../src/app/createTriageDeps';
import { loadConfig } from '../src/config/config';
import { projectRoot } from '../src/config/projectRoot';
import { triage } from '../src/recognize/triage';
import { messageActionCard } from '../src/teams/triageCard';

/**
 * docs/teams-card.png: the card of the "Triage this NDR" message action for a 5.7.750 bounce, built by the same code
 * the bot runs (triage, then messageActionCard) and drawn by the Adaptive Cards renderer in Chromium, in a
 * Teams-like light theme at the width of a medium Teams dialog. Needs Chromium at CHROMIUM_PATH (/usr/bin/chromium).
 */
const NDR = [
  'Delivery has failed to these recipients or groups:',
  'bob@fabrikam.com',
  "Your message couldn't be delivered. The sending organization was blocked.",
  'Diagnostic information for administrators:',
  'Generating server: AM0PR01MB1234.eurprd01.prod.outlook.com',
  "Remote server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
].join('\n');

/** Teams' light theme, as far as the card uses it: Segoe UI (or a look-alike), its text colours and spacing. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#4F52B2' },
        attention: { default: '#C4314B', subtle: '#A72037' },
        good: { default: '#237B4B', subtle: '#1B5E3A' },
        warning: { default: '#835C00', subtle: '#6D4C00' },
      },
    },
  },
  actions: { maxActions: 5, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline' } },
  factSet: { title: { weight: 'bolder', size: 'default', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 8 },
};

const PAGE_CSS = `
  body { margin: 0; background: #F5F5F5; font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #dialog { width: 600px; margin: 24px; background: #FFFFFF; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.14); overflow: hidden; }
  #title { font-size: 18px; font-weight: 600; color: #242424; padding: 20px 16px 0 16px; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #FFFFFF; background: #5B5FC7; border: 1px solid #5B5FC7;
    border-radius: 4px; padding: 6px 16px; min-height: 32px; cursor: pointer; }
  .ac-textBlock p { margin: 0; }
`;

/** Runs in the page (no DOM types here): renders the card with the Adaptive Cards bundle, returns what its parser reported. */
const RENDER_IN_PAGE = `(({ card, hostConfig, title }) => {
  const AC = window.AdaptiveCards;
  document.getElementById('title').textContent = title;
  const adaptive = new AC.AdaptiveCard();
  adaptive.hostConfig = new AC.HostConfig(hostConfig);
  const context = new AC.SerializationContext();
  adaptive.parse(card, context);
  const rendered = adaptive.render();
  if (rendered) document.getElementById('card').appendChild(rendered);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
})`;

async function main(): Promise<void> {
  const root = projectRoot();
  const deps = createTriageDeps(loadConfig(process.env));
  const result = await triage(NDR, deps, { locale: 'en' });
  const card = messageActionCard(deps.catalog, 'en', result, true);
  const title = deps.catalog.messages.en['teams.triage.command'];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 660, height: 400 }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${PAGE_CSS}</style></head><body><div id="dialog"><div id="title"></div><div id="card"></div></div></body></html>`);
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    const problems = (await page.evaluate(`${RENDER_IN_PAGE}(${JSON.stringify({ card, hostConfig: HOST_CONFIG, title })})`)) as string[];
    if (problems.length > 0) throw new Error(`the renderer reported: ${problems.join('; ')}`);
    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.locator('#dialog').screenshot({ path: join(root, 'docs', 'teams-card.png') });
    console.log('wrote docs/teams-card.png');
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
