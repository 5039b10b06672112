import type { Response } from 'restify';

/** An RFC 9457 problem body. */
export function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status);
  res.setHeader('content-type', 'application/problem+json');
  res.end(JSON.stringify({ type: 'about:blank', status, title, detail }));
}
