/** A moment's UTC date and time to the minute: { date: "2026-11-17", time: "09:02" }. */
export function utcParts(when: Date | number): { readonly date: string; readonly time: string } {
  const iso = new Date(when).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** "2026-11-17 09:02 UTC": a moment to the minute, in UTC, as findings and the case show it. */
export function formatUtc(when: Date | number): string {
  const { date, time } = utcParts(when);
  return `${date} ${time} UTC`;
}

/** "20261117": a moment's UTC date without separators, as case references carry it. */
export function compactUtcDate(when: Date | number): string {
  return utcParts(when).date.replace(/-/g, '');
}
