import { trimChars } from './trimChars';

/** A message that declares no MIME structure: header fields, then plain text. */
export interface PlainMessage {
  /** The first value of each field, by lower-case name, unfolded and trimmed. */
  readonly headers: ReadonlyMap<string, string>;
  /** The text after the blank line that ends the header; empty when there is none. */
  readonly body: string;
}

/** Folding white space of a header field: space and tab. */
const WSP = ' \t';

const MAX_HEADER_CHARS = 16_384;

/**
 * Reads a pasted message such as Outlook's "From / Sent / To / Subject" block followed by the bounce, the way a
 * MIME parser reads a message without Content-Type: fields unfolded (the line break removed, the folding
 * whitespace kept), names lower-cased, values trimmed of spaces and tabs, the body as is, ending with a newline.
 * Null when the text is not that simple — no header field first, a MIME declaration, encoded words, a header
 * longer than 16 KiB — so that a real MIME parser reads it instead. `text` has LF line endings.
 */
export function readPlainMessage(text: string): PlainMessage | null {
  const blank = text.indexOf('\n\n');
  const headerEnd = blank < 0 ? (text.endsWith('\n') ? text.length - 1 : text.length) : blank;
  if (headerEnd > MAX_HEADER_CHARS || headerEnd === 0) return null;
  const head = text.slice(0, headerEnd);
  if (head.includes('=?') || /^[ \t]/.test(head)) return null;
  const headers = new Map<string, string>();
  for (const field of head.split(/\n(?![ \t])/)) {
    const unfolded = field.replace(/\n/g, '');
    const colon = unfolded.indexOf(':');
    const name = trimChars(colon < 0 ? unfolded : unfolded.slice(0, colon), WSP).toLowerCase();
    if (name === 'content-type' || name === 'mime-version' || name === 'content-transfer-encoding') return null;
    if (!headers.has(name)) headers.set(name, colon < 0 ? '' : trimChars(unfolded.slice(colon + 1), WSP));
  }
  const rest = blank < 0 ? '' : text.slice(blank + 2);
  return { headers, body: rest === '' || rest.endsWith('\n') ? rest : `${rest}\n` };
}
