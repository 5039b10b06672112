/**
 * The SMTP status codes as patterns, in one place. An enhanced status code (RFC 3463) is class.subject.detail,
 * "5.7.750"; class 2 is success, 4 a temporary and 5 a permanent failure. A basic reply code (RFC 5321) is three
 * digits, "550". Every pattern here is linear: bounded digit runs, no nested quantifiers.
 */

/** A whole text that is an enhanced status code of any class: "2.0.0", "5.7.750". Groups: class, subject, detail. */
export const STATUS_CODE_EXACT = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** A whole text that is the enhanced status code of a failure (class 4 or 5): "5.7.750", "4.4.7". */
export const FAILURE_CODE_EXACT = /^[45]\.\d{1,3}\.\d{1,3}$/;

/** The first failure code standing as a word in a text: "5.7.750" in "it says 5.7.750 now". */
export const FAILURE_CODE = /\b[45]\.\d{1,3}\.\d{1,3}\b/;

/** Every enhanced status code standing as a word in a text, success codes included. */
export const STATUS_CODES = /\b[245]\.\d{1,3}\.\d{1,3}\b/g;

/**
 * A failure code as an NDR prints it (subject 0–7, detail up to 3 digits), not part of a longer dotted number: no
 * digit, letter or dot right before it, no digit, letter or ".digit" right after it. This keeps out IP addresses
 * (10.5.7.75), versions (15.20.1234.5), dates (4.4.2024) and ticket numbers. Groups: class, subject, detail.
 */
export const NDR_FAILURE_CODES = /(?<![\w.])([45])\.([0-7])\.(\d{1,3})(?![\w]|\.\d)/g;

/** Whether a line may hold an NDR failure code at all: a cheap test before `NDR_FAILURE_CODES`. */
export const NDR_FAILURE_CODE_HINT = /[45]\.[0-7]\./;

/** A basic reply code at the very end of a text, then a space or dash: "550 " before "5.7.750". Group: the code. */
export const REPLY_CODE_BEFORE = /([245]\d\d)[ -]$/;

/**
 * A failure reply as Exchange quotes a remote server's answer: "returned '550 5.7.1 …". Group: the enhanced code.
 * Global and case-insensitive, for `matchAll`.
 */
export const RETURNED_FAILURE_CODES = /returned\s+'[245]\d\d\s+([45]\.\d{1,3}\.\d{1,3})/gi;

/** One given code as a whole code in a text: "5.7.750" matches in "550 5.7.750 …", not in "5.7.7501" or "15.7.750". */
export function wholeCodePattern(code: string): RegExp {
  const escaped = code.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${escaped}(?![\\d])`);
}
