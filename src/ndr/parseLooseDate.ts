/** Languages whose Exchange NDRs write dates month first (4/29/2017 11:23:34 PM). */
const MONTH_FIRST = /^en(-US)?$|^en$/i;

/**
 * The "Created Date" of an Exchange NDR, as ISO 8601. It carries no time zone, so it is read as UTC.
 * Order of day and month: unambiguous when one part is over 12; else AM/PM or an en-US NDR means month first,
 * any other language day first; year first (2024/04/17, 2024-04-17) is read as such.
 */
export function parseLooseDate(raw: string | null | undefined, language: string | null): string | null {
  if (!raw) return null;
  const text = raw.trim();
  const ymd = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?/i.exec(text);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|a\.?\s?m\.?|p\.?\s?m\.?)?)?/i.exec(text);
  let y: number, mo: number, d: number, h = 0, mi = 0, se = 0, ampm: string | undefined;
  if (ymd) {
    [y, mo, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    [h, mi, se, ampm] = [Number(ymd[4] ?? 0), Number(ymd[5] ?? 0), Number(ymd[6] ?? 0), ymd[7]];
  } else if (dmy) {
    const [a, b] = [Number(dmy[1]), Number(dmy[2])];
    y = Number(dmy[3]);
    [h, mi, se, ampm] = [Number(dmy[4] ?? 0), Number(dmy[5] ?? 0), Number(dmy[6] ?? 0), dmy[7]];
    const monthFirst = a > 12 ? false : b > 12 ? true : ampm !== undefined || MONTH_FIRST.test(language ?? 'en');
    [mo, d] = monthFirst ? [a, b] : [b, a];
  } else {
    const t = Date.parse(text);
    return /(?:[+-]\d{4}|GMT|UTC|Z)\b/.test(text) && !Number.isNaN(t) ? new Date(t).toISOString() : null;
  }
  if (ampm) {
    const pm = /^p/i.test(ampm);
    if (h === 12) h = pm ? 12 : 0;
    else if (pm) h += 12;
  }
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && se < 61;
  return valid ? date.toISOString() : null;
}
