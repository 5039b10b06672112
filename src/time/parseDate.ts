/**
 * Which number of "02/12/2025" is the month: the writer's culture decides (en-US writes month first, fr-FR, it-IT
 * and en-GB day first), and the text does not say.
 */
export type DateOrder = 'month-first' | 'day-first';

/** Longer than any date we read ("Tuesday, 17 November 2026 09:02:44 +0100 (W. Europe Standard Time)"): not a date. */
const MAX_LENGTH = 100;

/** A time after a date: "9:12", "09:12:44", "09:12:44.123", then AM/PM ("PM", "p.m.", "pm"). */
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)? ?([ap]\.? ?m\.?)?`;
/** A zone after the time: "Z", "UTC", "GMT", "+01:00", "-0500", "UTC+01:00". */
const ZONE = String.raw`(z|(?:utc|gmt)?([+-])(\d{2}):?(\d{2})|utc|gmt)`;

/** Year first: "2026-11-16", "2026-11-16T09:12:44Z", "2026/11/16 09:12 +01:00", "2026.11.16". */
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:t| |, ?)${TIME})? ?${ZONE}?$`, 'i');
/** Year last: "11/16/2026 9:12:44 AM", "16.11.2026 09:12", "16-11-2026, 09:12 +01:00". */
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:,? ${TIME})? ?${ZONE}?$`, 'i');
/** "/Date(1700000000000)/" or "/Date(1700000000000+0100)/": ConvertTo-Json in Windows PowerShell (UTC milliseconds). */
const MS_DATE = /^\/?Date\((-?\d{1,15})(?:[+-]\d{4})?\)\/?$/;
/** An English month name: what `Date.parse` reads in a written-out date ("16 Nov 2026", "November 16, 2026"). */
const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|,|$)/i;
/** A zone at the end of a written-out date: "GMT", "UTC", "Z", "+0100", "-05:00". */
const ENDS_WITH_ZONE = /(?:\b(?:utc|gmt|z)|[+-]\d\d:?\d\d)$/i;

/**
 * A date as people, NDRs and exports write it, read as UTC unless it names a zone; null when it is not a real date.
 * - Year first ("2026-11-16", ISO 8601 with "T", slashes or dots): year, month, day.
 * - Year last with dots ("16.11.2026"): day first, whatever `order` says.
 * - Year last with slashes or dashes ("11/16/2026"): a number over 12 is the day; else `order` decides.
 * - A time may follow, with AM/PM (hour 1 to 12: "0:30 PM" is refused); then a zone ("Z", "UTC", "+01:00"), which
 *   is applied.
 * - "/Date(1700000000000)/" (PowerShell JSON); a written-out English date ("Mon, 16 Nov 2026 09:12:44 +0000").
 * - A bare number ("2026", "1700000000") is not a date.
 */
export function parseDate(raw: string | null | undefined, order: DateOrder = 'month-first'): Date | null {
  if (!raw || raw.length > MAX_LENGTH * 4) return null;
  // One space for any run of white space; a trailing "(UTC)" or "(W. Europe Standard Time)" says nothing more.
  const text = raw.replace(/\s+/g, ' ').trim().replace(/ ?\([^()]*\)$/, '');
  if (text.length === 0 || text.length > MAX_LENGTH) return null;

  const ms = MS_DATE.exec(text);
  if (ms) return new Date(Number(ms[1]));

  const first = YEAR_FIRST.exec(text);
  if (first) return build(Number(first[1]), Number(first[3]), Number(first[4]), first, 5);

  const last = YEAR_LAST.exec(text);
  if (last) {
    const [a, b] = [Number(last[1]), Number(last[3])];
    const monthFirst = last[2] !== '.' && a <= 12 && (b > 12 || order === 'month-first');
    return build(Number(last[4]), monthFirst ? a : b, monthFirst ? b : a, last, 5);
  }

  if (!MONTH_NAME.test(text) || !/\d{4}/.test(text)) return null;
  const t = Date.parse(ENDS_WITH_ZONE.test(text) ? text : `${text} UTC`);
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * The date from year, month and day and the time and zone groups of `m` from index `at`: hour, minute, second,
 * fraction, AM/PM, zone, sign, zone hours, zone minutes. Null when a part is out of range (31 April, 25 o'clock).
 */
function build(y: number, mo: number, d: number, m: RegExpExecArray, at: number): Date | null {
  let h = Number(m[at] ?? 0);
  const mi = Number(m[at + 1] ?? 0);
  const s = Number(m[at + 2] ?? 0);
  const fraction = Math.floor(Number(`0.${m[at + 3] ?? '0'}`) * 1000);
  const ampm = m[at + 4];
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (/^p/i.test(ampm) ? 12 : 0);
  }
  const [sign, zh, zm] = [m[at + 6], Number(m[at + 7] ?? 0), Number(m[at + 8] ?? 0)];
  if (zh > 14 || zm > 59) return null;
  const offset = sign ? (sign === '-' ? -1 : 1) * (zh * 60 + zm) : 0;
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s, fraction));
  const valid = local.getUTCFullYear() === y && local.getUTCMonth() === mo - 1 && local.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return valid ? new Date(local.getTime() - offset * 60_000) : null;
}

/** The order a language writes numeric dates in: English as in the US (en, en-US) month first, any other day first. */
export function languageDateOrder(language: string | null): DateOrder {
  return /^en(?:-US)?$/i.test(language ?? 'en') ? 'month-first' : 'day-first';
}
