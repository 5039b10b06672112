/**
 * `s` without the characters of `fromStart` at its start and of `fromEnd` at its end, found by index (a pattern such
 * as `/[…]+$/` would rescan the run from every position of a long one).
 */
export function trimChars(s: string, fromStart: string, fromEnd: string = fromStart): string {
  let start = 0;
  let end = s.length;
  while (start < end && fromStart.includes(s[start]!)) start++;
  while (end > start && fromEnd.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}
