import { WaterfallDialog } from '../src/bot/dialogLibrary';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { CASE_FIELD_PROMPTS, nextMissingField, parseField, setDetail, type CaseField } from '../src/conversation/caseFields';
import { matchCommand } from '../src/conversation/commands';
import { catalogOf, type DialogDeps } from './dialogDeps';
import { DialogId } from './dialogIds';
import { ask, say } from './replies';

export interface CaseDetailsOptions {
  /** Fields already asked (answered or skipped), in order, so that "back" can undo the last one. */
  readonly asked: readonly CaseField[];
}

/** Asks for the case details that are still missing; what the NDR or earlier answers gave is not asked again. */
export class CaseDetailsDialog extends WaterfallDialog<CaseDetailsOptions> {
  constructor(private readonly deps: DialogDeps) {
    super(DialogId.caseDetails);
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
  }

  private async askStep(step: WaterfallStepContext<CaseDetailsOptions>): Promise<DialogTurnResult> {
    const session = (await this.deps.session.get(step.context))!;
    const field = nextMissingField(session.details, step.options?.asked ?? []);
    if (!field) return step.endDialog();
    (step.values as { field?: CaseField }).field = field;
    return ask(step, catalogOf(this.deps), session, { parts: [{ m: CASE_FIELD_PROMPTS[field] }], choices: [{ m: 'choice.skip' }] });
  }

  private async answerStep(step: WaterfallStepContext<CaseDetailsOptions>): Promise<DialogTurnResult> {
    const catalog = catalogOf(this.deps);
    const session = (await this.deps.session.get(step.context))!;
    const asked = step.options?.asked ?? [];
    const field = (step.values as { field?: CaseField }).field!;
    const reply = String(step.result ?? '');
    const command = matchCommand(catalog, reply);
    if (command === 'back') {
      const previous = asked.at(-1);
      if (previous) setDetail(session.details, previous, null);
      return step.replaceDialog(DialogId.caseDetails, { asked: asked.slice(0, -1) } satisfies CaseDetailsOptions);
    }
    if (command === 'skip' || command === 'dontKnow') {
      return step.replaceDialog(DialogId.caseDetails, { asked: [...asked, field] } satisfies CaseDetailsOptions);
    }
    const parsed = parseField(field, reply, this.deps.now());
    if (!parsed.ok) {
      await say(step.context, catalog, session, [{ m: parsed.error }]);
      return step.replaceDialog(DialogId.caseDetails, { asked } satisfies CaseDetailsOptions);
    }
    setDetail(session.details, field, parsed.value, parsed.approximate === true);
    return step.replaceDialog(DialogId.caseDetails, { asked: [...asked, field] } satisfies CaseDetailsOptions);
  }
}
