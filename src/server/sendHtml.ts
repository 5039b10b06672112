import type { Response } from 'restify';

/** Sends an HTML page with the headers every page of the bot carries: its type, a content security policy, nosniff. */
export function sendHtml(res: Response, html: string, contentSecurityPolicy: string): void {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('content-security-policy', contentSecurityPolicy);
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(html);
}
