import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Request, Response } from 'restify';
import { InputError, InternalError, RateLimitedError, RefusedError } from '../errors/errors';
import { parseActivity } from './activitySchema';
import { CapturedResponse } from './capturedResponse';
import { ConversationQueue } from './conversationQueue';
import { sendProblem } from './problem';
import type { RateLimiter } from './rateLimiter';

export interface MessagesOptions {
  readonly adapter: CloudAdapter;
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
    const captured = new CapturedResponse();
    let limited: RateLimitedError | null = null;
    try {
      await options.adapter.process({ body: activity, headers: req.headers, method: req.method }, captured, async (context) => {
        const wait = options.limiter.take(turnKey(context.activity));
        if (wait > 0) {
          limited = new RateLimitedError(wait, `This conversation sends too fast; try again in ${wait} s.`);
          return;
        }
        await queue.run(JSON.stringify([context.activity.channelId, context.activity.conversation.id]), () => options.bot.run(context));
      });
    } catch (err) {
      options.logger?.error({ err }, 'activity not processed');
      return sendProblem(res, new InputError('The activity could not be read.'));
    }
    if (limited) return sendProblem(res, limited);
    if (captured.statusCode === 401) {
      options.onAuthRejected?.();
      return sendProblem(res, new RefusedError('unauthorized', 'A valid Bot Framework channel token is required.'));
    }
    if (captured.statusCode >= 400) {
      options.logger?.error({ status: captured.statusCode }, 'turn failed in the adapter');
      return sendProblem(res, new InternalError(`adapter answered ${captured.statusCode}`));
    }
    res.status(captured.statusCode);
    if (captured.body === undefined) res.end();
    else res.send(captured.body);
  };
  return { handler, queue };
}
