/** A GUID in registry form, either case: "72F988BF-86f1-41af-91ab-2d7cd011db47" (tenant ids, app ids). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID as we store it: lower case only. */
export const CANONICAL_GUID = new RegExp(GUID.source);

/** "{72F988BF-…}" → "72f988bf-…": trimmed, one pair of surrounding braces off, lower case. Not validated. */
export function canonicalGuid(text: string): string {
  return text.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
}

/** The canonical form of a typed GUID (braces and upper case allowed), or null when it is not one. */
export function parseGuid(text: string): string | null {
  const guid = canonicalGuid(text);
  return CANONICAL_GUID.test(guid) ? guid : null;
}
