import { trimChars } from './trimChars';

/** An address at the start of a token: local part, then dot-separated labels (inner hyphens only), then a TLD. */
const ADDRESS_TOKEN = /^[A-Za-z0-9._%+=!#$&*/?^`{|}~-]+@(?:[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*\.)+[A-Za-z]{2,63}/;
/** No address is longer than this; longer tokens are cut so that matching stays linear. */
const MAX_TOKEN = 320;

/** Every e-mail address in `text`, in order, lower-cased, without repeats. Linear in the text's length. */
export function findAddresses(text: string, limit = Infinity): string[] {
  const out = new Set<string>();
  for (const token of text.split(/[\s<>()[\]"',;:\\]+/)) {
    if (!token.includes('@')) continue;
    const at = token.indexOf('@');
    const start = Math.max(0, at - 64);
    const m = ADDRESS_TOKEN.exec(token.slice(start, start + MAX_TOKEN).replace(/^[^A-Za-z0-9]+/, ''));
    const a = m ? normalizeAddress(m[0]) : null;
    if (a) out.add(a);
    if (out.size >= limit) break;
  }
  return [...out];
}

/** The first address in `text`, or null. */
export function firstAddress(text: string | null | undefined): string | null {
  return text ? (findAddresses(text, 1)[0] ?? null) : null;
}

function normalizeAddress(a: string): string | null {
  const trimmed = trimChars(a, ".'=", '.').toLowerCase();
  return trimmed.includes('@') ? trimmed : null;
}

export function domainOf(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : null;
}

/** Bounce senders: never the original sender nor a failed recipient. */
export function isSystemAddress(address: string): boolean {
  return /^(?:postmaster|mailer-daemon|microsoftexchange[0-9a-f]*|no-?reply)@/i.test(address);
}
