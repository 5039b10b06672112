import { acceptedDomainMatcher, isSubdomainOf, normalizeDomain, splitWildcard, wildcardOf } from '../../src/checks/acceptedDomainMatch';

describe('accepted domain matching', () => {
  it.each([
    [' Contoso.COM. ', 'contoso.com'],
    ['@contoso.com', 'contoso.com'],
    ['*.Contoso.com', '*.contoso.com'],
  ])('normalizeDomain(%j) → %j', (raw, expected) => {
    expect(normalizeDomain(raw)).toBe(expected);
  });

  it.each([
    ['*.Contoso.com.', { name: 'contoso.com', wildcard: true }],
    ['contoso.com', { name: 'contoso.com', wildcard: false }],
    ['*contoso.com', { name: '*contoso.com', wildcard: false }],
  ])('splitWildcard(%j) → %j', (raw, expected) => {
    expect(splitWildcard(raw)).toEqual(expected);
  });

  it('wildcardOf writes the entry as Get-AcceptedDomain does', () => {
    expect(wildcardOf('contoso.com')).toBe('*.contoso.com');
  });

  it.each([
    ['sales.contoso.com', 'contoso.com', true],
    ['a.b.contoso.com', 'contoso.com', true],
    ['contoso.com', 'contoso.com', false],
    ['evilcontoso.com', 'contoso.com', false],
    ['.contoso.com', 'contoso.com', false],
    ['contoso.com', '', false],
  ])('isSubdomainOf(%j, %j) → %s', (domain, parent, expected) => {
    expect(isSubdomainOf(domain, parent)).toBe(expected);
  });

  describe('acceptedDomainMatcher', () => {
    const accepted = acceptedDomainMatcher(['Contoso.com', '*.fabrikam.com', '@tailspin.com.'])!;
    it.each([
      ['contoso.com', true],
      ['CONTOSO.COM.', true],
      ['mail.contoso.com', false], // an exact entry does not accept subdomains
      ['fabrikam.com', true], // "*.fabrikam.com" accepts the domain itself, as the accepted-domains check does
      ['news.fabrikam.com', true],
      ['a.b.fabrikam.com', true],
      ['evilfabrikam.com', false],
      ['fabrikam.com.evil.net', false],
      ['tailspin.com', true],
      ['example.org', false],
    ])('%j → %s', (domain, expected) => {
      expect(accepted(domain)).toBe(expected);
    });

    it('is null when no accepted domain is known', () => {
      expect(acceptedDomainMatcher([])).toBeNull();
    });
  });
});
