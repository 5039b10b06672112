import type { Activity, ActivityHandler, InvokeResponse } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { TurnAdapter } from '../bot/turnAdapter';
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';
import { InputError, InternalError, RateLimitedError, RefusedError } from '../errors/errors';
import { parseActivity, type IncomingActivity } from './activitySchema';
import { ConversationQueue } from './conversationQueue';
import { sendProblem } from './problem';
import type { RateLimiter } from './rateLimiter';

export interface MessagesOptions {
  readonly adapter: TurnAdapter;
  readonly bot: ActivityHandler;
  /** No app id: no channel authentication, so replies may only go back in the HTTP response. */
  readonly localMode: boolean;
  /** Called when a request is refused for authentication (401). */
  readonly onAuthRejected?: () => void;
  /** Turns per authenticated channel, user and conversation. */
  readonly limiter: RateLimiter;
  readonly logger?: Logger;
}

/** Whose turn this is, as the channel vouched for it (the token was checked before the turn runs). */
export function turnKey(activity: Pick<Activity, 'channelId' | 'from' | 'conversation'>): string {
  return JSON.stringify([activity.channelId, activity.from?.id ?? '', activity.conversation?.id ?? '']);
}

/**
 * POST /api/messages: one activity in, validated at the edge, authenticated by the adapter, then — inside the
 * turn, so that only authenticated senders count — rate-limited per channel, user and conversation and run in
 * order with the conversation's other turns.
 */
export function messagesRoute(options: MessagesOptions) {
  const queue = new ConversationQueue();
  const handler = async (req: Request, res: Response): Promise<void> => {
    let activity;
    try {
      activity = parseActivity(req.body);
    } catch (err) {
      return sendProblem(res, err);
    }
    if (options.localMode && activity.deliveryMode !== 'expectReplies') {
      // Without channel authentication anybody can post here: replies never go to a URL the caller chose.
      return sendProblem(res, new InputError('In local mode the bot only answers in the response: use deliveryMode "expectReplies".'));
    }
    let limited: RateLimitedError | null = null;
    let reply: InvokeResponse | undefined;
    try {
      // Checked above: the activity's fields a turn reads (the SDK's type also lists fields no channel must send).
      reply = await options.adapter.runTurn(authorizationOf(req), withDates(activity) as unknown as Activity, async (context) => {
        const wait = options.limiter.take(turnKey(context.activity));
        if (wait > 0) {
          limited = new RateLimitedError(wait, `This conversation sends too fast; try again in ${wait} s.`);
          return;
        }
        await queue.run(JSON.stringify([context.activity.channelId, context.activity.conversation.id]), () => options.bot.run(context));
      });
    } catch (err) {
      if (err instanceof AuthenticationError) {
        options.onAuthRejected?.();
        return sendProblem(res, new RefusedError('unauthorized', 'A valid Bot Framework channel token is required.'));
      }
      options.logger?.error({ err }, 'turn failed in the adapter');
      return sendProblem(res, new InternalError('the adapter could not run the turn'));
    }
    if (limited) return sendProblem(res, limited);
    res.status(reply?.status ?? 200);
    if (reply?.body === undefined) res.end();
    else res.send(reply.body);
  };
  return { handler, queue };
}

/** The Authorization header, as the adapter wants it ('' when there is none). */
function authorizationOf(req: Request): string {
  const header = req.headers.authorization;
  return typeof header === 'string' ? header : '';
}

/**
 * The activity with its timestamps as dates, as the adapter's own HTTP entry hands them to a turn (the text it was
 * sent with stays in rawTimestamp, rawLocalTimestamp and rawExpiration).
 */
function withDates(activity: IncomingActivity): IncomingActivity {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = activity[field];
    if (typeof value === 'string') Object.assign(activity, { [raw]: value, [field]: new Date(value) });
  }
  return activity;
}
