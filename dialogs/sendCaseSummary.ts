import { MessageFactory, type TurnContext } from 'botbuilder';
import { buildCase } from '../src/case/buildCase';
import { renderAdaptiveCard } from '../src/case/renderAdaptiveCard';
import { renderMarkdown } from '../src/case/renderMarkdown';
import { caseInputOf } from '../src/conversation/caseInput';
import { findingText } from '../src/conversation/findingText';
import type { TriageSession } from '../src/conversation/session';
import { catalogOf, type DialogDeps } from './dialogDeps';
import { cardAttachment, say, supportsCards } from './replies';


/** Builds the case in the chosen language and sends it: an Adaptive Card where cards render, Markdown elsewhere. */
export async function sendCaseSummary(context: TurnContext, deps: DialogDeps, session: TriageSession): Promise<void> {
  const catalog = catalogOf(deps);
  const lang = session.summaryLanguage ?? 'en';
  const labels = catalog.messages[lang];
  const summary = buildCase(caseInputOf(session, catalog, lang), {
    catalog,
    messages: labels,
    findingText: (f) => findingText(catalog, lang, f, 'plain'),
    random: deps.random,
    now: deps.now(),
  });
  if (supportsCards(context)) {
    const card = cardAttachment(renderAdaptiveCard(summary, labels));
    await context.sendActivity(MessageFactory.attachment(card));
  } else {
    await context.sendActivity(renderMarkdown(summary, labels));
  }
  await say(context, catalog, session, [{ m: 'case.done' }]);
}
