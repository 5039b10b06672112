import { languageDateOrder, parseDate, type DateOrder } from '../../src/time/parseDate';

const iso = (text: string, order: DateOrder = 'month-first') => parseDate(text, order)?.toISOString() ?? null;

describe('parseDate', () => {
  it.each<[string, DateOrder, string | null]>([
    // ISO 8601 and year first: no zone is UTC
    ['2026-11-16', 'day-first', '2026-11-16T00:00:00.000Z'],
    ['2026-11-16T09:12:44Z', 'day-first', '2026-11-16T09:12:44.000Z'],
    ['2026-11-16T09:12:44.1234567Z', 'day-first', '2026-11-16T09:12:44.123Z'],
    ['2026-11-16T09:12:44', 'day-first', '2026-11-16T09:12:44.000Z'],
    ['2026-11-16 09:12', 'day-first', '2026-11-16T09:12:00.000Z'],
    ['2024/04/17 10:00:00', 'day-first', '2024-04-17T10:00:00.000Z'],
    ['2024.04.17', 'month-first', '2024-04-17T00:00:00.000Z'],
    // a zone is applied, after any date
    ['2026-11-16T10:12:44+01:00', 'day-first', '2026-11-16T09:12:44.000Z'],
    ['2024/04/17 10:00:00 +0200', 'day-first', '2024-04-17T08:00:00.000Z'],
    ['11/16/2026 9:12:44 AM -05:00', 'day-first', '2026-11-16T14:12:44.000Z'],
    ['16.11.2026 10:12 UTC+01:00', 'month-first', '2026-11-16T09:12:00.000Z'],
    ['16/11/2026 09:12 GMT', 'month-first', '2026-11-16T09:12:00.000Z'],
    ['16/11/2026 09:12 (UTC)', 'month-first', '2026-11-16T09:12:00.000Z'],
    // slashes and dashes: a number over 12 is the day, else the order decides
    ['11/16/2026 9:12:44 AM', 'day-first', '2026-11-16T09:12:44.000Z'],
    ['16/11/2026 09:12:44', 'month-first', '2026-11-16T09:12:44.000Z'],
    ['02/12/2025', 'month-first', '2025-02-12T00:00:00.000Z'],
    ['02/12/2025', 'day-first', '2025-12-02T00:00:00.000Z'],
    ['02-12-2025 14:00', 'day-first', '2025-12-02T14:00:00.000Z'],
    ['4/29/2017, 11:23:34 PM', 'day-first', '2017-04-29T23:23:34.000Z'],
    // dots: day first, whatever the order
    ['05.11.2026 09:12:44', 'month-first', '2026-11-05T09:12:44.000Z'],
    ['16.11.2026', 'month-first', '2026-11-16T00:00:00.000Z'],
    // AM/PM: 12 AM is midnight, 12 PM noon; hour 0 or over 12 with AM/PM is refused
    ['11/16/2026 12:05 AM', 'month-first', '2026-11-16T00:05:00.000Z'],
    ['11/16/2026 12:05 PM', 'month-first', '2026-11-16T12:05:00.000Z'],
    ['16/11/2026 3:05 p.m.', 'day-first', '2026-11-16T15:05:00.000Z'],
    ['11/16/2026 0:30 PM', 'month-first', null],
    ['11/16/2026 13:30 PM', 'month-first', null],
    ['2026-11-16 0:30 AM', 'month-first', null],
    // not real dates
    ['2026', 'month-first', null],
    ['1700000000', 'month-first', null],
    ['13/13/2026', 'month-first', null],
    ['04/31/2026', 'month-first', null],
    ['2026-02-29', 'month-first', null],
    ['11/16/2026 25:00', 'month-first', null],
    ['11/16/2026 09:60', 'month-first', null],
    ['2026-11-16T09:12:44+15:00', 'month-first', null],
    ['soon', 'month-first', null],
    ['', 'month-first', null],
    // PowerShell JSON and written-out dates
    ['/Date(1700000000000)/', 'month-first', '2023-11-14T22:13:20.000Z'],
    ['/Date(1700000000000+0100)/', 'month-first', '2023-11-14T22:13:20.000Z'],
    ['Mon, 16 Nov 2026 09:12:44 +0100', 'month-first', '2026-11-16T08:12:44.000Z'],
    ['Mon, 16 Nov 2026 09:12:44 +0000 (UTC)', 'month-first', '2026-11-16T09:12:44.000Z'],
    ['November 16, 2026 9:12 AM', 'day-first', '2026-11-16T09:12:00.000Z'],
    ['16 Nov 2026', 'day-first', '2026-11-16T00:00:00.000Z'],
  ])('%j read %s → %s', (text, order, expected) => {
    expect(iso(text, order)).toBe(expected);
  });

  it('reads white space of any kind as one space', () => {
    expect(iso(' 11/16/2026\u00a0 9:12:44\tAM ')).toBe('2026-11-16T09:12:44.000Z');
  });

  it('refuses a long text without reading it', () => {
    expect(iso(`11/16/2026 ${'x'.repeat(200)}`)).toBeNull();
    expect(iso('11/16/2026 '.repeat(100_000))).toBeNull();
  });

  it.each([
    ['en', 'month-first'],
    ['en-US', 'month-first'],
    [null, 'month-first'],
    ['en-GB', 'day-first'],
    ['fr-FR', 'day-first'],
    ['zh-CN', 'day-first'],
  ])('languageDateOrder(%j) → %s', (language, expected) => {
    expect(languageDateOrder(language)).toBe(expected);
  });
});
