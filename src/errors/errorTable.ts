import type { MessageKey } from '../catalog/messageKeys';
import { RateLimitedError, TriageError, type ErrorKind } from './errors';

/** How one error kind shows on each surface. */
export interface ErrorSurface {
  /** HTTP status of the problem response. */
  readonly status: number;
  /** The problem's title (the status phrase, as RFC 9457 asks for `type: about:blank`). */
  readonly title: string;
  /** Exit code of the CLI. */
  readonly exitCode: number;
  /** What the bot says in chat. */
  readonly apology: MessageKey;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The one place an error kind becomes an HTTP status, an exit code and an apology. */
export const ERROR_TABLE: Readonly<Record<ErrorKind, ErrorSurface>> = {
  input: { status: 400, title: 'Bad Request', exitCode: EXIT_USAGE, apology: 'chat.error' },
  unauthorized: { status: 401, title: 'Unauthorized', exitCode: EXIT_USAGE, apology: 'chat.error' },
  forbidden: { status: 403, title: 'Forbidden', exitCode: EXIT_USAGE, apology: 'chat.error' },
  'not-found': { status: 404, title: 'Not Found', exitCode: EXIT_USAGE, apology: 'chat.error' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed', exitCode: EXIT_USAGE, apology: 'chat.error' },
  'too-large': { status: 413, title: 'Content Too Large', exitCode: EXIT_USAGE, apology: 'chat.error' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type', exitCode: EXIT_USAGE, apology: 'chat.error' },
  'rate-limited': { status: 429, title: 'Too Many Requests', exitCode: EXIT_FAILURE, apology: 'chat.error' },
  knowledge: { status: 500, title: 'Internal Server Error', exitCode: EXIT_FAILURE, apology: 'chat.error' },
  internal: { status: 500, title: 'Internal Server Error', exitCode: EXIT_FAILURE, apology: 'chat.error' },
  upstream: { status: 502, title: 'Bad Gateway', exitCode: EXIT_FAILURE, apology: 'chat.error' },
  unavailable: { status: 503, title: 'Service Unavailable', exitCode: EXIT_FAILURE, apology: 'chat.error' },
};

/** Said instead of the message of a server-side error: internals (paths, stack traces, SDK messages) stay in the logs. */
export const SERVER_ERROR_DETAIL = 'Something went wrong on our side; it has been logged.';

/** An error's kind; anything that is not one of ours is internal. */
export function kindOf(err: unknown): ErrorKind {
  return err instanceof TriageError ? err.kind : 'internal';
}

/** The kind an HTTP status stands for (errors raised by the HTTP library itself: 404, 405, 413, bad JSON). */
export function kindOfStatus(status: number): ErrorKind {
  const exact = (Object.keys(ERROR_TABLE) as ErrorKind[]).find((k) => ERROR_TABLE[k].status === status);
  return exact ?? (status >= 400 && status < 500 ? 'input' : 'internal');
}

export interface ProblemBody {
  readonly type: 'about:blank';
  readonly status: number;
  readonly title: string;
  readonly detail: string;
}

/** The RFC 9457 problem body of an error; a server-side error never carries its own message. */
export function problemOf(kind: ErrorKind, message: string): ProblemBody {
  const { status, title } = ERROR_TABLE[kind];
  return { type: 'about:blank', status, title, detail: status >= 500 ? SERVER_ERROR_DETAIL : message.slice(0, 500) };
}

/** Seconds to wait before retrying, for the errors that say so. */
export function retryAfterOf(err: unknown): number | null {
  return err instanceof RateLimitedError ? err.retryAfterSeconds : null;
}
