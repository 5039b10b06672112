import type { Next, Request, Response } from 'restify';
import { RefusedError } from '../errors/errors';
import { sendProblem } from './problem';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Request bodies are JSON only: a form or text/plain body (what a cross-site <form> can send without asking)
 * gets 415 before anything reads it. A POST without a body needs no content type.
 */
export function requireJson(req: Request, res: Response, next: Next): void {
  const type = req.headers['content-type'];
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if ((type !== undefined || hasBody) && !JSON_TYPE.test(type ?? '')) {
    sendProblem(res, new RefusedError('unsupported-media-type', 'Request bodies must be application/json.'));
    return next(false);
  }
  next();
}
