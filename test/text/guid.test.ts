import { CANONICAL_GUID, GUID, canonicalGuid, parseGuid } from '../../src/text/guid';

describe('GUID', () => {
  it.each([
    ['72f988bf-86f1-41af-91ab-2d7cd011db47', true, true],
    ['72F988BF-86F1-41AF-91AB-2D7CD011DB47', true, false],
    ['72f988bf86f141af91ab2d7cd011db47', false, false],
    ['{72f988bf-86f1-41af-91ab-2d7cd011db47}', false, false],
    ['72f988bf-86f1-41af-91ab-2d7cd011db4', false, false],
    ['72f988bg-86f1-41af-91ab-2d7cd011db47', false, false],
  ])('%j: a GUID %s, canonical %s', (text, any, canonical) => {
    expect(GUID.test(text)).toBe(any);
    expect(CANONICAL_GUID.test(text)).toBe(canonical);
  });

  it('canonicalGuid trims, takes off braces and lower-cases', () => {
    expect(canonicalGuid(' {72F988BF-86F1-41AF-91AB-2D7CD011DB47} ')).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
  });

  it.each([
    ['{72F988BF-86F1-41AF-91AB-2D7CD011DB47}', '72f988bf-86f1-41af-91ab-2d7cd011db47'],
    ['72f988bf-86f1-41af-91ab-2d7cd011db47', '72f988bf-86f1-41af-91ab-2d7cd011db47'],
    ['contoso.onmicrosoft.com', null],
    ['', null],
  ])('parseGuid(%j) → %j', (text, expected) => {
    expect(parseGuid(text)).toBe(expected);
  });
});
