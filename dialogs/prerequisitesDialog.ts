import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
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
import { DialogId } from './dialogIds';
import { ask, markdownMessage, say } from './replies';
import { pickChoice } from '../src/conversation/pickChoice';
import type { Activity } from 'botbuilder';

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
export class PrerequisitesDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(DialogId.prerequisites);
    this.addDialog(new WaterfallDialog(DialogId.prerequisitesFlow, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = DialogId.prerequisitesFlow;
  }

  private prerequisiteIds(session: TriageSession): readonly string[] {
    return blockById(catalogOf(this.deps), session.blockId ?? '')?.prerequisites ?? [];
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
      await say(step.context, catalog, session, [
        { m: 'prereq.step', p: { n: index + 1, total: ids.length, title: { prereq: id, f: 'title' } } },
        { m: 'prereq.checkedAhead' },
      ]);
      // Its questions (connectors to recognise) are still to be asked.
      const next = pendingConnectorQuestions(outcome.result).length > 0 ? { index, followUp: true } : { index: index + 1 };
      return step.replaceDialog(DialogId.prerequisitesFlow, next satisfies PrerequisitesOptions);
    }
    if (step.options?.followUp && outcome?.kind === 'checked') {
      const [pending] = pendingConnectorQuestions(outcome.result);
      if (pending) {
        stepValues(step).followUp = pending.index;
        return ask(step, catalog, session, { parts: [{ m: 'finding.inbound-connector-unrecognised', p: { name: pending.name } }], choices: YES_NO_SKIP });
      }
      await step.context.sendActivity(this.describe(session, outcome));
      return step.replaceDialog(DialogId.prerequisitesFlow, { index: index + 1 } satisfies PrerequisitesOptions);
    }
    const parts: Part[] = [
      { m: 'prereq.step', p: { n: index + 1, total: ids.length, title: { prereq: id, f: 'title' } } },
      { m: 'prereq.why', p: { why: { prereq: id, f: 'why' } } },
    ];
    if (prerequisite.command) parts.push({ m: 'prereq.command' }, { code: prerequisite.command });
    parts.push({ prereq: id, f: 'question' });
    const choices = choiceParts(choicesOf(prerequisite));
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
        return step.replaceDialog(DialogId.prerequisitesFlow, { index, followUp: true } satisfies PrerequisitesOptions);
      }
      if (command !== 'skip' && command !== 'dontKnow') {
        await say(step.context, catalog, session, [{ m: 'chat.notAChoice', p: { choices: choiceList(catalog, session.locale, YES_NO_SKIP) } }]);
        return step.replaceDialog(DialogId.prerequisitesFlow, { index, followUp: true } satisfies PrerequisitesOptions);
      }
      await step.context.sendActivity(this.describe(session, current));
      return step.replaceDialog(DialogId.prerequisitesFlow, { index: index + 1 } satisfies PrerequisitesOptions);
    }
    if (matchCommand(catalog, reply) === 'back') {
      return step.replaceDialog(DialogId.prerequisitesFlow, { index: Math.max(0, index - 1) } satisfies PrerequisitesOptions);
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
      return step.replaceDialog(DialogId.prerequisitesFlow, { index } satisfies PrerequisitesOptions);
    }
    // Where the buttons are numbered text, "1"/"2"/"3" pick a button (a checklist's numbers are its items).
    const choices = choicesOf(prerequisite);
    const picked = pickChoice(catalog, reply, choiceParts(choices));
    const answer = answerPrerequisite(catalog, prerequisite, reply, this.deps.checkers, context, picked >= 0 ? choices[picked]! : null);
    if (!answer.ok) {
      const choiceNames = choiceList(catalog, session.locale, choiceParts(choices));
      await say(step.context, catalog, session, [{ m: NOT_UNDERSTOOD_KEYS[answer.reason], p: { choices: choiceNames, items: answer.items } }]);
      return step.replaceDialog(DialogId.prerequisitesFlow, { index } satisfies PrerequisitesOptions);
    }
    const outcome = withFile(answer.outcome, attachedFile(step.context));
    session.outcomes[id] = outcome;
    if (outcome.kind === 'checked') {
      learnFromEvidence(session, prerequisite.checker, reply);
      if (pendingConnectorQuestions(outcome.result).length > 0) {
        return step.replaceDialog(DialogId.prerequisitesFlow, { index, followUp: true } satisfies PrerequisitesOptions);
      }
    }
    await step.context.sendActivity(this.describe(session, outcome));
    return step.replaceDialog(DialogId.prerequisitesFlow, { index: index + 1 } satisfies PrerequisitesOptions);
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
    if (r.format !== 'empty') lines.push(fill(m['prereq.readAs'], { format: formatName(catalog, session.locale, r.format), count: r.recordsRead }));
    if (r.problems.length > 0) lines.push(fill(m['prereq.problems'], { problems: r.problems.slice(0, 3).map((p) => problemText(catalog, session.locale, p, 'markdown')).join(m['prereq.problemSeparator']) }));
    return markdownMessage(lines.join('\n'));
  }
}
