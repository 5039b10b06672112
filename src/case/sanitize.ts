/**
 * Making what a user typed or pasted safe to put in a support case: control characters stripped, secrets
 * redacted, lengths capped (when the case is built), and escaping for each rendering (when it is rendered).
 * Every function here is linear in its input; `cleanText` reads at most a bounded prefix of it.
 */

export const TRUNCATED = '[truncated]';
export const REDACTED = '[redacted]';

/** C0 (but tab and newline), DEL, C1, bidirectional overrides and isolates, BOM, interlinear annotations. */
const CONTROL_CHARS = '\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\\uFFF9-\\uFFFB';
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, 'g');
const CONTROL_OR_TAB = new RegExp(`[${CONTROL_CHARS}\\t]`);
const CONTROL_OR_BREAK = new RegExp(`[${CONTROL_CHARS}\\t\\n\\u2028\\u2029]`);

/** True when `text` holds a character `stripControl` would remove or fold (line breaks only when not `multiline`). */
export function hasControlChars(text: string, multiline: boolean): boolean {
  return (multiline ? CONTROL_OR_TAB : CONTROL_OR_BREAK).test(text);
}

/**
 * Removes control and bidi-override characters. Single-line text has every run of white space folded to one
 * space; multi-line text keeps its line breaks (CR LF and Unicode separators become LF, at most one blank line).
 */
export function stripControl(text: string, multiline: boolean): string {
  const s = text
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
  // Runs of spaces and line breaks become one space; no-break spaces (French "Étape 1 : …", « … ») are kept as they are.
  if (!multiline) return s.replace(/[^\S\u00a0\u202f]+/g, ' ').trim();
  return s
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const SECRET_NAMES = [
  'client[_ .-]?secret',
  'app[_ .-]?secret',
  'shared[_ .-]?access[_ .-]?signature',
  'shared[_ .-]?access[_ .-]?key',
  'account[_ .-]?key',
  'access[_ .-]?key',
  'api[_ .-]?key',
  'private[_ .-]?key',
  'access[_ .-]?token',
  'refresh[_ .-]?token',
  'id[_ .-]?token',
  'auth[_ .-]?token',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'sig',
  'mot[ -]de[ -]passe',
  'passwort',
  'kennwort',
  'contraseña',
  'senha',
  '密码',
  '密碼',
  '口令',
];

const NAMED_SECRET = new RegExp(
  `(?<![\\p{L}\\p{N}])(${SECRET_NAMES.join('|')})(["']?\\s*[:=：]\\s*)("[^"\\n]*"|'[^'\\n]*'|[^\\s"',;&]+)`,
  'giu',
);

const REDACTIONS: readonly ((text: string) => string)[] = [
  // PEM private keys, to the END line or the end of what we read.
  (s) => s.replace(/-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z ]*PRIVATE KEY-----|$)/g, REDACTED),
  // HTTP bearer tokens, and JWTs (a JWT's header always starts with base64 of `{"`) even when cut short.
  (s) => s.replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`),
  (s) => s.replace(/eyJ[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_-]*){0,2}/g, REDACTED),
  // user:password@ in URLs.
  redactUrlPasswords,
  // name = value, name: value, "name": "value" (passwords, client secrets, AccountKey=, SAS sig=, …).
  (s) => s.replace(NAMED_SECRET, `$1$2${REDACTED}`),
  // Azure AD client secrets (xxx8Q~…).
  (s) => s.replace(/(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/g, REDACTED),
  // Long keys: 32+ hex digits, or base64 with upper case, lower case and digits and a long unbroken run.
  (s) => s.replace(/[A-Za-z0-9+/=_-]{32,}/g, (token) => (looksLikeKey(token) ? REDACTED : token)),
];

/** `scheme://user:password@host`: the password becomes "[redacted]". Each authority is read once, left to right. */
function redactUrlPasswords(s: string): string {
  return s.replace(/:\/\/([^\s/?#]*)/g, (whole, authority: string) => {
    const at = authority.indexOf('@');
    const colon = authority.indexOf(':');
    if (colon <= 0 || at <= colon + 1) return whole;
    const head = whole.slice(0, whole.length - authority.length);
    return `${head}${authority.slice(0, colon + 1)}${REDACTED}${authority.slice(at)}`;
  });
}

function looksLikeKey(token: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(token)) return true;
  if (!/[A-Z]/.test(token) || !/[a-z]/.test(token) || !/[0-9]/.test(token)) return false;
  return token.split(/[-/]/).some((run) => run.length >= 24);
}

/** Replaces what looks like a password, token or key with "[redacted]" (a `name=` prefix is kept). */
export function redactSecrets(text: string): string {
  return REDACTIONS.reduce((s, redact) => redact(s), text);
}

/** Cuts `text` to at most `max` characters, ending with " [truncated]" when anything was cut. */
export function capText(text: string, max: number): string {
  return text.length <= max ? text : truncate(text, max);
}

function truncate(text: string, max: number): string {
  const marker = ` ${TRUNCATED}`;
  let cut = text.slice(0, Math.max(0, max - marker.length));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${marker}`;
}

/**
 * Everything a free-text field goes through when a case is built: at most a bounded prefix is read, control
 * characters are stripped, secrets redacted, and the result capped to `max` characters.
 */
export function cleanText(raw: string, max: number, multiline = false): string {
  const limit = Math.max(max * 4, 16_384);
  const cut = raw.length > limit;
  const s = redactSecrets(stripControl(cut ? raw.slice(0, limit) : raw, multiline));
  return cut ? truncate(s, max) : capText(s, max);
}

/** `cleanText`, with null for absent or blank input. */
export function cleanOptional(raw: string | null | undefined, max: number): string | null {
  if (raw === null || raw === undefined) return null;
  const s = cleanText(raw, max);
  return s === '' ? null : s;
}

/**
 * Puts a backslash before each of `chars`, and before a list marker or thematic break at the start of the
 * (single) line: CommonMark needs a space after `-`, `+` or `1.` for a list, so "+33 1 23" stays as it is.
 */
function escapeLine(text: string, chars: RegExp): string {
  return stripControl(text, false)
    .replace(chars, '\\$&')
    .replace(/^([-+])(?=[\s-]|$)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/**
 * Escapes text for one line of CommonMark/GFM: emphasis, links, images, code, HTML, entities, tables,
 * strike-through, math and line-start syntax (headings, quotes, lists, thematic breaks) all show as typed.
 * Line breaks are folded into spaces, so the text cannot start a block of its own.
 */
export function escapeMarkdown(text: string): string {
  return escapeLine(text, /[\\`*_{}[\]()#<>|~&$!]/g);
}

/**
 * Escapes text for an Adaptive Card TextBlock or Fact, which render a Markdown subset (emphasis, lists, links)
 * and expand {{DATE()}}/{{TIME()}}. Line breaks are folded into spaces.
 */
export function escapeCardText(text: string): string {
  return escapeLine(text, /[\\`*_{}[\]()#<>~&!]/g);
}

/** A fenced Markdown code block that `text` cannot close early. */
export function markdownCodeBlock(text: string): string {
  const body = stripControl(text, true);
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${body}\n${fence}`;
}

/** JSON text that is also safe inside an HTML <script> element or attribute. */
export function escapeJsonForHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
