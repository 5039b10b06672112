import type { StatePropertyAccessor } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { MainDialog } from '../../dialogs/mainDialog';
import { CasConversationState } from '../bot/casConversationState';
import { InstallLedger } from '../bot/teamsTurn';
import { TriageBot, type TriageBotOptions } from '../bot/triageBot';
import { CHECKERS } from '../checks/checkers';
import type { TriageSession } from '../conversation/session';
import type { TriageDeps } from '../recognize/triage';
import type { GraphDialogDeps } from '../../dialogs/dialogDeps';
import type { CasStorage } from '../storage/casStorage';

export interface BotParts {
  readonly bot: TriageBot;
  readonly session: StatePropertyAccessor<TriageSession>;
  readonly conversationState: CasConversationState;
}

export interface BotBuildOptions extends TriageBotOptions {
  /** The conversation to run instead of the main dialog (tests that count turns through the real stack). */
  readonly dialog?: (session: StatePropertyAccessor<TriageSession>) => Dialog;
  /** "Connect your tenant" (absent: off). */
  readonly graph?: GraphDialogDeps;
}

/** Builds the conversation on a compare-and-set storage: state, the main dialog with its deps, the bot. */
export function createBot(
  triage: TriageDeps,
  storage: CasStorage,
  clock: { now: () => Date; random: () => number } = { now: () => new Date(), random: Math.random },
  options: BotBuildOptions = {},
): BotParts {
  const conversationState = new CasConversationState(storage);
  const session = conversationState.createProperty<TriageSession>('session');
  const graph = options.graph ? { graph: options.graph } : {};
  const dialog = options.dialog?.(session) ?? new MainDialog({ triage, session, checkers: CHECKERS, now: clock.now, random: clock.random, ...graph });
  const bot = new TriageBot(conversationState, dialog, triage.catalog, {
    conversationLocale: async (context) => (await session.get(context))?.locale ?? null,
    installs: new InstallLedger(storage),
    ...options,
  });
  return { bot, conversationState, session };
}
