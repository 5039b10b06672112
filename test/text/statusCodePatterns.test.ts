import {
  FAILURE_CODE,
  FAILURE_CODE_EXACT,
  NDR_FAILURE_CODES,
  REPLY_CODE_BEFORE,
  RETURNED_FAILURE_CODES,
  STATUS_CODES,
  STATUS_CODE_EXACT,
  wholeCodePattern,
} from '../../src/text/statusCodePatterns';

describe('status code patterns', () => {
  it.each([
    ['5.7.750', true],
    ['4.4.7', true],
    ['2.0.0', false],
    ['5.7.7501', false],
    ['5.7.750 ', false],
    ['6.1.1', false],
  ])('FAILURE_CODE_EXACT %j → %s', (text, expected) => {
    expect(FAILURE_CODE_EXACT.test(text)).toBe(expected);
  });

  it('STATUS_CODE_EXACT takes success codes too and gives the three parts', () => {
    expect(STATUS_CODE_EXACT.exec('2.0.0')?.slice(1)).toEqual(['2', '0', '0']);
    expect(STATUS_CODE_EXACT.exec('5.7.750')?.slice(1)).toEqual(['5', '7', '750']);
    expect(STATUS_CODE_EXACT.test('1.2.3')).toBe(false);
  });

  it.each([
    ['it says 5.7.750 now', '5.7.750'],
    ['550 5.7.708 Access denied', '5.7.708'],
    ['2.0.0 OK then 4.4.7 expired', '4.4.7'],
    ['version 15.20.1234', undefined],
    ['nothing here', undefined],
  ])('FAILURE_CODE finds the first failure code in %j', (text, expected) => {
    expect(FAILURE_CODE.exec(text)?.[0]).toBe(expected);
  });

  it('STATUS_CODES masks every enhanced code, success included', () => {
    expect('2.0.0 then 5.7.750'.replace(STATUS_CODES, 'X')).toBe('X then X');
  });

  it('NDR_FAILURE_CODES keeps out IP addresses, versions and dates', () => {
    const found = (t: string) => [...t.matchAll(NDR_FAILURE_CODES)].map((m) => m[0]);
    expect(found('550 5.7.750 Access denied; #5.7.1')).toEqual(['5.7.750', '5.7.1']);
    expect(found('host 10.5.7.75, build 15.20.1234.5, on 4.4.2024, code 5.8.1')).toEqual([]);
  });

  it('REPLY_CODE_BEFORE reads the reply code right before an enhanced code', () => {
    expect(REPLY_CODE_BEFORE.exec('Remote server returned 550 ')?.[1]).toBe('550');
    expect(REPLY_CODE_BEFORE.exec('550-')?.[1]).toBe('550');
    expect(REPLY_CODE_BEFORE.exec('550 and more ')).toBeNull();
  });

  it('RETURNED_FAILURE_CODES reads the codes Exchange quotes from a remote server', () => {
    const text = "returned '451 4.4.0 Primary target IP address responded with…' then Returned '550 5.7.1 Relay denied'";
    expect([...text.matchAll(RETURNED_FAILURE_CODES)].map((m) => m[1])).toEqual(['4.4.0', '5.7.1']);
  });

  it.each([
    ['550 5.7.750 Access denied', true],
    ['5.7.7501', false],
    ['15.7.750', false],
    ['code: 5.7.750.', true],
  ])('wholeCodePattern("5.7.750") in %j → %s', (text, expected) => {
    expect(wholeCodePattern('5.7.750').test(text)).toBe(expected);
  });
});
