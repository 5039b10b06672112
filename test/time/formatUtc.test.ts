import { compactUtcDate, formatUtc, utcParts } from '../../src/time/formatUtc';

describe('formatUtc', () => {
  it.each([
    [new Date('2026-11-17T09:02:59.999Z'), '2026-11-17 09:02 UTC'],
    [new Date('2026-11-17T23:30:00+02:00'), '2026-11-17 21:30 UTC'],
    [Date.UTC(2026, 0, 1, 0, 0), '2026-01-01 00:00 UTC'],
  ])('%j → %s', (when, expected) => {
    expect(formatUtc(when)).toBe(expected);
  });

  it('utcParts splits the UTC date and the time to the minute', () => {
    expect(utcParts(new Date('2026-11-17T09:02:30Z'))).toEqual({ date: '2026-11-17', time: '09:02' });
  });

  it('compactUtcDate is the UTC date without separators, the day after midnight UTC included', () => {
    expect(compactUtcDate(new Date('2026-11-23T00:30:00+01:00'))).toBe('20261122');
    expect(compactUtcDate(new Date('2026-11-23T09:30:00Z'))).toBe('20261123');
  });
});
