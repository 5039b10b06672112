import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { runDialog, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { Catalog } from '../catalog/catalog';
import { renderPart } from '../conversation/renderPart';
import { catalogLocaleFor } from '../recognize/triage';

/** Greets new members, routes every message through the main dialog, saves state after each turn. */
export class TriageBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly dialog: Dialog,
    private readonly catalog: Catalog,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.onMembersAdded(async (context, next) => {
      const locale = catalogLocaleFor(context.activity.locale ?? null);
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity(renderPart(this.catalog, locale, { m: 'chat.welcome' }));
        }
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      await runDialog(this.dialog, context, this.dialogState);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }
}
