/**
 * The few error kinds every surface maps to its own form (see errorTable.ts): the bot to a localized apology,
 * the HTTP API to a status with a problem body, the CLI to an exit code.
 */
export type ErrorKind =
  | 'input'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'knowledge'
  | 'internal'
  | 'upstream'
  | 'unavailable';

export abstract class TriageError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller gave us something we cannot use (bad flag, unreadable file, malformed request). */
export class InputError extends TriageError {
  readonly kind = 'input' as const;
}

/** A request refused before anything runs: who sent it, from where, in which form, or how much. */
export class RefusedError extends TriageError {
  constructor(
    readonly kind: 'unauthorized' | 'forbidden' | 'not-found' | 'method-not-allowed' | 'too-large' | 'unsupported-media-type',
    message: string,
  ) {
    super(message);
  }
}

/** The caller sends faster than allowed; `retryAfterSeconds` tells when to try again. */
export class RateLimitedError extends TriageError {
  readonly kind = 'rate-limited' as const;
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many requests; try again in ${retryAfterSeconds} s.`,
  ) {
    super(message);
  }
}

/** The knowledge files are invalid; `details` lists every problem found. */
export class KnowledgeError extends TriageError {
  readonly kind = 'knowledge' as const;
  constructor(
    message: string,
    readonly details: readonly string[],
  ) {
    super(`${message}\n${details.map((d) => `  - ${d}`).join('\n')}`);
  }
}

/** A bug or a broken invariant on our side. */
export class InternalError extends TriageError {
  readonly kind = 'internal' as const;
}

/** A service we depend on (Direct Line, state storage) failed or answered something unexpected. */
export class UpstreamError extends TriageError {
  readonly kind = 'upstream' as const;
}

/** We cannot serve right now (not ready, storage down); the caller may retry later. */
export class UnavailableError extends TriageError {
  readonly kind = 'unavailable' as const;
}

/**
 * An error of `kind` rebuilt from its message, as it crosses a thread boundary (only the kind and the message
 * travel). A rate limit comes back as an input error: its wait does not travel.
 */
export function errorOfKind(kind: ErrorKind, message: string): TriageError {
  switch (kind) {
    case 'input':
    case 'rate-limited':
      return new InputError(message);
    case 'knowledge':
      return new KnowledgeError(message, []);
    case 'internal':
      return new InternalError(message);
    case 'upstream':
      return new UpstreamError(message);
    case 'unavailable':
      return new UnavailableError(message);
    default:
      return new RefusedError(kind, message);
  }
}
