/** The fields of a message/delivery-status body (RFC 3464) that triage needs. */
export interface DeliveryStatus {
  readonly reportingMta: string | null;
  readonly arrivalDate: string | null;
  readonly recipients: readonly DsnRecipient[];
}

export interface DsnRecipient {
  readonly address: string;
  readonly action: string | null;
  readonly status: string | null;
  readonly diagnostic: string | null;
}

/** Splits into blank-line-separated groups of unfolded "Name: value" fields (names lower-cased). */
function fieldGroups(text: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) groups.push(current);
      current = new Map();
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:/.exec(line);
    if (!m) continue;
    last = m[1]!.toLowerCase();
    if (!current.has(last)) current.set(last, line.slice(m[0].length).trim());
    else last = null;
  }
  if (current.size > 0) groups.push(current);
  return groups;
}

/** "rfc822; user@example.com" → "user@example.com"; "dns;host" → "host". */
function typedValue(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.replace(/^[\w-]+\s*;\s*/, '').replace(/^<|>$/g, '').trim();
  return v === '' ? null : v;
}

export function parseDeliveryStatus(text: string): DeliveryStatus {
  let reportingMta: string | null = null;
  let arrivalDate: string | null = null;
  const recipients: DsnRecipient[] = [];
  for (const group of fieldGroups(text)) {
    reportingMta ??= typedValue(group.get('reporting-mta'));
    arrivalDate ??= group.get('arrival-date') ?? null;
    const address = typedValue(group.get('final-recipient')) ?? typedValue(group.get('original-recipient'));
    if (!address || !address.includes('@')) continue;
    recipients.push({
      address,
      action: group.get('action')?.toLowerCase() ?? null,
      status: group.get('status')?.trim() ?? null,
      diagnostic: typedValue(group.get('diagnostic-code')),
    });
  }
  return { reportingMta, arrivalDate, recipients };
}

/** True when the text carries DSN fields, whether as a MIME part or pasted. */
export function looksLikeDeliveryStatus(text: string): boolean {
  return /^(?:Final-Recipient|Original-Recipient|Reporting-MTA)\s*:/im.test(text);
}
