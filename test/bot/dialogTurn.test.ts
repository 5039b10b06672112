import { ActivityTypes, Channels, ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogStateManager,
  TextPrompt,
  WaterfallDialog,
  type DialogEvent,
  type DialogContext,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DialogTurnRunner } from '../../src/bot/dialogTurn';

/** A two-question waterfall in a component dialog; step 2 fails when the answer is "boom". */
function askTwice(handleErrors: boolean): ComponentDialog {
  class Asking extends ComponentDialog {
    override async onDialogEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
      if (handleErrors && event.name === 'error') {
        await dc.context.sendActivity(`handled: ${(event.value as Error).message}`);
        await dc.cancelAllDialogs();
        return true;
      }
      return super.onDialogEvent(dc, event);
    }
  }
  const dialog = new Asking('ask');
  dialog.addDialog(
    new WaterfallDialog('flow', [
      async (step: WaterfallStepContext) => step.prompt('text', 'first?'),
      async (step: WaterfallStepContext) => {
        if (step.result === 'boom') throw new Error('step failed');
        return step.prompt('text', `you said ${String(step.result)}; second?`);
      },
      async (step: WaterfallStepContext) => {
        await step.context.sendActivity(`done: ${String(step.result)}`);
        return step.endDialog();
      },
    ]),
  );
  dialog.addDialog(new TextPrompt('text'));
  return dialog;
}

function harness(channelId: string, handleErrors = false) {
  const state = new ConversationState(new MemoryStorage());
  const runner = new DialogTurnRunner(askTwice(handleErrors), state.createProperty<DialogState>('DialogState'));
  const sent: Partial<Activity>[] = [];
  const scopeSets: unknown[] = [];
  const adapter = new TestAdapter(async (context: TurnContext) => {
    context.onSendActivities(async (_ctx, activities, next) => {
      sent.push(...activities);
      return next();
    });
    await runner.run(context);
    scopeSets.push(context.turnState.get('DialogStateManagerConfiguration'));
    await state.saveChanges(context);
  }, { channelId, conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' } } as Partial<Activity> as never);
  return { adapter, sent, scopeSets };
}

/** Sends the texts one turn each and returns every activity the bot sent, in order. */
async function talk(bot: { adapter: TestAdapter; sent: Partial<Activity>[] }, texts: string[]): Promise<Partial<Activity>[]> {
  for (const text of texts) await bot.adapter.send(text).startTest();
  return bot.sent.splice(0);
}

describe('DialogTurnRunner', () => {
  afterEach(() => jest.restoreAllMocks());

  it('outside the Emulator, runs the dialog across turns without the memory snapshot or its trace', async () => {
    const snapshot = jest.spyOn(DialogStateManager.prototype, 'getMemorySnapshot');
    const sent = await talk(harness(Channels.Directline), ['hi', 'one', 'two', 'hi again']);
    expect(sent.map((a) => a.text ?? a.type)).toEqual(['first?', 'you said one; second?', 'done: two', 'first?']);
    expect(sent.some((a) => a.type === ActivityTypes.Trace)).toBe(false);
    expect(snapshot).not.toHaveBeenCalled();
  });

  it('in the Emulator, is the library\'s runDialog: the same answers and its "Bot State" trace each turn', async () => {
    const sent = await talk(harness(Channels.Emulator), ['hi', 'one']);
    expect(sent.filter((a) => a.type === ActivityTypes.Message).map((a) => a.text)).toEqual(['first?', 'you said one; second?']);
    expect(sent.filter((a) => a.type === ActivityTypes.Trace).map((a) => a.label)).toEqual(['Bot State', 'Bot State']);
  });

  it('gives a failing step to the dialogs\' error event; unhandled, the turn fails', async () => {
    // Handled: the library runs the turn again, so the dialog starts over within the same turn.
    const texts = ['hi', 'boom', 'hi'];
    const ours = (await talk(harness(Channels.Directline, true), texts)).map((a) => a.text);
    expect(ours).toEqual(['first?', 'handled: step failed', 'first?', 'you said hi; second?']);
    const library = (await talk(harness(Channels.Emulator, true), texts)).filter((a) => a.type === ActivityTypes.Message).map((a) => a.text);
    expect(ours).toEqual(library);
    const unhandled = harness(Channels.Directline, false);
    await talk(unhandled, ['hi']);
    await expect(unhandled.adapter.send('boom').startTest()).rejects.toThrow('step failed');
  });

  it('collects the memory scopes once and gives the same set to later turns', async () => {
    const bot = harness(Channels.Directline);
    await talk(bot, ['hi', 'one', 'two']);
    const sets = bot.scopeSets as ({ memoryScopes: unknown[] } | undefined)[];
    expect(sets[0]?.memoryScopes.length).toBeGreaterThan(5);
    expect(sets[1]).toBe(sets[0]);
    expect(sets[2]).toBe(sets[0]);
  });
});
