import type { Response } from 'restify';
import { kindOf, problemOf, retryAfterOf } from '../errors/errorTable';

/** Answers with the RFC 9457 problem for `err`, its status from the error table (5xx without internal details). */
export function sendProblem(res: Response, err: unknown): void {
  const body = problemOf(kindOf(err), err instanceof Error ? err.message : String(err));
  const wait = retryAfterOf(err);
  if (wait !== null) res.setHeader('retry-after', String(wait));
  res.status(body.status);
  res.setHeader('content-type', 'application/problem+json');
  res.end(JSON.stringify(body));
}
