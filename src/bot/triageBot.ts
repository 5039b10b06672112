import {
  ActivityHandler,
  type Activity,
  type ConversationState,
  type ResourceResponse,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { runDialog, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { Catalog } from '../catalog/catalog';
import type { MessageKey } from '../catalog/messageKeys';
import { renderPart } from '../conversation/renderPart';
import { catalogLocaleFor } from '../recognize/triage';
import { isStorageConflict } from '../storage/isStorageConflict';
import { dialogStackFits } from './dialogStackFits';

/** Bump when the dialog layout changes so that conversations stored with the old layout restart cleanly. */
export const DIALOG_LAYOUT_VERSION = 1;
const MAX_ATTEMPTS = 3;

export type TurnOutcome = 'ok' | 'retried' | 'refused' | 'restarted' | 'storage-error' | 'error';

export interface TriageBotOptions {
  /** Teams tenants allowed to use the bot; empty allows every tenant. */
  readonly allowedTenants?: readonly string[];
  /** Told about every finished turn (metrics, logs). */
  readonly onTurnDone?: (context: TurnContext, info: { readonly seconds: number; readonly outcome: TurnOutcome }) => void | Promise<void>;
}

/**
 * Greets new members, routes every message through the main dialog and saves state after each turn.
 * Replies are held until the state is saved: when another process changed the conversation meanwhile (eTag
 * conflict), the turn runs again on fresh state and only the replies of the run that was saved are sent.
 */
export class TriageBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly layout: StatePropertyAccessor<number>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly dialog: Dialog,
    private readonly catalog: Catalog,
    private readonly options: TriageBotOptions = {},
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.layout = conversationState.createProperty<number>('layout');
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await this.say(context, 'chat.welcome');
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      if (!this.tenantAllowed(context)) {
        this.outcome.set(context, 'refused');
        await this.say(context, 'chat.tenantNotAllowed');
        return;
      }
      await this.runConversation(context);
      await next();
    });
  }

  private async say(context: TurnContext, key: MessageKey): Promise<void> {
    await context.sendActivity(renderPart(this.catalog, catalogLocaleFor(context.activity.locale ?? null), { m: key }, 'markdown'));
  }

  private tenantAllowed(context: TurnContext): boolean {
    const allowed = this.options.allowedTenants ?? [];
    if (allowed.length === 0 || context.activity.channelId !== 'msteams') return true;
    const tenant = (context.activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
    return typeof tenant === 'string' && allowed.includes(tenant.toLowerCase());
  }

  /** Runs the dialog; a conversation stored with another dialog layout (or one it cannot run) starts over politely. */
  private async runConversation(context: TurnContext): Promise<void> {
    const stored = await this.layout.get(context);
    const state = await this.dialogState.get(context);
    const hasStack = (state?.dialogStack?.length ?? 0) > 0;
    if (hasStack && (stored !== DIALOG_LAYOUT_VERSION || !dialogStackFits(this.dialog, state))) return this.restart(context);
    await this.layout.set(context, DIALOG_LAYOUT_VERSION);
    await runDialog(this.dialog, context, this.dialogState);
  }

  private async restart(context: TurnContext): Promise<void> {
    this.outcome.set(context, 'restarted');
    await this.conversationState.clear(context);
    await this.layout.set(context, DIALOG_LAYOUT_VERSION);
    await this.say(context, 'chat.restarted');
  }

  /** What became of each turn in flight, for onTurnDone. */
  private readonly outcome = new WeakMap<TurnContext, TurnOutcome>();

  override async run(context: TurnContext): Promise<void> {
    const started = process.hrtime.bigint();
    const done = async (outcome: TurnOutcome) =>
      this.options.onTurnDone?.(context, { seconds: Number(process.hrtime.bigint() - started) / 1e9, outcome: this.outcome.get(context) ?? outcome });
    try {
      await this.runHoldingReplies(context);
    } catch (err) {
      await done(isStorageConflict(err) || /storage/i.test((err as Error).message) ? 'storage-error' : 'error');
      throw err;
    }
    await done('ok');
  }

  private async runHoldingReplies(context: TurnContext): Promise<void> {
    const outbox = { holding: true, held: [] as Partial<Activity>[] };
    context.onSendActivities(async (_ctx, activities, next): Promise<ResourceResponse[]> => {
      if (!outbox.holding) return next();
      outbox.held.push(...activities);
      return activities.map(() => ({ id: '' }));
    });
    for (let attempt = 1; ; attempt++) {
      outbox.held = [];
      try {
        await super.run(context);
        await this.conversationState.saveChanges(context, false);
      } catch (err) {
        if (isStorageConflict(err) && attempt < MAX_ATTEMPTS) {
          this.outcome.set(context, 'retried');
          await this.conversationState.load(context, true);
          continue;
        }
        outbox.holding = false;
        throw err;
      }
      outbox.holding = false;
      if (outbox.held.length > 0) await context.sendActivities(outbox.held);
      return;
    }
  }
}
