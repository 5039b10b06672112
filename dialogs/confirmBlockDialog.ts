import { WaterfallDialog } from '../src/bot/dialogLibrary';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { blockById } from '../src/catalog/catalog';
import { choiceList } from '../src/conversation/choiceList';
import { matchCommand } from '../src/conversation/commands';
import type { Part } from '../src/conversation/session';
import { applyAnswer, MAX_TELLING_QUESTIONS, nextConfirmStep, withoutCandidate } from '../src/recognize/disambiguate';
import { catalogOf, type DialogDeps } from './dialogDeps';
import { DialogId } from './dialogIds';
import { ask, say } from './replies';
import { pickChoice } from '../src/conversation/pickChoice';
import { FAILURE_CODE } from '../src/text/statusCodePatterns';

export interface ConfirmResult {
  readonly blockId: string | null;
  readonly back?: boolean;
}

const stepValues = (step: WaterfallStepContext) => step.values as { mode?: Mode };

type Mode = { kind: 'confirm'; block: string } | { kind: 'question'; question: string; choices: Part[] } | { kind: 'which'; blocks: string[]; choices: Part[] };

/** States the block when sure, otherwise asks the one or two questions that tell the candidates apart. */
export class ConfirmBlockDialog extends WaterfallDialog {
  constructor(private readonly deps: DialogDeps) {
    super(DialogId.confirmBlock);
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = await this.deps.session.get(step.context);
    if (!session) return step.endDialog({ blockId: null } satisfies ConfirmResult);
    const next = nextConfirmStep(session.belief, session.unsure, session.asked, catalog.questions);
    switch (next.kind) {
      case 'none':
        return step.endDialog({ blockId: null } satisfies ConfirmResult);
      case 'confirm':
        stepValues(step).mode = { kind: 'confirm', block: next.block };
        return ask(step, catalog, session, {
          parts: [{ m: 'confirm.sure', p: { code: next.block, title: { block: next.block, f: 'title' } } }],
          choices: [{ m: 'choice.yes' }, { m: 'choice.no' }],
        });
      case 'question': {
        const { id, answers } = next.question;
        const choices: Part[] = [...answers.map((a) => ({ a: [id, a.id] as const })), { m: 'choice.dontKnow' }];
        stepValues(step).mode = { kind: 'question', question: id, choices };
        const intro: Part[] = session.asked.length === 0 ? [{ m: 'confirm.notSure' }] : [];
        return ask(step, catalog, session, { parts: [...intro, { q: id }], choices });
      }
      case 'which': {
        const choices: Part[] = [...next.blocks.map((b) => ({ block: b, f: 'smtpText' as const })), { m: 'confirm.noneOfThese' }];
        stepValues(step).mode = { kind: 'which', blocks: [...next.blocks], choices };
        return ask(step, catalog, session, { parts: [{ m: 'confirm.whichText' }], choices });
      }
    }
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const reply = String(step.result ?? '');
    const mode = stepValues(step).mode!;
    const command = matchCommand(catalog, reply);
    if (command === 'back') return step.endDialog({ blockId: null, back: true } satisfies ConfirmResult);
    switch (mode.kind) {
      case 'confirm': {
        const picked = pickChoice(catalog, reply, [{ m: 'choice.yes' }, { m: 'choice.no' }]);
        if (command === 'yes' || picked === 0) return step.endDialog({ blockId: mode.block } satisfies ConfirmResult);
        if (command === 'no' || picked === 1) {
          session.belief = withoutCandidate(session.belief, mode.block);
          session.asked = session.asked.slice(0, MAX_TELLING_QUESTIONS);
          if (session.belief.length === 0) return this.cannotTell(step);
          return step.replaceDialog(DialogId.confirmBlock);
        }
        return this.notAChoice(step, [{ m: 'choice.yes' }, { m: 'choice.no' }]);
      }
      case 'question': {
        const picked = pickChoice(catalog, reply, mode.choices);
        if (picked < 0 && command !== 'dontKnow' && command !== 'skip') return this.notAChoice(step, mode.choices);
        const question = catalog.questions.find((q) => q.id === mode.question)!;
        const answer = picked >= 0 && picked < question.answers.length ? question.answers[picked]! : null;
        if (answer) session.belief = [...applyAnswer(session.belief, question, answer.id)];
        session.asked = [...session.asked, question.id];
        return step.replaceDialog(DialogId.confirmBlock);
      }
      case 'which': {
        const picked = pickChoice(catalog, reply, mode.choices);
        const code = FAILURE_CODE.exec(reply)?.[0];
        const typed = code && blockById(catalog, code) ? code : null;
        if (typed) return step.endDialog({ blockId: typed } satisfies ConfirmResult);
        if (picked >= 0 && picked < mode.blocks.length) return step.endDialog({ blockId: mode.blocks[picked]! } satisfies ConfirmResult);
        if (picked === mode.blocks.length || command === 'none' || command === 'no') return this.cannotTell(step);
        return this.notAChoice(step, mode.choices);
      }
    }
  }

  /** The reply is none of the choices: say so, name them, and ask again. */
  private async notAChoice(step: WaterfallStepContext, choices: readonly Part[]): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    await say(step.context, catalog, session, [{ m: 'chat.notAChoice', p: { choices: choiceList(catalog, session.locale, choices) } }]);
    return step.replaceDialog(DialogId.confirmBlock);
  }

  private async cannotTell(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = (await this.deps.session.get(step.context))!;
    await say(step.context, catalogOf(this.deps), session, [{ m: 'confirm.cannotTell' }]);
    return step.endDialog({ blockId: null } satisfies ConfirmResult);
  }
}
