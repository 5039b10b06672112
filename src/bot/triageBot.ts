import {
  ActivityHandler,
  ActivityTypes,
  Channels,
  type Activity,
  type InvokeResponse,
  type ResourceResponse,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
import type { Catalog } from '../catalog/catalog';
import type { MessageKey } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import { ATTACHED_FILE, type AttachedFile } from '../conversation/attachedFile';
import { matchCommand } from '../conversation/commands';
import { renderPart } from '../conversation/renderPart';
import { promptId } from '../teams/cardActions';
import type { Part } from '../conversation/session';
import { catalogLocaleFor } from '../recognize/triage';
import { isStorageConflict } from '../storage/isStorageConflict';
import { fileAttachmentsOf, type FileRead, type FileReader } from './attachedFiles';
import type { CasConversationState } from './casConversationState';
import { dialogStackFits } from './dialogStackFits';
import { DialogTurnRunner } from './dialogTurn';
import type { WelcomeAudience } from '../teams/installWelcome';
import { answeredCard, cardActionOfInvoke, cardActionOfSubmit, noticeCard, type CardAction } from '../teams/cardActions';
import { TEAMS_MESSAGE_MAX_BYTES } from '../teams/messageLimit';
import type { PromptSpec } from '../conversation/session';
import { cardUpdate, EMPTY_OK, taskMessage } from './invokeResponses';
import { addressedActivity, sendWelcome, welcomeFor, type InstallLedger } from './teamsTurn';

/** The hello for each audience. */
const WELCOME: Readonly<Record<WelcomeAudience, MessageKey>> = { user: 'chat.welcome', channel: 'teams.welcomeChannel', groupChat: 'teams.welcomeGroupChat' };

/**
 * Bump when the dialog layout changes so that conversations stored with the old layout restart cleanly.
 * 2: the confirm, prerequisites and case-details dialogs are waterfalls in the main dialog, no longer components.
 */
export const DIALOG_LAYOUT_VERSION = 2;

/**
 * How often a turn that lost a race runs again, and how long it waits first. Each lost race means another turn
 * of the conversation was saved, so the conversation moves on; the random wait keeps instances from colliding in
 * step again.
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly delayMs: (attempt: number) => number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, delayMs: (attempt) => Math.random() * 15 * attempt };

export type TurnOutcome = 'ok' | 'ignored' | 'retried' | 'replayed' | 'refused' | 'restarted' | 'forgotten' | 'storage-error' | 'error';

/**
 * Set in a turn's turnState when the user asked to forget the conversation and its state was deleted: a channel
 * that keeps its own copy of the conversation (the local Direct Line transcript) drops it too.
 */
export const CONVERSATION_FORGOTTEN = 'ndrTriage.conversationForgotten';

/** Set on the first turn of a personal chat opened by the message action: the chat starts a new case. */
const START_FRESH = 'ndrTriage.startFresh';

/** The question waiting for an answer in a conversation, and the language it was asked in. */
export interface OpenPrompt {
  readonly spec: PromptSpec;
  readonly locale: CatalogLocale;
}

/** The attached file of this turn, read once (a turn that lost a race runs again on the same text). */
const FILE_TAKEN = 'ndrTriage.fileTaken';

/**
 * The message a turn answered last and its replies, saved with the state it produced (one atomic write). A
 * channel that delivers the same message again — it timed out, or the instance died after saving but before
 * answering — gets the same replies, and the conversation does not move twice.
 */
interface LastTurn {
  readonly activityId: string;
  readonly replies: Partial<Activity>[];
}

export interface TriageBotOptions {
  /** Teams tenants allowed to use the bot; empty allows every tenant. */
  readonly allowedTenants?: readonly string[];
  /** Runs again after a lost race; DEFAULT_RETRY unless given. */
  readonly retry?: RetryPolicy;
  /** The conversation's language as the conversation knows it (for the goodbye of "forget"); else the activity's. */
  readonly conversationLocale?: (context: TurnContext) => Promise<CatalogLocale | null>;
  /** Which Teams installations were greeted (one welcome per installation); without it every announcement greets. */
  readonly installs?: InstallLedger;
  /** Reads a file attached to a message (Teams download, Direct Line upload); without it attachments are not read. */
  readonly readFile?: FileReader;
  /** The question the conversation waits on (to tell a pressed button of the current card from a stale one). */
  readonly openPrompt?: (context: TurnContext) => Promise<OpenPrompt | null>;
  /** Answers the "Triage this NDR" message action (`composeExtension/*` invokes); without it they get a polite card. */
  readonly messageAction?: (context: TurnContext) => Promise<InvokeResponse>;
  /**
   * Signs the user out of the tenant connection (Connect your tenant), when there is one: forgetting a conversation
   * forgets the sign-in too. A failure here does not stop the forgetting.
   */
  readonly signOut?: (context: TurnContext) => Promise<void>;
  /** Told about every finished turn (metrics, logs). */
  readonly onTurnDone?: (context: TurnContext, info: { readonly seconds: number; readonly outcome: TurnOutcome }) => void | Promise<void>;
}

/**
 * Greets new members (on Teams, once per installation), routes every message through the main dialog and saves state
 * after each turn. In a Teams channel or group chat it only reads messages that mention it, without that mention.
 * Replies are held until the state is saved: when another process changed the conversation meanwhile (eTag
 * conflict), the turn runs again on fresh state and only the replies of the run that was saved are sent. When it
 * keeps losing, the user gets an apology and nothing of the turn is saved.
 */
export class TriageBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly layout: StatePropertyAccessor<number>;
  private readonly lastTurn: StatePropertyAccessor<LastTurn | undefined>;
  private readonly dialogTurn: DialogTurnRunner;

  constructor(
    private readonly conversationState: CasConversationState,
    private readonly dialog: Dialog,
    private readonly catalog: Catalog,
    private readonly options: TriageBotOptions = {},
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.dialogTurn = new DialogTurnRunner(dialog, this.dialogState);
    this.layout = conversationState.createProperty<number>('layout');
    this.lastTurn = conversationState.createProperty<LastTurn | undefined>('lastTurn');
    this.onConversationUpdate(async (context, next) => {
      await this.greet(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await this.greet(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      if (!this.tenantAllowed(context)) {
        this.outcome.set(context, 'refused');
        await this.say(context, 'chat.tenantNotAllowed');
        return;
      }
      if (context.activity.channelId === 'msteams' && Buffer.byteLength(context.activity.text ?? '', 'utf8') > TEAMS_MESSAGE_MAX_BYTES) {
        // Teams may have cut it, and whatever the bot quotes back would not fit either: a file carries it whole.
        const kb = Math.ceil(Buffer.byteLength(context.activity.text ?? '', 'utf8') / 1024);
        const locale = (await this.options.conversationLocale?.(context)) ?? undefined;
        await this.sayParts(context, { m: 'teams.tooLong', p: { kb, maxKb: TEAMS_MESSAGE_MAX_BYTES / 1024 } }, locale);
        return;
      }
      if (context.activity.type === ActivityTypes.Message && matchCommand(this.catalog, context.activity.text ?? '') === 'forget') {
        await this.forget(context);
        return;
      }
      if (!(await this.takeFile(context))) return;
      await this.runConversation(context);
      await next();
    });
  }

  private async say(context: TurnContext, key: MessageKey, locale?: CatalogLocale): Promise<void> {
    await this.sayParts(context, { m: key }, locale);
  }

  private async sayParts(context: TurnContext, part: Part, locale?: CatalogLocale): Promise<void> {
    await context.sendActivity(renderPart(this.catalog, locale ?? catalogLocaleFor(context.activity.locale ?? null), part, 'markdown'));
  }

  /**
   * A file attached to the message is read as if its text had been pasted (after what was typed, if anything), and
   * the user is told it was read — or why not. False when there is nothing left to answer (the file was the message
   * and could not be read). Read once per turn, whatever the retries.
   */
  private async takeFile(context: TurnContext): Promise<boolean> {
    const [attachment] = fileAttachmentsOf(context.activity.attachments);
    if (!attachment || !this.options.readFile) return true;
    let taken = context.turnState.get(FILE_TAKEN) as { read: FileRead; typed: string } | undefined;
    if (!taken) {
      taken = { read: await this.options.readFile(attachment), typed: (context.activity.text ?? '').trim() };
      context.turnState.set(FILE_TAKEN, taken);
    }
    const { read, typed } = taken;
    const locale = (await this.options.conversationLocale?.(context)) ?? undefined;
    if (read.kind !== 'read') {
      const key: MessageKey = read.kind === 'too-large' ? 'file.tooLarge' : read.kind === 'binary' ? 'file.binary' : 'file.failed';
      const p: Record<string, string | number> = read.kind === 'too-large' ? { name: read.name, maxKb: Math.floor(read.maxBytes / 1024) } : { name: read.name };
      await this.sayParts(context, { m: key, p }, locale);
      return typed !== '';
    }
    await this.sayParts(context, { m: 'file.received', p: { name: read.name, kb: Math.max(1, Math.ceil(read.bytes / 1024)) } }, locale);
    context.activity.text = typed === '' ? read.text : `${typed}\n\n${read.text}`;
    context.turnState.set(ATTACHED_FILE, { name: read.name } satisfies AttachedFile);
    return true;
  }

  /** Hello to a user who joins, or once per Teams installation (see welcomeDecision). */
  private async greet(context: TurnContext): Promise<void> {
    const decision = welcomeFor(context.activity);
    const installs = this.options.installs;
    if (decision.kind === 'uninstalled') return installs?.release(decision.onceKey);
    if (decision.kind !== 'welcome' || !this.tenantAllowed(context)) return;
    if (decision.onceKey !== null && installs && !(await installs.claim(decision.onceKey))) return;
    const locale = catalogLocaleFor(context.activity.locale ?? null);
    await sendWelcome(context, renderPart(this.catalog, locale, { m: WELCOME[decision.audience] }, 'markdown'));
  }

  /** "Forget this conversation": its stored state goes now, whole, and nothing of this turn is saved again. */
  private async forget(context: TurnContext): Promise<void> {
    const locale = (await this.options.conversationLocale?.(context)) ?? undefined;
    await this.conversationState.delete(context);
    try {
      await this.options.signOut?.(context);
    } catch {
      // The token store could not be reached: the conversation is deleted all the same, and no token is kept here.
    }
    context.turnState.set(CONVERSATION_FORGOTTEN, true);
    this.outcome.set(context, 'forgotten');
    await this.say(context, 'chat.forgotten', locale);
  }

  private tenantAllowed(context: TurnContext): boolean {
    const allowed = this.options.allowedTenants ?? [];
    if (allowed.length === 0 || context.activity.channelId !== 'msteams') return true;
    const tenant = (context.activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
    return typeof tenant === 'string' && allowed.includes(tenant.toLowerCase());
  }

  /** Runs the dialog; a conversation stored with another dialog layout (or one it cannot run) starts over politely. */
  private async runConversation(context: TurnContext): Promise<void> {
    if (context.turnState.get(START_FRESH) === true) {
      await this.conversationState.clear(context);
      await this.say(context, 'teams.continuedIntro');
    }
    const stored = await this.layout.get(context);
    const state = await this.dialogState.get(context);
    const hasStack = (state?.dialogStack?.length ?? 0) > 0;
    if (hasStack && (stored !== DIALOG_LAYOUT_VERSION || !dialogStackFits(this.dialog, state))) return this.restart(context);
    await this.layout.set(context, DIALOG_LAYOUT_VERSION);
    await this.dialogTurn.run(context);
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
      if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: await this.invokeResponse(context) });
        return await done('ok');
      }
      if (context.activity.type === ActivityTypes.Message) {
        const submitted = (context.activity.text ?? '').trim() === '' ? cardActionOfSubmit(context.activity.value) : null;
        if (submitted) {
          // A card button posted its data (Action.Submit): always for us, mention or not, read as the typed answer.
          const answer = await this.answerOf(context, submitted);
          if (answer.kind !== 'answer') {
            await this.say(context, answer.kind === 'stale' ? 'teams.card.stale' : 'teams.card.unknownAction', (await this.options.conversationLocale?.(context)) ?? undefined);
            return await done('ok');
          }
          context.activity.text = answer.text;
        } else {
          // In a Teams channel or group chat: not for us unless we are mentioned, and read without our mention.
          const addressed = addressedActivity(context.activity);
          if (!addressed.answer) return await done('ignored');
          context.activity.text = addressed.text;
        }
      }
      await this.runHoldingReplies(context);
    } catch (err) {
      await done('error');
      throw err;
    }
    await done('ok');
  }

  /**
   * The first turn of a personal chat opened by "Continue in a personal chat" (the activity is already the user's
   * message holding the NDR): whatever the chat held is dropped and a new case starts from that text.
   */
  async startCase(context: TurnContext): Promise<void> {
    context.turnState.set(START_FRESH, true);
    await this.run(context);
  }

  /**
   * A pressed button's answer, when it answers the question the conversation waits on; stale when the card asked
   * something else (answered already, or the conversation moved on), unknown when it is none of our buttons.
   */
  private async answerOf(context: TurnContext, action: CardAction): Promise<{ kind: 'answer'; text: string; open: OpenPrompt } | { kind: 'stale' | 'unknown' }> {
    if (action.kind !== 'answer') return { kind: 'unknown' };
    const open = (await this.options.openPrompt?.(context)) ?? null;
    const waiting = ((await this.dialogState.get(context))?.dialogStack?.length ?? 0) > 0;
    if (!open || !waiting || promptId(open.spec) !== action.prompt) return { kind: 'stale' };
    return { kind: 'answer', text: action.answer, open };
  }

  /**
   * Every invoke is answered with HTTP 200. `adaptiveCard/action` (a question's button): the answer runs through the
   * conversation exactly as if typed, and the card comes back without its buttons, showing the answer. The message
   * action's invokes go to its handler. `task/fetch` and `task/submit` (no task module is declared) get a line of
   * text; any other invoke an empty 200.
   */
  private async invokeResponse(context: TurnContext): Promise<InvokeResponse> {
    const locale = (await this.options.conversationLocale?.(context)) ?? catalogLocaleFor(context.activity.locale ?? null);
    const m = this.catalog.messages[locale];
    const name = context.activity.name ?? '';
    if (name === 'adaptiveCard/action') {
      if (!this.tenantAllowed(context)) return cardUpdate(noticeCard(m['chat.tenantNotAllowed']));
      const answer = await this.answerOf(context, cardActionOfInvoke(context.activity.value));
      if (answer.kind !== 'answer') return cardUpdate(noticeCard(m[answer.kind === 'stale' ? 'teams.card.stale' : 'teams.card.unknownAction']));
      const answered = answeredCard(this.catalog.messages[answer.open.locale]['teams.card.answered'], answer.text);
      await this.asMessage(context, answer.text, () => this.runHoldingReplies(context));
      return cardUpdate(answered);
    }
    if (name === 'composeExtension/fetchTask' || name === 'composeExtension/submitAction') {
      if (!this.tenantAllowed(context) || !this.options.messageAction) return taskMessage(m[this.tenantAllowed(context) ? 'teams.task.nothing' : 'chat.tenantNotAllowed']);
      return this.options.messageAction(context);
    }
    if (name === 'task/fetch' || name === 'task/submit') return taskMessage(m['teams.task.nothing']);
    return EMPTY_OK;
  }

  /** Runs `work` with this turn's activity read as a message holding `text` (the invoke it was is put back after). */
  private async asMessage(context: TurnContext, text: string, work: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const invoke = { type: activity.type, name: activity.name, value: activity.value, text: activity.text };
    Object.assign(activity, { type: ActivityTypes.Message, name: undefined, value: undefined, text });
    try {
      await work();
    } finally {
      Object.assign(activity, invoke);
    }
  }

  private async runHoldingReplies(context: TurnContext): Promise<void> {
    const retry = this.options.retry ?? DEFAULT_RETRY;
    const outbox = { holding: true, held: [] as Partial<Activity>[] };
    // In the Bot Framework Emulator the dialog library sends a trace of the whole dialog memory (the user's paste
    // included) every turn (see DialogTurnRunner). Only the Emulator shows traces: anywhere else one would travel in
    // expectReplies answers and transcripts for nothing. They are never stored with the turn's replies.
    const keepTraces = context.activity.channelId === Channels.Emulator;
    context.onSendActivities(async (_ctx, activities, next): Promise<ResourceResponse[]> => {
      if (!outbox.holding) return next();
      for (const activity of activities) if (keepTraces || activity.type !== ActivityTypes.Trace) outbox.held.push(activity);
      return activities.map(() => ({ id: '' }));
    });
    const release = async (activities: Partial<Activity>[]) => {
      outbox.holding = false;
      if (activities.length > 0) await context.sendActivities(activities);
    };
    const messageId = context.activity.type === ActivityTypes.Message ? context.activity.id : undefined;
    for (let attempt = 1; ; attempt++) {
      outbox.held = [];
      try {
        const last = messageId ? await this.lastTurn.get(context) : undefined;
        if (last && last.activityId === messageId) {
          this.outcome.set(context, 'replayed');
          return await release(last.replies);
        }
        await super.run(context);
        if (context.turnState.get(CONVERSATION_FORGOTTEN) === true) return await release(outbox.held);
        if (messageId) await this.lastTurn.set(context, { activityId: messageId, replies: outbox.held.filter((a) => a.type !== ActivityTypes.Trace) });
        await this.conversationState.saveChanges(context, false);
      } catch (err) {
        if (!isStorageConflict(err)) {
          outbox.holding = false;
          throw err;
        }
        if (attempt >= retry.attempts) {
          // Nothing of this turn was saved (the state is one item, written whole or not at all): say so.
          this.outcome.set(context, 'storage-error');
          await release([]);
          return this.say(context, 'chat.busy');
        }
        this.outcome.set(context, 'retried');
        await new Promise((resolve) => setTimeout(resolve, retry.delayMs(attempt)));
        await this.conversationState.load(context, true);
        continue;
      }
      return release(outbox.held);
    }
  }
}
