/**
 * Milliseconds an HTTP `Retry-After` header asks to wait: delta-seconds ("120") or an HTTP date. Null when absent or
 * unreadable; a date in the past is 0. Capped at `capMs`, so that a bad header cannot park the work for a year.
 */
export function parseRetryAfter(value: string | null | undefined, now: number, capMs: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Math.min(Number(v) * 1000, capMs);
  // An HTTP date ends in GMT (RFC 9110); Date.parse alone would read "1.5" or "-5" as dates.
  if (v.length > 64 || !v.endsWith('GMT')) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now, 0), capMs);
}
