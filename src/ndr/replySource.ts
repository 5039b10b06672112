/** Who wrote an SMTP reply: Microsoft's mail servers, another server, or nothing tells. */
export type ReplySource = 'microsoft' | 'other' | 'unknown';

/** The traces of authorship found in a piece of text. */
export interface SourceMarkers {
  /** Microsoft traces: Exchange Online hosts, AS(…) markers, aka.ms links, Exchange component names. */
  readonly microsoft: boolean;
  /** The other server whose wording, layout or hosts are in the text, or null. */
  readonly other: string | null;
  /** The first other mail product the text merely names (see NAMES), or null. */
  readonly otherName: string | null;
  /** An Exchange Online / Microsoft 365 host named by the text, when there is one. */
  readonly microsoftHost: string | null;
}

/**
 * Words only Microsoft's servers write (matched on lower-cased text). Consumer Outlook.com is left out on purpose:
 * its limits and replies are not Exchange Online's (see OTHER_SERVERS).
 */
const MICROSOFT_WORDS = [
  'aka.ms/',
  'go.microsoft.com/fwlink',
  'learn.microsoft.com',
  'docs.microsoft.com',
  'microsoft.exchange',
  'storedrv',
  'tenantattribution',
  'resolver.adr',
  'resolver.rst',
  'smtpsend.',
  'queue.expired',
  'office365.com',
  'exchangelabs.com',
];

/**
 * Traces another server leaves in its replies and bounces — its wording, its layout, its host names — with that
 * server's name. The first hit names it. A user's own words ("our Postfix relay …") are not among them: see NAMES.
 */
const OTHER_SERVERS: readonly (readonly [string, string])[] = [
  // Consumer Outlook.com (Hotmail): Microsoft, but not Exchange Online — its own limits and rules.
  ['outboundspam', 'Outlook.com'],
  ['exceeded sending limit', 'Outlook.com'],
  ['refusedquota', 'Outlook.com'],
  ['hotmail.com', 'Outlook.com'],
  ['.phx.gbl', 'Outlook.com'],
  ['olc.protection.outlook.com', 'Outlook.com'],
  ['spamhaus.org', 'Spamhaus'],
  ['spamcop.net', 'SpamCop'],
  ['barracudacentral.org', 'Barracuda'],
  ['barracudanetworks.com', 'Barracuda'],
  ['barracuda reputation', 'Barracuda'],
  ['sorbs.net', 'SORBS'],
  ['mimecast.com', 'Mimecast'],
  ['mimecast.co', 'Mimecast'],
  ['pphosted', 'Proofpoint'],
  ['ppe-hosted', 'Proofpoint'],
  ['proofpoint.com', 'Proofpoint'],
  ['messagelabs', 'Symantec MessageLabs'],
  ['iphmx.com', 'Cisco Secure Email'],
  ['gsmtp', 'Gmail'],
  ['google.com', 'Gmail'],
  ['googlemail.com', 'Gmail'],
  ['yahoodns', 'Yahoo'],
  ['yahooinc', 'Yahoo'],
  ['sender address rejected', 'Postfix'],
  ['client host rejected', 'Postfix'],
  ['helo command rejected', 'Postfix'],
  ['this is the mail system at host', 'Postfix'],
  ['in reply to rcpt to command', 'Postfix'],
  ['in reply to mail from command', 'Postfix'],
  ['in reply to end of data command', 'Postfix'],
  ['smtp error from remote mail server', 'Exim'],
  ['retry timeout exceeded', 'Exim'],
  ['mail delivery system', 'Postfix or Exim'],
  ['transcript of session follows', 'Sendmail'],
  ['while talking to', 'Sendmail'],
  ['this is the qmail-send program', 'qmail'],
  ['secureserver.net', 'GoDaddy'],
  ['comcast.net', 'Comcast'],
  ['att.net', 'AT&T'],
  ['cox.net', 'Cox'],
  ['verizon.net', 'Verizon'],
  ['t-online.de', 'T-Online'],
  ['orange.fr', 'Orange'],
  ['libero.it', 'Libero'],
  ['mail.qq.com', 'QQ Mail'],
  ['mail.163.com', 'NetEase'],
  ['mail.126.com', 'NetEase'],
];

/**
 * Product names. Next to a registered code (5.1.8, 5.7.1 …) they make that server the likely author; next to a code
 * only Microsoft uses they are more likely the user's relay or gateway that received Microsoft's reply.
 */
const NAMES: readonly (readonly [string, string])[] = [
  ['spamhaus', 'Spamhaus'],
  ['spamcop', 'SpamCop'],
  ['barracuda', 'Barracuda'],
  ['mimecast', 'Mimecast'],
  ['proofpoint', 'Proofpoint'],
  ['ironport', 'Cisco Secure Email'],
  ['gmail', 'Gmail'],
  ['yahoo', 'Yahoo'],
  ['postfix', 'Postfix'],
  ['exim', 'Exim'],
  ['sendmail', 'Sendmail'],
  ['qmail', 'qmail'],
  ['zoho', 'Zoho'],
];

/** Hosts under these domains are Exchange Online / Microsoft 365 front ends. */
const MICROSOFT_HOST_SUFFIXES = ['.protection.outlook.com', '.prod.outlook.com', '.outlook.com'];

/** `AS(201806281)`: the rule marker Exchange Online appends to its rejections. */
const AS_MARKER = /\bAS\(\d{3,12}\)/;

/** Characters of a host name, for walking back from a found suffix (no regular expression over the host). */
function isHostChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-' || c === '.';
}

/** The first Exchange Online host in `folded` (lower-cased text), or null. Linear: one indexOf per suffix and hit. */
function microsoftHost(folded: string): string | null {
  for (const suffix of MICROSOFT_HOST_SUFFIXES) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(suffix, from);
      if (at < 0) break;
      const end = at + suffix.length;
      from = end;
      if (end < folded.length && isHostChar(folded[end]!) && folded[end] !== '.') continue; // "outlook.community"
      let start = at;
      while (start > 0 && at - start < 253 && isHostChar(folded[start - 1]!)) start--;
      const host = folded.slice(start, end).replace(/^[.-]+/, '');
      if (host === suffix.slice(1)) continue; // the bare domain: an address or a website, not a server
      if (host.includes('olc.protection.outlook.com')) continue; // consumer Outlook.com's front door
      return host;
    }
  }
  return null;
}

/** Parts of a web address that point at a mail operator's help for senders: its postmaster or bounce pages. */
const HELP_PAGE_WORDS = ['postmaster', 'smtp-error', 'error-codes', 'errorcodes', 'bounce', 'sender-help', 'senderhelp', 'blocklist', 'blacklist', 'rbl'];

/** Microsoft's own web domains: a help link there is Microsoft's, not another operator's. */
const MICROSOFT_WEB = ['microsoft.com', 'aka.ms', 'office.com', 'office365.com', 'outlook.com', 'live.com', 'microsoftonline.com'];

/**
 * The host of the first web link in `folded` that leads to another mail operator's postmaster or bounce help
 * ("Please see http://postmaster.example.net/smtp-error-codes.php#BL000000"): the operator that wrote the reply links
 * to its own page. Linear: one indexOf per link, each link read once up to a bounded length.
 */
function helpPageHost(folded: string): string | null {
  let from = 0;
  for (;;) {
    const at = folded.indexOf('://', from);
    if (at < 0) return null;
    const start = at + 3;
    let end = start;
    while (end < folded.length && end - start < 2048 && folded[end]! > ' ' && folded[end] !== '"' && folded[end] !== '>') end++;
    from = end;
    const link = folded.slice(start, end);
    const slash = link.indexOf('/');
    const host = (slash < 0 ? link : link.slice(0, slash)).split(':')[0]!;
    if (!host.includes('.') || MICROSOFT_WEB.some((d) => host === d || host.endsWith(`.${d}`))) continue;
    if (HELP_PAGE_WORDS.some((w) => link.includes(w))) return host;
  }
}

/** The traces of who wrote `text`. Bounded by the text's length: a few indexOf passes. */
export function sourceMarkers(text: string): SourceMarkers {
  const folded = text.toLowerCase();
  // Addresses name mailboxes, not servers: bob@gmail.com on a line does not make Gmail its author.
  const withoutAddresses = folded.includes('@') ? folded.split(/\s+/).filter((t) => !t.includes('@')).join(' ') : folded;
  const other = OTHER_SERVERS.find(([word]) => withoutAddresses.includes(word))?.[1] ?? helpPageHost(withoutAddresses);
  const otherName = NAMES.find(([word]) => withoutAddresses.includes(word))?.[1] ?? null;
  const host = microsoftHost(folded);
  const microsoft = host !== null || AS_MARKER.test(text) || MICROSOFT_WORDS.some((w) => folded.includes(w));
  return { microsoft, other, otherName, microsoftHost: host };
}
