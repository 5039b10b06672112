import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { UpstreamError } from '../errors/errors';
import { sendProblem } from './problem';

export interface DirectLineTokenOptions {
  readonly secret: string;
  readonly endpoint: string;
  readonly fetch?: typeof fetch;
}

/**
 * Production mode: exchanges the Direct Line secret (kept on the server) for a token bound to one conversation and
 * to a fresh `dl_` user id, so that the page can never act as another user.
 */
export function mountDirectLineToken(server: Server, options: DirectLineTokenOptions): void {
  const doFetch = options.fetch ?? fetch;
  server.post('/api/directline/token', async (_req: Request, res: Response) => {
    const userId = `dl_${randomUUID()}`;
    let answer: globalThis.Response;
    try {
      answer = await doFetch(`${options.endpoint.replace(/\/$/, '')}/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      return sendProblem(res, new UpstreamError(`Direct Line unreachable: ${(err as Error).message}`));
    }
    if (!answer.ok) return sendProblem(res, new UpstreamError(`Direct Line refused the token request: status ${answer.status}`));
    const body = (await answer.json()) as { token?: unknown; conversationId?: unknown; expires_in?: unknown };
    if (typeof body.token !== 'string' || typeof body.conversationId !== 'string') {
      return sendProblem(res, new UpstreamError('Unexpected Direct Line answer: no token or conversation id'));
    }
    res.send(200, { token: body.token, conversationId: body.conversationId, expires_in: body.expires_in ?? 3600, userId });
  });
}
