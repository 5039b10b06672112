import { WaterfallDialog } from '../src/bot/dialogLibrary';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Prerequisite } from '../src/catalog/schema';
import { asksToConnect, connectTenant, hasLiveCheck, hasNoGraphApi } from '../src/conversation/connectTenant';
import { liveFailureParts } from '../src/conversation/liveFailureParts';
import { createGraphClient } from '../src/graph/graphClient';
import { formatUtc } from '../src/time/formatUtc';
import { blockById } from '../src/catalog/catalog';
import { fill, type MessageKey } from '../src/catalog/messageKeys';
import { answerPrerequisite, answerStyleOf, choiceParts, choicesOf, NOT_UNDERSTOOD_KEYS } from '../src/conversation/answerPrerequisite';
import type { AttachedFile } from '../src/conversation/attachedFile';
import { choiceList } from '../src/conversation/choiceList';
import { attachedFile } from './attachedFile';
import { matchCommand } from '../src/conversation/commands';
import { checkContextOf, learnFromEvidence } from '../src/conversation/evidenceContext';
import { findingText, formatName, problemText } from '../src/conversation/findingText';
import { answerConnectorQuestion, pendingConnectorQuestions } from '../src/conversation/followUp';
import { misplacedExport } from '../src/conversation/misplacedExport';
import type { PrerequisiteOutcome } from '../src/case/prerequisiteOutcome';
import type { Part, TriageSession } from '../src/conversation/session';
import { catalogOf, type DialogDeps } from './dialogDeps';
import { DialogId, signInDialogId } from './dialogIds';
import { ask, markdownMessage, say } from './replies';
import { pickChoice } from '../src/conversation/pickChoice';
import type { Activity, TokenResponse, TurnContext } from 'botbuilder';

export interface PrerequisitesOptions {
  readonly index: number;
  /** Asking about the connectors the check just found, before moving on. */
  readonly followUp?: boolean;
}

/** A checked export remembers the file it came from, for the case. */
function withFile(outcome: PrerequisiteOutcome, file: AttachedFile | undefined): PrerequisiteOutcome {
  return outcome.kind === 'checked' && file ? { ...outcome, file: file.name } : outcome;
}

/** The connector follow-up: is this connector yours? */
const YES_NO_SKIP: readonly Part[] = [{ m: 'choice.yes' }, { m: 'choice.no' }, { m: 'choice.skip' }];

const stepValues = (step: WaterfallStepContext<PrerequisitesOptions>) => step.values as { followUp?: number };

const VERDICT_KEYS: Readonly<Record<'pass' | 'fail' | 'unknown', MessageKey>> = {
  pass: 'prereq.verdict.pass',
  fail: 'prereq.verdict.fail',
  unknown: 'prereq.verdict.unknown',
};

/** Walks the confirmed block's prerequisites one by one: why, the export command, paste / answer / skip. */
export class PrerequisitesDialog extends WaterfallDialog<PrerequisitesOptions> {
  constructor(private readonly deps: DialogDeps) {
    super(DialogId.prerequisites);
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
    this.addStep(this.connectedStep.bind(this));
  }

  private prerequisiteIds(session: TriageSession): readonly string[] {
    return blockById(catalogOf(this.deps), session.blockId ?? '')?.prerequisites ?? [];
  }

  /** "Connect your tenant" is offered where Graph can check the step, when the feature is set up. */
  private canConnect(prerequisite: Prerequisite): boolean {
    return this.deps.graph !== undefined && hasLiveCheck(prerequisite.checker);
  }

  private async askStep(step: WaterfallStepContext<PrerequisitesOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const ids = this.prerequisiteIds(session);
    const index = step.options?.index ?? 0;
    const id = ids[index];
    const prerequisite = id ? catalog.prerequisites.get(id) : undefined;
    if (!id || !prerequisite) return step.endDialog();
    const outcome = session.outcomes[id];
    if (!step.options?.followUp && outcome?.kind === 'checked' && session.checkedAhead?.includes(id)) {
      session.checkedAhead = session.checkedAhead.filter((x) => x !== id);
      const header: Part = { m: 'prereq.step', p: { n: index + 1, total: ids.length, title: { prereq: id, f: 'title' } } };
      // Read through Graph: its result is shown in its turn; a paste's result was shown when it was pasted.
      if (outcome.readAt !== undefined) {
        await say(step.context, catalog, session, [header]);
        await step.context.sendActivity(this.describe(session, outcome));
      } else {
        await say(step.context, catalog, session, [header, { m: 'prereq.checkedAhead' }]);
      }
      // Its questions (connectors to recognise) are still to be asked.
      const next = pendingConnectorQuestions(outcome.result).length > 0 ? { index, followUp: true } : { index: index + 1 };
      return step.replaceDialog(DialogId.prerequisites, next satisfies PrerequisitesOptions);
    }
    if (step.options?.followUp && outcome?.kind === 'checked') {
      const [pending] = pendingConnectorQuestions(outcome.result);
      if (pending) {
        stepValues(step).followUp = pending.index;
        return ask(step, catalog, session, { parts: [{ m: 'finding.inbound-connector-unrecognised', p: { name: pending.name } }], choices: YES_NO_SKIP });
      }
      await step.context.sendActivity(this.describe(session, outcome));
      return step.replaceDialog(DialogId.prerequisites, { index: index + 1 } satisfies PrerequisitesOptions);
    }
    const parts: Part[] = [
      { m: 'prereq.step', p: { n: index + 1, total: ids.length, title: { prereq: id, f: 'title' } } },
      { m: 'prereq.why', p: { why: { prereq: id, f: 'why' } } },
    ];
    if (session.graph?.connected && hasNoGraphApi(prerequisite.checker)) parts.push({ m: 'graph.noApi', p: { title: { prereq: id, f: 'title' } } });
    if (prerequisite.command) parts.push({ m: 'prereq.command' }, { code: prerequisite.command });
    parts.push({ prereq: id, f: 'question' });
    const choices = choiceParts(choicesOf(prerequisite, this.canConnect(prerequisite)));
    const style = answerStyleOf(prerequisite);
    if (style === 'checklist') {
      prerequisite.items.forEach((item, i) => parts.push({ m: 'prereq.checklistItem', p: { n: i + 1, text: { item: [id, item.id] } } }));
      parts.push({ m: 'prereq.checklistHow' });
    } else if (style === 'paste') {
      parts.push({ m: 'prereq.howToAnswer' });
    }
    return ask(step, catalog, session, { parts, choices });
  }

  private async answerStep(step: WaterfallStepContext<PrerequisitesOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const index = step.options?.index ?? 0;
    const id = this.prerequisiteIds(session)[index]!;
    const prerequisite = catalog.prerequisites.get(id)!;
    const reply = String(step.result ?? '');
    const followUp = stepValues(step).followUp;
    const current = session.outcomes[id];
    if (followUp !== undefined && current?.kind === 'checked') {
      const picked = pickChoice(catalog, reply, YES_NO_SKIP);
      const command = picked >= 0 ? (['yes', 'no', 'skip'] as const)[picked]! : matchCommand(catalog, reply);
      if (command === 'yes' || command === 'no') {
        const recognised = command === 'yes';
        session.outcomes[id] = { kind: 'checked', result: answerConnectorQuestion(current.result, followUp, recognised) };
        const name = current.result.findings[followUp]?.params.name;
        if (recognised && typeof name === 'string') session.knownConnectors.push(name);
        return step.replaceDialog(DialogId.prerequisites, { index, followUp: true } satisfies PrerequisitesOptions);
      }
      if (command !== 'skip' && command !== 'dontKnow') {
        await say(step.context, catalog, session, [{ m: 'chat.notAChoice', p: { choices: choiceList(catalog, session.locale, YES_NO_SKIP) } }]);
        return step.replaceDialog(DialogId.prerequisites, { index, followUp: true } satisfies PrerequisitesOptions);
      }
      await step.context.sendActivity(this.describe(session, current));
      return step.replaceDialog(DialogId.prerequisites, { index: index + 1 } satisfies PrerequisitesOptions);
    }
    if (matchCommand(catalog, reply) === 'back') {
      return step.replaceDialog(DialogId.prerequisites, { index: Math.max(0, index - 1) } satisfies PrerequisitesOptions);
    }
    // Where the buttons are numbered text, "1"/"2"/"3" pick a button (a checklist's numbers are its items).
    const choices = choicesOf(prerequisite, this.canConnect(prerequisite));
    const picked = pickChoice(catalog, reply, choiceParts(choices));
    if (this.canConnect(prerequisite) && asksToConnect(catalog, reply, picked >= 0 ? choices[picked]! : null)) {
      const signIn = signInDialogId(session.locale);
      try {
        return await step.beginDialog(signIn);
      } catch {
        // The token service failed (unreachable, a misconfigured connection): the step goes on with the paste, and
        // the sign-in prompt that failed to start is taken off the stack.
        if (step.activeDialog?.id === signIn) step.stack.shift();
        await say(step.context, catalog, session, [{ m: 'graph.signInUnavailable' }]);
        return step.replaceDialog(DialogId.prerequisites, { index } satisfies PrerequisitesOptions);
      }
    }
    const ids = this.prerequisiteIds(session);
    const context = checkContextOf(session, this.deps.now());
    const misplaced = misplacedExport(catalog, ids, id, session.outcomes, reply, this.deps.checkers, context);
    if (misplaced) {
      const kind = { m: `export.${misplaced.kind}` as const };
      if (misplaced.usedFor) {
        const { id: target, index: n, outcome: used } = misplaced.usedFor;
        session.outcomes[target] = withFile(used, attachedFile(step.context));
        if (n > index) session.checkedAhead = [...(session.checkedAhead ?? []), target];
        learnFromEvidence(session, misplaced.kind, reply);
        await say(step.context, catalog, session, [{ m: 'prereq.wrongExportUsed', p: { kind, n: n + 1, title: { prereq: target, f: 'title' } } }]);
        await step.context.sendActivity(this.describe(session, used));
      } else {
        await say(step.context, catalog, session, [{ m: 'prereq.wrongExport', p: { kind } }]);
      }
      return step.replaceDialog(DialogId.prerequisites, { index } satisfies PrerequisitesOptions);
    }
    const answer = answerPrerequisite(catalog, prerequisite, reply, this.deps.checkers, context, picked >= 0 ? choices[picked]! : null);
    if (!answer.ok) {
      const choiceNames = choiceList(catalog, session.locale, choiceParts(choices));
      await say(step.context, catalog, session, [{ m: NOT_UNDERSTOOD_KEYS[answer.reason], p: { choices: choiceNames, items: answer.items } }]);
      return step.replaceDialog(DialogId.prerequisites, { index } satisfies PrerequisitesOptions);
    }
    const outcome = withFile(answer.outcome, attachedFile(step.context));
    session.outcomes[id] = outcome;
    if (outcome.kind === 'checked') {
      learnFromEvidence(session, prerequisite.checker, reply);
      if (pendingConnectorQuestions(outcome.result).length > 0) {
        return step.replaceDialog(DialogId.prerequisites, { index, followUp: true } satisfies PrerequisitesOptions);
      }
    }
    await step.context.sendActivity(this.describe(session, outcome));
    return step.replaceDialog(DialogId.prerequisites, { index: index + 1 } satisfies PrerequisitesOptions);
  }

  /**
   * After the sign-in: reads the tenant through Graph for this step and the ones after it, says what it found and what
   * it could not read (those steps keep the paste), and moves on when this step was checked. The token is used for
   * this turn only; it is not kept in the dialog state or the session.
   */
  private async connectedStep(step: WaterfallStepContext<PrerequisitesOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const index = step.options?.index ?? 0;
    const ids = this.prerequisiteIds(session);
    const id = ids[index]!;
    const graph = this.deps.graph;
    const token = (step.result as TokenResponse | undefined)?.token;
    if (!graph || !token) {
      await say(step.context, catalog, session, [{ m: 'graph.signInNotDone' }]);
      return step.replaceDialog(DialogId.prerequisites, { index } satisfies PrerequisitesOptions);
    }
    await say(step.context, catalog, session, [{ m: 'graph.reading' }]);
    const now = this.deps.now();
    const report = await connectTenant(session, catalog, ids, index, createGraphClient(token, graph.client), {
      now,
      sleep: graph.client.sleep,
      auditWaitMs: graph.auditWaitMs,
      onProgress: () => say(step.context, catalog, session, [{ m: 'graph.auditWaiting' }]),
    });
    const consent = { tenant: tenantHint(step.context, session), appId: graph.appId };
    const parts: Part[] = [];
    const alert = report.alert;
    if (alert) {
      parts.push({ m: 'graph.alertFound', p: { title: { lit: alert.title }, time: formatUtc(new Date(alert.raisedAt)) } });
      if (alert.description) parts.push({ m: 'graph.alertSaid', p: { description: { lit: alert.description } } });
    }
    parts.push(...liveFailureParts(report.failed, consent));
    if (report.checked.length > 0) parts.push({ m: 'graph.connected', p: { time: formatUtc(now), count: report.checked.length } });
    if (parts.length > 0) await say(step.context, catalog, session, parts);
    const outcome = session.outcomes[id];
    if (!report.checked.includes(id) || outcome?.kind !== 'checked') {
      return step.replaceDialog(DialogId.prerequisites, { index } satisfies PrerequisitesOptions);
    }
    await step.context.sendActivity(this.describe(session, outcome));
    return step.replaceDialog(DialogId.prerequisites, { index: index + 1 } satisfies PrerequisitesOptions);
  }

  /** The verdict and findings as a Markdown message; what was read from the paste is escaped. */
  private describe(session: TriageSession, outcome: PrerequisiteOutcome): Partial<Activity> {
    const catalog = catalogOf(this.deps);
    const m = catalog.messages[session.locale];
    if (outcome.kind === 'skipped') return markdownMessage(m['prereq.skipped']);
    if (outcome.kind === 'answered') return markdownMessage(m['prereq.answered']);
    if (outcome.kind === 'attested') return markdownMessage(m['prereq.attested']);
    if (outcome.kind === 'cannotRun') return markdownMessage(m['prereq.cannotRun']);
    const r = outcome.result;
    const lines = [m[VERDICT_KEYS[r.verdict]], ...r.findings.map((f) => `• ${findingText(catalog, session.locale, f, 'markdown')}`)];
    if (outcome.readAt !== undefined) lines.push(fill(m['graph.readAt'], { time: formatUtc(new Date(outcome.readAt)), count: r.recordsRead }));
    else if (r.format !== 'empty') lines.push(fill(m['prereq.readAs'], { format: formatName(catalog, session.locale, r.format), count: r.recordsRead }));
    if (r.problems.length > 0) lines.push(fill(m['prereq.problems'], { problems: r.problems.slice(0, 3).map((p) => problemText(catalog, session.locale, p, 'markdown')).join(m['prereq.problemSeparator']) }));
    return markdownMessage(lines.join('\n'));
  }
}

/** The tenant the admin-consent address names: its ID when known (typed, or the Teams tenant), else its initial domain. */
function tenantHint(context: TurnContext, session: TriageSession): string | null {
  const teamsTenant = (context.activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return session.details.tenantId ?? context.activity.conversation?.tenantId ?? (typeof teamsTenant === 'string' ? teamsTenant : null) ?? session.details.tenantName;
}
