const ADDRESS = /[A-Za-z0-9._%+'=!#$&*/?^`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}/g;

/** Every e-mail address in `text`, in order, lower-cased, without repeats. */
export function findAddresses(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ADDRESS)) {
    const a = normalizeAddress(m[0]);
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

/** The first address in `text`, or null. */
export function firstAddress(text: string | null | undefined): string | null {
  if (!text) return null;
  ADDRESS.lastIndex = 0;
  const m = text.match(ADDRESS);
  return m ? normalizeAddress(m[0]) : null;
}

function normalizeAddress(a: string): string | null {
  const trimmed = a.replace(/^[.'=]+|[.]+$/g, '').toLowerCase();
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
