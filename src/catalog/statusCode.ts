import { STATUS_CODE_EXACT } from '../text/statusCodePatterns';

/** A parsed RFC 3463 enhanced status code: class.subject.detail. */
export interface StatusCodeParts {
  readonly klass: number;
  readonly subject: number;
  readonly detail: number;
}

export function parseStatusCode(code: string): StatusCodeParts | null {
  const m = STATUS_CODE_EXACT.exec(code);
  if (!m) return null;
  return { klass: Number(m[1]), subject: Number(m[2]), detail: Number(m[3]) };
}

/** Orders codes numerically (5.7.64 < 5.7.501 < 5.7.750). */
export function compareStatusCodes(a: StatusCodeParts, b: StatusCodeParts): number {
  return a.klass - b.klass || a.subject - b.subject || a.detail - b.detail;
}

export function inRange(code: StatusCodeParts, from: StatusCodeParts, to: StatusCodeParts): boolean {
  return compareStatusCodes(code, from) >= 0 && compareStatusCodes(code, to) <= 0;
}
