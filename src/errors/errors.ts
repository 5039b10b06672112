/**
 * The few error kinds every surface maps to its own form: the bot to a localized apology,
 * the HTTP API to a status with a problem body, the CLI to an exit code.
 */
export type ErrorKind = 'input' | 'knowledge' | 'internal';

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
