import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { OAuthPrompt } from '../bot/dialogLibrary';
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
import type { CaseHandoff } from '../handoff/caseHandoff';
import { messageActionResponse } from '../bot/messageAction';

export interface BotParts {
  readonly bot: TriageBot;
  readonly session: StatePropertyAccessor<TriageSession>;
  readonly conversationState: CasConversationState;
}

export interface BotBuildOptions extends TriageBotOptions {
  /** The conversation to run instead of the main dialog (tests that count turns through the real stack). */
  readonly dialog?: (session: StatePropertyAccessor<TriageSession>) => Dialog;
  /** Where finished cases can be sent; without it the summary offers no hand-off. */
  readonly handoff?: CaseHandoff;
  /** The bot's app id, to open a personal chat from the message action; empty (local mode) cannot. */
  readonly appId?: string;
  /** Told why the message action could not open a personal chat. */
  readonly onMessageActionError?: (err: unknown) => void;
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
  const { handoff, graph, dialog: customDialog, appId = '', onMessageActionError, ...botOptions } = options;
  const dialog =
    customDialog?.(session) ??
    new MainDialog({ triage, session, checkers: CHECKERS, now: clock.now, random: clock.random, ...(handoff ? { handoff } : {}), ...(graph ? { graph } : {}) });
  const bot: TriageBot = new TriageBot(conversationState, dialog, triage.catalog, {
    conversationLocale: async (context) => (await session.get(context))?.locale ?? null,
    openPrompt: async (context) => {
      const current = await session.get(context);
      return current?.lastPrompt ? { spec: current.lastPrompt, locale: current.locale } : null;
    },
    installs: new InstallLedger(storage),
    ...(graph ? { signOut: signOutOf(graph.connectionName) } : {}),
    messageAction: (context) =>
      messageActionResponse(context, { triage, appId, startCase: (chat) => bot.startCase(chat), ...(onMessageActionError ? { onError: onMessageActionError } : {}) }),
    ...botOptions,
  });
  return { bot, conversationState, session };
}

/** Signs the user out of an OAuth connection through whichever token store the channel's adapter offers. */
function signOutOf(connectionName: string): (context: TurnContext) => Promise<void> {
  const prompt = new OAuthPrompt('forget-sign-out', { connectionName, title: '', text: '' });
  return (context) => prompt.signOutUser(context);
}
