import { MessageFactory, type Attachment, type TurnContext } from 'botbuilder';
import type { CaseLabels } from '../src/catalog/caseLabelKeys';
import type { CaseSummary } from '../src/case/caseSummary';
import { buildCase } from '../src/case/buildCase';
import { renderAdaptiveCard } from '../src/case/renderAdaptiveCard';
import { renderMarkdown } from '../src/case/renderMarkdown';
import { caseInputOf } from '../src/conversation/caseInput';
import { findingText, problemText } from '../src/conversation/findingText';
import type { TriageSession } from '../src/conversation/session';
import { catalogOf, type DialogDeps } from './dialogDeps';
import { cardAttachment, markdownMessage, say, supportsCards } from './replies';
import { TEAMS_MESSAGE_MAX_BYTES } from '../src/teams/messageLimit';

/** The case card on Teams: the message limit less room for the activity around the card (ids, addresses, names). */
export const TEAMS_CARD_MAX_BYTES = TEAMS_MESSAGE_MAX_BYTES - 4 * 1024;

/**
 * Builds the case in the chosen language and sends it: an Adaptive Card where cards render, Markdown elsewhere,
 * with the case itself attached as `case-<reference>.json` and `.md` to keep or paste into a service request.
 * On Teams the card stays under the message size limit (a long case is shown shorter) and the files follow in a
 * message of their own.
 * A case that is not ready is announced as such first, with what is left to do for each open item. Resolves with
 * the case that was sent.
 */
export async function sendCaseSummary(context: TurnContext, deps: DialogDeps, session: TriageSession): Promise<CaseSummary> {
  const catalog = catalogOf(deps);
  const lang = session.summaryLanguage ?? 'en';
  const labels = catalog.messages[lang];
  const summary = buildCase(caseInputOf(session, catalog, lang), {
    catalog,
    messages: labels,
    findingText: (f) => findingText(catalog, lang, f, 'plain'),
    problemText: (p) => problemText(catalog, lang, p, 'plain'),
    random: deps.random,
    now: deps.now(),
  });
  if (!summary.ready) {
    const items = summary.openItems.map((o) => ({ m: 'case.openItemLine' as const, p: { title: { prereq: o.id, f: 'title' as const }, fix: { prereq: o.id, f: 'fix' as const } } }));
    await say(context, catalog, session, [{ m: 'case.notReady', p: { count: summary.openItems.length } }, ...items]);
  }
  const files = caseFiles(summary, labels);
  if (context.activity.channelId === 'msteams') {
    // Teams refuses a message over its size limit: the card is kept under it, the files (all of the case) follow apart.
    await context.sendActivity(MessageFactory.attachment(cardAttachment(renderAdaptiveCard(summary, labels, { maxBytes: TEAMS_CARD_MAX_BYTES }))));
    await context.sendActivity(MessageFactory.list(files));
  } else if (supportsCards(context)) {
    await context.sendActivity(MessageFactory.list([cardAttachment(renderAdaptiveCard(summary, labels)), ...files]));
  } else {
    await context.sendActivity({ ...markdownMessage(renderMarkdown(summary, labels)), attachments: files });
  }
  await say(context, catalog, session, [{ m: summary.ready ? 'case.done' : 'case.doneNotReady' }]);
  return summary;
}

/** The case as files: the validated JSON object and the Markdown rendering, inline. */
export function caseFiles(summary: CaseSummary, labels: CaseLabels): Attachment[] {
  return [
    { name: `case-${summary.reference}.json`, contentType: 'application/json', content: summary },
    { name: `case-${summary.reference}.md`, contentType: 'text/markdown', content: renderMarkdown(summary, labels) },
  ];
}
