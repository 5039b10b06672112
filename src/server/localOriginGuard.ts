import type { Next, Request, Response } from 'restify';
import { RefusedError } from '../errors/errors';
import { sendProblem } from './problem';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Local mode has no authentication, so it must only be reachable from this machine — including through a
 * browser: a page elsewhere that points a DNS name at 127.0.0.1 (DNS rebinding) sends a foreign Host, and a
 * cross-site request sends a foreign Origin. Both get 403 before any route runs.
 */
export function localOriginGuard(port: () => number) {
  return (req: Request, res: Response, next: Next): void => {
    const p = port();
    const hosts = LOOPBACK_NAMES.flatMap((name) => (p === 80 ? [name, `${name}:80`] : [`${name}:${p}`]));
    const host = (req.headers.host ?? '').toLowerCase();
    if (!hosts.includes(host)) {
      sendProblem(res, new RefusedError('forbidden', `Local mode only answers requests addressed to http://127.0.0.1:${p}.`));
      return next(false);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
      sendProblem(res, new RefusedError('forbidden', 'Local mode only answers pages it served itself.'));
      return next(false);
    }
    next();
  };
}
