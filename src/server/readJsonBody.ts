import { createGunzip, createInflate } from 'node:zlib';
import type { Next, Request, Response } from 'restify';
import { InputError, RefusedError } from '../errors/errors';
import { sendProblem } from './problem';
import { hasBody, readsOwnBody } from './requireJson';

/**
 * Reads a JSON request body into `req.body`: at most `maxBytes`, counted after decompression, so that a small gzip
 * body cannot grow into gigabytes of memory. A body over the cap gets 413 as soon as it passes the cap (the rest is
 * read and dropped), malformed JSON or a broken gzip stream 400, a content encoding other than gzip or deflate 415.
 * A request without a body passes with `req.body` unset; the upload route reads its own body.
 */
export function readJsonBody(maxBytes: number) {
  return (req: Request, res: Response, next: Next): void => {
    if (readsOwnBody(req) || !hasBody(req)) return next();
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const inflate = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : null;
    if (!inflate && encoding !== 'identity') {
      res.setHeader('accept-encoding', 'gzip, deflate');
      req.resume();
      sendProblem(res, new RefusedError('unsupported-media-type', `Content-Encoding ${encoding.slice(0, 40)} is not supported; send gzip, deflate or none.`));
      return next(false);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: { body: unknown } | { error: Error } | { gone: true }): void => {
      if (settled) return;
      settled = true;
      if (inflate) {
        req.unpipe(inflate);
        inflate.destroy();
      }
      // Whatever is still coming is read and dropped, so that the answer reaches the client.
      req.resume();
      if ('gone' in outcome) return next(false);
      if ('error' in outcome) {
        sendProblem(res, outcome.error);
        return next(false);
      }
      req.body = outcome.body;
      next();
    };
    const source = inflate ? req.pipe(inflate) : req;
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return settle({ error: new RefusedError('too-large', `Request bodies are limited to ${maxBytes} bytes.`) });
      chunks.push(chunk);
    });
    source.once('end', () => {
      if (size === 0) return settle({ body: undefined });
      try {
        settle({ body: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown });
      } catch {
        settle({ error: new InputError('The body is not valid JSON.') });
      }
    });
    if (inflate) inflate.once('error', () => settle({ error: new InputError(`The body is not valid ${encoding} data.`) }));
    req.once('error', () => settle({ gone: true }));
    req.once('aborted', () => settle({ gone: true }));
  };
}
