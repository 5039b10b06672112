import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

/**
 * Bot Framework's CloudAdapter with its turn entry made public. Its HTTP entry (`process`) checks the request and
 * the activity with schemas it builds on every call and answers errors with its own bodies; the bot's route checks
 * both itself at the edge (size, depth, fields) and answers with problem bodies, so it calls the turn entry
 * directly: authentication, then the turn, then what an invoke or expectReplies request answers.
 */
export class TurnAdapter extends CloudAdapter {
  runTurn(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}
