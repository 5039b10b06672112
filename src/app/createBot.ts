import { ConversationState, type StatePropertyAccessor, type Storage } from 'botbuilder';
import { MainDialog } from '../../dialogs/mainDialog';
import { TriageBot, type TriageBotOptions } from '../bot/triageBot';
import { CHECKERS } from '../checks/checkers';
import type { TriageSession } from '../conversation/session';
import type { TriageDeps } from '../recognize/triage';

export interface BotParts {
  readonly bot: TriageBot;
  readonly session: StatePropertyAccessor<TriageSession>;
  readonly dialog: MainDialog;
  readonly conversationState: ConversationState;
}

/** Builds the conversation on a storage: state, the main dialog with its deps, the bot. */
export function createBot(
  triage: TriageDeps,
  storage: Storage,
  clock: { now: () => Date; random: () => number } = { now: () => new Date(), random: Math.random },
  options: TriageBotOptions = {},
): BotParts {
  const conversationState = new ConversationState(storage);
  const session = conversationState.createProperty<TriageSession>('session');
  const dialog = new MainDialog({ triage, session, checkers: CHECKERS, now: clock.now, random: clock.random });
  const bot = new TriageBot(conversationState, dialog, triage.catalog, options);
  return { bot, dialog, conversationState, session };
}
