import { BotTelemetryClientKey, Channels, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { SkillValidation, type ClaimsIdentity } from 'botframework-connector';
import { DialogEvents, DialogSet, DialogStateManager, DialogTurnStatus, runDialog } from './dialogLibrary';
import type { Dialog, DialogState, DialogStateManagerConfiguration } from 'botbuilder-dialogs';

/** Where the dialog library keeps a turn's memory-scope configuration in turnState (its own key). */
const CONFIGURATION_KEY = 'DialogStateManagerConfiguration';
/** Where the dialog library's runDialog leaves the turn's state manager in turnState. */
const STATE_MANAGER_KEY = 'DialogStateManager';

/**
 * Runs one turn of a dialog the way the library's `runDialog` does — continue the active dialog or begin this
 * one, with the library's error event and its memory scopes loaded and saved — without the snapshot `runDialog`
 * takes at the end of every turn: a deep copy of the whole dialog memory (the user's paste included), sent as a
 * trace that only the Bot Framework Emulator shows. In the Emulator, and for a turn that comes from a parent bot
 * (a skill call, which the library answers with its own end-of-conversation rules), it is `runDialog` itself.
 *
 * The memory scopes and path resolvers the library collects on each turn's first state manager hold nothing of the
 * turn, so the first turn's set is kept and given to the later ones.
 */
export class DialogTurnRunner {
  private configuration: DialogStateManagerConfiguration | undefined;

  constructor(
    private readonly dialog: Dialog,
    private readonly accessor: StatePropertyAccessor<DialogState>,
  ) {}

  async run(context: TurnContext): Promise<void> {
    if (context.activity.channelId === Channels.Emulator || fromParentBot(context)) return runDialog(this.dialog, context, this.accessor);
    if (this.configuration && !context.turnState.has(CONFIGURATION_KEY)) context.turnState.set(CONFIGURATION_KEY, this.configuration);
    const dialogs = new DialogSet(this.accessor);
    dialogs.telemetryClient = context.turnState.get(BotTelemetryClientKey) ?? this.dialog.telemetryClient;
    dialogs.add(this.dialog);
    const dc = await dialogs.createContext(context);
    context.turnState.forEach((service, key) => dc.services.push(key, service));
    const memory = new DialogStateManager(dc);
    await memory.loadAllScopes();
    context.turnState.push(STATE_MANAGER_KEY, memory);
    for (;;) {
      try {
        const result = await dc.continueDialog();
        if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.dialog.id);
        break;
      } catch (err) {
        // As in the library: the error event bubbles up from the active dialog; when none handles it, the turn fails.
        if (!(await dc.emitEvent(DialogEvents.error, err, true, true))) throw err;
      }
    }
    await memory.saveAllChanges();
    this.configuration ??= context.turnState.get(CONFIGURATION_KEY) as DialogStateManagerConfiguration | undefined;
  }
}

/** The turn was sent by another bot calling this one as a skill. */
function fromParentBot(context: TurnContext): boolean {
  const identity = context.turnState.get(context.adapter.BotIdentityKey) as ClaimsIdentity | undefined;
  return identity !== undefined && SkillValidation.isSkillClaim(identity.claims);
}
