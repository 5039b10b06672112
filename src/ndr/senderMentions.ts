import { domainOf, firstAddress } from './addresses';

/**
 * Where people name the domain they send from in free text, in our languages: "sent from contoso.com",
 * "envoyés depuis contoso.fr", "inviate da contoso.it", "从 contoso.cn 发送". Lower case; the domain follows.
 */
const SENT_FROM = ['sent from', 'sending from', 'envoyé depuis', 'envoyés depuis', 'envoyées depuis', 'envoyée depuis', 'envoi depuis', 'inviato da', 'inviati da', 'inviata da', 'inviate da', 'invio da', '从'];

/** A domain name at the start of a text: labels of letters, digits and hyphens, a letter TLD. Linear: one bounded run. */
const DOMAIN_AT_START = /^[a-z0-9](?:[a-z0-9-]{0,62}\.){1,8}[a-z]{2,24}\b/;

/** Only the beginning of a long text is read for mentions (a description comes first; a pasted NDR has its own fields). */
const SCAN = 20_000;

/** The sending domain a description names ("sent from contoso.com", "envoyés depuis contoso.fr"), else null. */
export function mentionedSenderDomain(text: string): string | null {
  const lower = text.slice(0, SCAN).toLowerCase();
  for (const phrase of SENT_FROM) {
    for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + phrase.length)) {
      const rest = lower.slice(at + phrase.length, at + phrase.length + 300).replace(/^[\s:：«"“'‘(]+/, '');
      const address = /^[^\s@<>"]{1,64}@/.test(rest) ? firstAddress(rest.slice(0, 300)) : null;
      const domain = address ? domainOf(address) : (DOMAIN_AT_START.exec(rest)?.[0] ?? null);
      if (domain && !/\.(?:exe|txt|csv|json|html?)$/.test(domain)) return domain;
    }
  }
  return null;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * Header fields that name the sending tenant. `X-MS-Exchange-CrossTenant-Id` is the tenant's id; the other
 * `X-MS-Exchange-Organization-*` and `-CrossTenant-*` fields with GUIDs name messages (Network-Message-Id),
 * not tenants, and are never taken for one.
 */
const TENANT_HEADERS = ['x-ms-exchange-crosstenant-id'];

/**
 * The tenant id in header lines anywhere in `text` (a pasted NDR with its original headers, or headers pasted from
 * Outlook's message source), else null. Lines are matched by their field name, whole, so a longer field
 * (…-CrossTenant-Id-Foo) or a field whose name merely contains it does not count.
 */
export function tenantIdInHeaders(text: string): string | null {
  // ASCII letters only, so that positions in `lower` are positions in `text` ("İ" lower-cases to two characters).
  const lower = text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
  for (const name of TENANT_HEADERS) {
    for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + name.length)) {
      const lineStart = at === 0 || text[at - 1] === '\n' || text[at - 1] === '\r';
      if (!lineStart) continue;
      const rest = text.slice(at + name.length, at + name.length + 80).replace(/^[ \t]*/, '');
      if (!rest.startsWith(':')) continue;
      const value = /^:[ \t]*([^\s]{1,60})/.exec(rest)?.[1] ?? '';
      const guid = GUID.exec(value)?.[1];
      if (guid) return guid.toLowerCase();
    }
  }
  return null;
}
