import type { Request, Response, Server } from 'restify';
import type { Catalog } from '../catalog/catalog';
import { CATALOG_LOCALES } from '../catalog/schema';
import type { Config } from '../config/config';
import { escapeHtml } from '../text/escapeHtml';
import { sendHtml } from './sendHtml';

export type LegalConfig = Pick<Config, 'STATE_RETENTION_DAYS' | 'STORAGE' | 'LOG_MESSAGE_TEXT' | 'GRAPH_OAUTH_CONNECTION' | 'SERVICENOW_INSTANCE' | 'HELPDESK_WEBHOOK_URL'>;


const WHERE: Readonly<Record<LegalConfig['STORAGE'], string>> = {
  sqlite: "a SQLite database file on the bot's own server",
  blob: 'an Azure Blob Storage container of the organization that runs the bot',
  memory: "the bot's memory only (lost when it restarts)",
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — NDR Triage Bot</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; color: #1b1b1b; max-width: 760px; margin: 32px auto; padding: 0 16px; line-height: 1.5; }
  h1 { color: #0f6cbd; font-size: 24px; } h2 { font-size: 18px; margin-top: 28px; } code { background: #f0f2f5; padding: 0 4px; border-radius: 3px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></p>
</body>
</html>
`;
}

/** The words that make the bot forget a conversation, as each language's help names them ("forget this conversation", …). */
function forgetWords(catalog: Catalog): string {
  const forget = catalog.commands.commands.forget;
  const words = CATALOG_LOCALES.map((l) => forget.find((w) => catalog.messages[l]['chat.help'].toLowerCase().includes(w.toLowerCase())) ?? forget[0]!);
  return [...new Set(words)].map((w) => `<code>${escapeHtml(w)}</code>`).join(', ');
}

/** Said when "Connect your tenant" is set up: what reading the tenant through Microsoft Graph keeps. */
const GRAPH_PARAGRAPH = `
<p>When an administrator chooses <em>Connect your tenant</em> and signs in, the bot reads, with that administrator's
own permissions, the tenant's domains, the message trace of the last two days, the restriction alerts and the audit
records of inbound connector changes through Microsoft Graph. It keeps only what it would keep from a pasted export:
the result of each check, and the restriction alert's title, text and time. The sign-in token stays in the Azure Bot
Service token store; the bot uses it in the turn that reads the tenant and writes it neither to the conversation nor
to its logs. Typing <code>sign out</code> ends the sign-in.</p>`;

const hasHandoff = (config: LegalConfig) => config.SERVICENOW_INSTANCE !== '' || config.HELPDESK_WEBHOOK_URL !== '';

/** Where the case goes: nowhere unless a helpdesk hand-off is set up and the user asks for it. */
function handoffSentence(config: LegalConfig): string {
  const to =
    config.SERVICENOW_INSTANCE !== '' ? "this organization's ServiceNow instance" : config.HELPDESK_WEBHOOK_URL !== '' ? "this organization's helpdesk system" : null;
  if (to === null) return 'The case summary the bot writes is yours to send to support; the bot sends it nowhere.';
  return (
    `The case summary the bot writes is yours to send to support. When you choose <em>Send to helpdesk</em>, the bot ` +
    `sends it (the case with everything listed above that it holds) to ${to}, and keeps it in the same store until ` +
    'it is delivered; it sends it nowhere else.'
  );
}

/** GET /privacy: what the bot keeps, where, for how long, and how to have it deleted. */
export function privacyPage(config: LegalConfig, catalog: Catalog): string {
  const days = config.STATE_RETENTION_DAYS;
  return page(
    'Privacy',
    `<p>NDR Triage Bot helps Microsoft 365 administrators find out which Exchange Online sending block they hit and
prepares the support case. To carry a conversation from one message to the next it stores that conversation.</p>
<h2>What is stored</h2>
<ul>
<li>The non-delivery reports (NDRs) and bounce messages you paste or upload, and the addresses, server names and codes read from them.</li>
<li>What the bot found in the exports you paste (accepted domains, inbound connectors, audit log, restricted users,
message trace): domain and connector names, the lines it quotes as evidence and the result of each check.</li>
<li>The case details you give: tenant name and id, contact name, e-mail address, phone number, when the problem
started, how many users are affected.</li>
<li>Your answers, the conversation's language and where it stands; the bot's last replies (to answer a message the
channel delivers twice).</li>
<li>On the web chat page, the transcript of the conversation (everything you typed or pasted and every reply).</li>
<li>In Microsoft Teams, which team or chat the app was installed in, so that it says hello only once.</li>
</ul>${config.GRAPH_OAUTH_CONNECTION === '' ? '' : GRAPH_PARAGRAPH}
<h2>Where</h2>
<p>In ${escapeHtml(WHERE[config.STORAGE])}, keyed by the channel's conversation id. In a Teams channel each thread is
its own conversation. The bot sends none of it to any other service${hasHandoff(config) ? ' (but for a case you send to the helpdesk, below)' : ''}: its replies go back through the channel you
use (Teams or the web chat), and it calls no AI service.
Logs hold a hash of the conversation id, never its content${config.LOG_MESSAGE_TEXT ? ' — except that this deployment has <code>LOG_MESSAGE_TEXT</code> turned on for debugging, so its logs also hold what users typed' : ''}.</p>
<h2>For how long</h2>
<p>A conversation nobody used for ${days} day${days === 1 ? '' : 's'} is deleted, with its transcript (the bot checks
every hour). To delete a conversation at once, type ${forgetWords(catalog)} in it: everything stored about it goes
immediately, and the bot confirms.</p>
<h2>Who sees it</h2>
<p>The people in the conversation, and the administrators of the organization that runs this bot. ${handoffSentence(config)}</p>`,
  );
}

/** GET /terms: what the bot's answers are, and are not. */
export function termsPage(config: LegalConfig): string {
  return page(
    'Terms of use',
    `<p>NDR Triage Bot is a helpdesk aid provided by the organization that runs it, as is, without warranty.</p>
<ul>
<li>Its answers come from a catalog of Exchange Online sending blocks and from what you paste. They can be wrong:
Microsoft support decides whether and when a block is lifted, and the durations shown are indications, not promises.</li>
<li>Paste only what you are allowed to share with this organization's helpdesk. Do not paste passwords or secrets.</li>
<li>What you paste is stored as described in the <a href="/privacy">privacy statement</a> and deleted after
${config.STATE_RETENTION_DAYS} days without use, or at once when you ask the bot to forget the conversation.</li>
<li>Do not use the bot to send mail, probe other organizations' servers or overload it; it limits how fast each
conversation may send.</li>
</ul>`,
  );
}

/**
 * The pages the Teams manifest's privacyUrl and termsOfUseUrl point to. Static HTML: no script, nothing from the
 * request; the headers are the web chat page's, with a policy that allows no script at all.
 */
export function mountLegalPages(server: Server, config: LegalConfig, catalog: Catalog): void {
  const pages = { '/privacy': privacyPage(config, catalog), '/terms': termsPage(config) };
  for (const [path, html] of Object.entries(pages)) {
    server.get(path, async (_req: Request, res: Response) => sendHtml(res, html, "default-src 'none'; style-src 'unsafe-inline'"));
  }
}
