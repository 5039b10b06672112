import type { Next, Request, Response } from 'restify';
import { RefusedError } from '../errors/errors';
import { sendProblem } from './problem';

/** The one route whose body is multipart/form-data (local Direct Line file upload); it checks its own body. */
export const UPLOAD_ROUTE = '/v3/directline/conversations/:id/upload';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Request bodies are JSON only: a form or text/plain body (what a cross-site <form> can send without asking)
 * gets 415 before anything reads it. A POST without a body needs no content type. The upload route reads its own
 * body (and needs a bearer token, which a cross-site form cannot send).
 */
export function requireJson(req: Request, res: Response, next: Next): void {
  if (readsOwnBody(req)) return next();
  const type = req.headers['content-type'];
  if ((type !== undefined || hasBody(req)) && !JSON_TYPE.test(type ?? '')) {
    sendProblem(res, new RefusedError('unsupported-media-type', 'Request bodies must be application/json.'));
    return next(false);
  }
  next();
}

/** The request goes to the route that reads its own (multipart) body. */
export function readsOwnBody(req: Request): boolean {
  return req.getRoute()?.path === UPLOAD_ROUTE;
}

/** A body follows the headers: a non-zero Content-Length, or a chunked (or otherwise encoded) transfer. */
export function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}
