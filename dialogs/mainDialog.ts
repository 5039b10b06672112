import { ComponentDialog, DialogTurnStatus, OAuthPrompt, TextPrompt, WaterfallDialog } from '../src/bot/dialogLibrary';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import { CATALOG_LOCALES, type CatalogLocale } from '../src/catalog/schema';
import { disconnectTenant } from '../src/conversation/connectTenant';
import { conversationLocale, nextAfterTriage } from '../src/conversation/afterTriage';
import { attachedFile } from './attachedFile';
import { prefillDetails } from '../src/conversation/caseFields';
import { matchCommand } from '../src/conversation/commands';
import { newSession, type Part, type TriageSession } from '../src/conversation/session';
import { SUMMARY_LANGUAGE_CHOICES, summaryLanguageOf } from '../src/conversation/summaryLanguage';
import { catalogLocaleFor, triage } from '../src/recognize/triage';
import { CaseDetailsDialog } from './caseDetailsDialog';
import { ConfirmBlockDialog, type ConfirmResult } from './confirmBlockDialog';
import { catalogOf, type DialogDeps } from './dialogDeps';
import { DialogId, signInDialogId } from './dialogIds';
import { PrerequisitesDialog } from './prerequisitesDialog';
import { ask, askAgain, helpParts, say } from './replies';
import { interruptionOf } from '../src/conversation/interruption';
import { pickChoice } from '../src/conversation/pickChoice';
import { sendCaseSummary } from './sendCaseSummary';
import type { CaseSummary } from '../src/case/caseSummary';
import { handoffNotice } from '../src/conversation/handoffNotice';

/** The summary's offer to hand the case off: one button, also typed, in any of our languages. */
const HANDOFF_CHOICES: readonly Part[] = [{ m: 'handoff.send' }];

/** What the main flow keeps between its steps (in the dialog state). */
interface MainValues {
  /** The case just sent, for "Send to helpdesk". */
  case?: CaseSummary;
}

export interface MainOptions {
  /**
   * The conversation starts with this turn's message as the problem. The text itself is read from the activity,
   * not kept in the options: they are stored with the dialog stack for the whole conversation.
   */
  readonly fromMessage?: boolean;
}

/**
 * The conversation: what is happening → which block (confirmed) → its prerequisites → case details → summary.
 * Help, start over, "different problem" and language switches work at any step.
 */
export class MainDialog extends ComponentDialog {
  private readonly signInPrompts: readonly OAuthPrompt[];

  constructor(private readonly deps: DialogDeps) {
    super(DialogId.main);
    this.addDialog(new TextPrompt(DialogId.text));
    this.signInPrompts = signInPrompts(deps);
    for (const prompt of this.signInPrompts) this.addDialog(prompt);
    this.addDialog(new ConfirmBlockDialog(deps));
    this.addDialog(new PrerequisitesDialog(deps));
    this.addDialog(new CaseDetailsDialog(deps));
    this.addDialog(
      new WaterfallDialog(DialogId.mainFlow, [
        this.problemStep.bind(this),
        this.triageStep.bind(this),
        this.confirmedStep.bind(this),
        this.detailsStep.bind(this),
        this.summaryLanguageStep.bind(this),
        this.summaryStep.bind(this),
        this.handoffStep.bind(this),
      ]),
    );
    this.initialDialogId = DialogId.mainFlow;
  }

  /** Started by a user's message: that message is the problem, unless it is a command or a language switch. */
  protected override async onBeginDialog(innerDc: DialogContext, options?: MainOptions): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.type === 'message' ? (innerDc.context.activity.text ?? '').trim() : '';
    if (options?.fromMessage !== undefined || text === '') return super.onBeginDialog(innerDc, options);
    const catalog = catalogOf(this.deps);
    const session = await this.deps.session.get(innerDc.context, newSession(localeOf(innerDc.context.activity.locale)));
    await this.tellHandoffs(innerDc.context, session);
    const interruption = interruptionOf(catalog, text, null);
    if (interruption.kind === 'language') await this.switchLanguage(innerDc.context, session, interruption.locale);
    if (interruption.kind === 'help') await say(innerDc.context, catalog, session, helpParts(innerDc.context));
    if (interruption.kind === 'signOut' && this.deps.graph) {
      await signOut(innerDc.context, this.signInPrompts[0]);
      disconnectTenant(session);
      await say(innerDc.context, catalog, session, [{ m: 'graph.signedOut' }]);
    }
    // A command is no problem to triage: the walk starts by asking for one.
    if (interruption.kind !== 'answer') return super.onBeginDialog(innerDc, {});
    return super.onBeginDialog(innerDc, { fromMessage: true } satisfies MainOptions);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(dc: DialogContext): Promise<DialogTurnResult | null> {
    const text = dc.context.activity.text ?? '';
    const catalog = catalogOf(this.deps);
    const session = await this.deps.session.get(dc.context, newSession(localeOf(dc.context.activity.locale)));
    await this.tellHandoffs(dc.context, session);
    const interruption = interruptionOf(catalog, text, session.lastPrompt?.choices ?? null);
    switch (interruption.kind) {
      case 'language':
        await this.switchLanguage(dc.context, session, interruption.locale);
        await askAgain(dc.context, catalog, session);
        return { status: DialogTurnStatus.waiting };
      case 'help':
        await say(dc.context, catalog, session, helpParts(dc.context));
        await askAgain(dc.context, catalog, session);
        return { status: DialogTurnStatus.waiting };
      case 'signOut':
        if (!this.deps.graph) return null;
        await signOut(dc.context, this.signInPrompts[0]);
        disconnectTenant(session);
        await say(dc.context, catalog, session, [{ m: 'graph.signedOut' }]);
        await askAgain(dc.context, catalog, session);
        return { status: DialogTurnStatus.waiting };
      case 'restart':
        // Starting over forgets the case, not the hand-offs still to report.
        await this.deps.session.set(dc.context, { ...newSession(session.locale), ...(session.handoffs ? { handoffs: session.handoffs } : {}) });
        await say(dc.context, catalog, session, [{ m: 'chat.startOver' }]);
        await dc.cancelAllDialogs();
        return dc.beginDialog(DialogId.mainFlow);
      default:
        return null;
    }
  }

  /** Before anything else in a turn: what became of the cases this conversation handed off (once each). */
  private async tellHandoffs(context: TurnContext, session: TriageSession): Promise<void> {
    const ids = session.handoffs ?? [];
    if (ids.length === 0 || !this.deps.handoff) return;
    const jobs = await this.deps.handoff.jobs(ids);
    const notices = jobs.map(handoffNotice);
    const parts = notices.flatMap((n) => (n.part ? [n.part] : []));
    session.handoffs = ids.filter((_, i) => !notices[i]!.done);
    if (parts.length > 0) await say(context, catalogOf(this.deps), session, parts);
  }

  private async switchLanguage(context: TurnContext, session: TriageSession, locale: CatalogLocale): Promise<void> {
    session.locale = locale;
    await say(context, catalogOf(this.deps), session, [{ m: 'chat.languageSwitched' }]);
  }

  private async problemStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const session = await this.deps.session.get(step.context, newSession(localeOf(step.context.activity.locale)));
    if (step.options?.fromMessage) return step.next((step.context.activity.text ?? '').trim());
    return ask(step, catalogOf(this.deps), session, { parts: [{ m: 'chat.askProblem' }], choices: [] });
  }

  private async triageStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const text = String(step.result ?? '');
    if (matchCommand(catalog, text) === 'back') return step.replaceDialog(DialogId.mainFlow);
    const result = await triage(text, this.deps.triage, { locale: session.locale });
    session.triage = result;
    session.locale = conversationLocale(session.locale, result);
    const next = nextAfterTriage(result);
    if (next.kind === 'explain-code') {
      const { code, title, explanation } = next.code;
      await say(step.context, catalog, session, [{ m: 'chat.outOfScopeCode', p: { code, title, explanation } }, { m: 'chat.outOfScope' }]);
      return step.replaceDialog(DialogId.mainFlow);
    }
    if (next.kind === 'out-of-scope') {
      await say(step.context, catalog, session, [{ m: 'chat.outOfScope' }]);
      return step.replaceDialog(DialogId.mainFlow);
    }
    session.belief = next.belief;
    session.unsure = next.unsure;
    session.asked = [];
    prefillDetails(session, result.codes.length > 0 ? text : null);
    const file = attachedFile(step.context);
    if (file && result.codes.length > 0) session.ndrFile = file.name;
    return step.beginDialog(DialogId.confirmBlock);
  }

  private async confirmedStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const { blockId } = (step.result ?? { blockId: null }) as ConfirmResult;
    if (!blockId) return step.replaceDialog(DialogId.mainFlow);
    session.blockId = blockId;
    const block: Part = { block: blockId, f: 'title' };
    const count = catalog.blocks.find((b) => b.id === blockId)?.prerequisites.length ?? 0;
    await say(step.context, catalog, session, [
      { m: 'confirm.explain', p: { title: block, cause: { block: blockId, f: 'cause' }, duration: { block: blockId, f: 'duration' } } },
      { m: 'prereq.intro', p: { count } },
    ]);
    return step.beginDialog(DialogId.prerequisites, { index: 0 });
  }

  private async detailsStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const session = (await this.deps.session.get(step.context))!;
    await say(step.context, catalogOf(this.deps), session, [{ m: 'case.intro' }]);
    return step.beginDialog(DialogId.caseDetails, { asked: [] });
  }

  private async summaryLanguageStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const session = (await this.deps.session.get(step.context))!;
    return ask(step, catalogOf(this.deps), session, { parts: [{ m: 'case.ask.summaryLanguage' }], choices: SUMMARY_LANGUAGE_CHOICES });
  }

  private async summaryStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const reply = String(step.result ?? '');
    session.summaryLanguage = summaryLanguageOf(pickChoice(catalog, reply, SUMMARY_LANGUAGE_CHOICES), reply);
    const summary = await sendCaseSummary(step.context, this.deps, session);
    if (!this.deps.handoff) return step.endDialog();
    (step.values as MainValues).case = summary;
    return ask(step, catalog, session, { parts: [{ m: 'handoff.offer' }], choices: HANDOFF_CHOICES });
  }

  /**
   * "Send to helpdesk": the case is queued (durably) before the user hears so; the ticket number comes at a later
   * turn (tellHandoffs). "No" or "skip" ends the case; anything else is the next problem.
   */
  private async handoffStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const reply = String(step.result ?? '');
    const summary = (step.values as MainValues).case;
    if (!summary || !this.deps.handoff || pickChoice(catalog, reply, HANDOFF_CHOICES) !== 0) {
      const command = matchCommand(catalog, reply);
      return step.replaceDialog(DialogId.mainFlow, command === 'no' || command === 'skip' ? {} : ({ fromMessage: true } satisfies MainOptions));
    }
    const job = await this.deps.handoff.send(summary);
    session.handoffs = [...(session.handoffs ?? []).filter((id) => id !== job.id), job.id];
    await say(step.context, catalog, session, [{ m: 'handoff.queued', p: { reference: summary.reference } }]);
    return step.endDialog();
  }
}

/**
 * One OAuthPrompt per language, its card worded from the catalog; none when "Connect your tenant" is off. A reply
 * that is no sign-in ends the prompt (the step then asks for the paste), so the conversation never hangs on it.
 */
function signInPrompts(deps: DialogDeps): OAuthPrompt[] {
  const graph = deps.graph;
  if (!graph) return [];
  const messages = catalogOf(deps).messages;
  return CATALOG_LOCALES.map(
    (locale) =>
      new OAuthPrompt(signInDialogId(locale), {
        connectionName: graph.connectionName,
        title: messages[locale]['graph.signInTitle'],
        text: messages[locale]['graph.signInText'],
        timeout: 15 * 60 * 1000,
        endOnInvalidMessage: true,
      }),
  );
}

/**
 * Signs the user out of the OAuth connection through the channel's token store. A token store that cannot be reached
 * does not fail the conversation: the connection is forgotten on our side all the same.
 */
async function signOut(context: TurnContext, prompt: OAuthPrompt | undefined): Promise<void> {
  try {
    await prompt?.signOutUser(context);
  } catch {
    // Nothing to tell the user beyond "signed out": we no longer use the token either way.
  }
}

function localeOf(tag: string | undefined): CatalogLocale {
  return catalogLocaleFor(tag ?? null);
}
