import { isUtf8 as isUtf8Bytes } from 'node:buffer';

/** Windows-1252 code points for bytes 0x80–0x9F (undefined bytes map to themselves, as browsers do). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** Windows-1252, decoded by table (some Node versions map 0x80–0x9F to control characters). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b)));
  }
  return out;
}

/**
 * UTF-8 when the bytes are valid UTF-8 — a character cut at the very end (a clipped input) does not count
 * against it — else Windows-1252, which is what pasted Western European text usually is.
 */
export function decodeText(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return new TextDecoder('utf-8').decode(bytes);
  const whole = bytes.subarray(0, bytes.length - clippedTail(bytes));
  return whole.length < bytes.length && isUtf8(whole) ? new TextDecoder('utf-8').decode(whole) : decodeWindows1252(bytes);
}

/**
 * How many bytes at the end are the start of a UTF-8 character that was cut off (a lead byte and fewer continuation
 * bytes than it announces), else 0. Only such a tail is dropped: "café" in Windows-1252 ends with a byte that is no
 * lead byte, and is not taken for clipped UTF-8.
 */
function clippedTail(bytes: Uint8Array): number {
  for (let cut = 1; cut <= 3 && cut <= bytes.length; cut++) {
    const b = bytes[bytes.length - cut]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > cut ? cut : 0;
  }
  return 0;
}

/** True when the bytes are valid UTF-8 (checked natively, without decoding them). */
export function isUtf8(bytes: Uint8Array): boolean {
  return isUtf8Bytes(bytes);
}

/** What a file's bytes are as text: decoded, or binary (a spreadsheet, an image, an archive) that we do not read. */
export type FileText = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary' };

/**
 * Decodes an attached file: a byte order mark says UTF-8, UTF-16LE (Windows PowerShell's `Out-File` and
 * `Export-Csv -Encoding Unicode`) or UTF-16BE; without one, a NUL byte means binary (a .xlsx, a .png, UTF-16 without a
 * mark) and anything else is read as `decodeText` reads a paste (UTF-8, else Windows-1252).
 */
export function decodeFileText(bytes: Uint8Array): FileText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { kind: 'text', text: decodeText(bytes.subarray(3)) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: 'text', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { kind: 'text', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  if (bytes.includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: decodeText(bytes) };
}
