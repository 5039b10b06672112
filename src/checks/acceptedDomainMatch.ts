/**
 * How an accepted domain covers a sending domain, in one place for every checker. An entry accepts its own name; it
 * accepts the names below it only when it is set up for subdomains: "*.contoso.com", or MatchSubDomains. So
 * "*.contoso.com" accepts contoso.com, sales.contoso.com and a.b.contoso.com, but never "evilcontoso.com".
 */

/** "Contoso.COM." → "contoso.com"; "@contoso.com" → "contoso.com". */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
}

/** "*.Contoso.com." → { name: "contoso.com", wildcard: true }; "contoso.com" → { name: "contoso.com", wildcard: false }. */
export function splitWildcard(entry: string): { readonly name: string; readonly wildcard: boolean } {
  const domain = normalizeDomain(entry);
  return domain.startsWith('*.') ? { name: domain.slice(2), wildcard: true } : { name: domain, wildcard: false };
}

/** "contoso.com" accepting its subdomains, as Get-AcceptedDomain writes it: "*.contoso.com". */
export function wildcardOf(name: string): string {
  return `*.${name}`;
}

/** Whether `domain` lies strictly below `parent`: "sales.contoso.com" below "contoso.com"; "evilcontoso.com" not. */
export function isSubdomainOf(domain: string, parent: string): boolean {
  return parent !== '' && domain.length > parent.length + 1 && domain.endsWith(`.${parent}`);
}

/**
 * A matcher for accepted domains given as names ("contoso.com" exact; "*.contoso.com" that domain and every one below
 * it); null when none are known. Each lookup walks the domain's parents once: linear in its length.
 */
export function acceptedDomainMatcher(entries: readonly string[]): ((domain: string) => boolean) | null {
  if (entries.length === 0) return null;
  const exact = new Set<string>();
  const withSubdomains = new Set<string>();
  for (const entry of entries) {
    const { name, wildcard } = splitWildcard(entry);
    if (name === '') continue;
    exact.add(name);
    if (wildcard) withSubdomains.add(name);
  }
  return (raw) => {
    const domain = normalizeDomain(raw);
    if (exact.has(domain)) return true;
    for (let dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
      if (withSubdomains.has(domain.slice(dot + 1))) return true;
    }
    return false;
  };
}
