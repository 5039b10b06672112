import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Request, Response } from 'restify';
import { ConversationQueue } from './conversationQueue';
import { RateLimiter } from './rateLimiter';
import { problem } from './problem';

export interface MessagesOptions {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  /** No app id: no channel authentication, so replies may only go back in the response or to ourselves. */
  readonly localMode: boolean;
  /** Our own base URL, the only serviceUrl local mode replies to. */
  readonly ownUrl: () => string;
  /** Called when a request is refused for authentication (401). */
  readonly onAuthRejected?: () => void;
  /** Turns per minute per conversation. */
  readonly ratePerMinute: number;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** POST /api/messages: one activity in, the bot's turn run through the adapter, turns of a conversation in order. */
export function messagesRoute(options: MessagesOptions) {
  const queue = new ConversationQueue();
  const limiter = new RateLimiter(options.ratePerMinute, options.ratePerMinute * 2);
  const handler = async (req: Request, res: Response): Promise<void> => {
    const activity = req.body as { type?: unknown; serviceUrl?: unknown; deliveryMode?: unknown; conversation?: { id?: unknown } } | undefined;
    if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') {
      return problem(res, 400, 'Not an activity', 'The body must be a Bot Framework activity with a "type".');
    }
    if (options.localMode && activity.deliveryMode !== 'expectReplies') {
      // Without channel authentication anybody can post here: never send replies to a URL the caller chose.
      if (typeof activity.serviceUrl !== 'string' || !sameOrigin(activity.serviceUrl, options.ownUrl())) {
        return problem(res, 400, 'serviceUrl not allowed in local mode', 'Use deliveryMode "expectReplies", or this server as serviceUrl.');
      }
    }
    const key = typeof activity.conversation?.id === 'string' ? activity.conversation.id : '';
    const wait = limiter.take(key);
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      return problem(res, 429, 'Too many messages', `This conversation sends too fast; try again in ${wait} s.`);
    }
    await queue.run(key, async () => {
      try {
        await options.adapter.process(req, res, (context) => options.bot.run(context));
        if (res.statusCode === 401) options.onAuthRejected?.();
      } catch (err) {
        // The adapter rejects activities it cannot read before any reply was written.
        if (!res.headersSent) problem(res, 400, 'Invalid activity', (err as Error).message.slice(0, 500));
      }
    });
  };
  return { handler, queue };
}
