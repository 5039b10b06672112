import PostalMime from 'postal-mime';
import { domainOf, findAddresses, firstAddress, isSystemAddress } from './addresses';
import { looksLikeDeliveryStatus, parseDeliveryStatus, type DsnRecipient } from './deliveryStatus';
import { COULD_NOT_DELIVER, matchLabel, type LabelMatch, type NdrLanguage } from './exchangeLabels';
import { decodeText, isUtf8 } from './decodeText';
import { findStatusCodes, type RankedCode } from './findStatusCodes';
import { htmlToText } from './htmlToText';
import { parseLooseDate } from './parseLooseDate';
import { readPlainMessage, type PlainMessage } from './plainMessage';

/** One failed recipient and the status reported for it. */
export interface RecipientFailure {
  readonly recipient: string;
  readonly enhanced: string | null;
  readonly smtp: string | null;
  readonly diagnostic: string | null;
}

/** Everything the NDR itself tells; no catalog knowledge here. */
export interface NdrFacts {
  readonly format: 'eml' | 'text';
  /** Status codes found, the most likely real one first. */
  readonly codes: readonly RankedCode[];
  readonly failures: readonly RecipientFailure[];
  readonly recipients: readonly string[];
  readonly diagnostic: string | null;
  readonly sender: string | null;
  readonly senderDomain: string | null;
  readonly generatingServer: string | null;
  readonly reportingMta: string | null;
  readonly arrivalTime: string | null;
  /** BCP 47 language of the NDR when the NDR says it (Content-Language) or its labels show it. */
  readonly language: string | null;
  readonly subject: string | null;
  /** The human-readable text, without returned headers: what a symptom recognizer should read. */
  readonly readableText: string;
  /** True when only the first `maxBytes` of the input were read. */
  readonly truncated: boolean;
}

export interface ParseOptions {
  /** Read at most this many bytes (default 512 KiB); the rest is ignored and `truncated` is set. */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024;

/** What the parts of a message (or a pasted text) hold, before analysis. */
interface Sections {
  readonly format: 'eml' | 'text';
  readonly body: string;
  readonly deliveryStatus: readonly string[];
  /** Headers of the returned original message, when the NDR carries them. */
  readonly returnedHeaders: string | null;
  readonly subject: string | null;
  readonly contentLanguage: string | null;
  readonly to: string | null;
  readonly date: string | null;
  readonly failedRecipientsHeader: string | null;
}

/** Parses an NDR given as raw bytes (.eml or text) or as a string. Never throws on odd input. */
export async function parseNdr(input: Uint8Array | string, options: ParseOptions = {}): Promise<NdrFacts> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const { text, bytes, truncated } = readInput(input, maxBytes);
  let sections: Sections | null = null;
  let cut = false;
  if (looksLikeMessage(text)) {
    // A pasted message with no MIME declaration in a legacy code page: hand the parser UTF-8.
    const declared = /^(?:content-type|mime-version)\s*:/im.test(text.slice(0, 16384));
    // Header fields over plain text (a bounce pasted from Outlook) need no MIME parser, which costs milliseconds.
    const plain = !declared && !bytes.includes(0) && !hasBom(bytes) ? readPlainMessage(text) : null;
    if (plain) sections = plainSections(plain);
    else {
      const mime = boundedLines(!declared && !isUtf8(bytes) ? Buffer.from(text, 'utf8') : bytes);
      cut = mime.cut;
      sections = await emlSections(mime.bytes);
    }
  }
  sections ??= textSections(text);
  return { ...analyze(sections), truncated: truncated || cut };
}

/**
 * The MIME parser spends a fixed time on every line, so a paste of many tiny lines would hold the process for
 * seconds. Runs of blank lines are shortened to two (no MIME structure needs more) and at most MAX_MIME_LINES lines
 * are parsed — far more than a real bounce within MAX_INPUT_BYTES has (base64 lines are 76 characters).
 */
const MAX_MIME_LINES = 12_000;

function boundedLines(bytes: Buffer): { bytes: Buffer; cut: boolean } {
  const kept: string[] = [];
  let blanks = 0;
  let cut = false;
  for (const line of bytes.toString('latin1').split('\n')) {
    blanks = line.trim() === '' ? blanks + 1 : 0;
    if (blanks > 2) continue;
    if (kept.length === MAX_MIME_LINES) {
      cut = true;
      break;
    }
    kept.push(line);
  }
  return { bytes: Buffer.from(kept.join('\n'), 'latin1'), cut };
}

function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** Lone surrogates: a string that has them is not what its UTF-8 bytes decode to. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function readInput(input: Uint8Array | string, maxBytes: number): { text: string; bytes: Buffer; truncated: boolean } {
  // A string that fits: what the byte path below would give, without the round trips (CR/LF in UTF-8 are single bytes).
  if (typeof input === 'string' && input.length <= maxBytes / 3 && !LONE_SURROGATE.test(input)) {
    const normalized = input.replace(/\r\n?/g, '\n');
    const text = (normalized.charCodeAt(0) === 0xfeff ? normalized.slice(1) : normalized).replace(/\u0000/g, ' ');
    return { text, bytes: Buffer.from(normalized, 'utf8'), truncated: false };
  }
  let buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const truncated = buf.length > maxBytes;
  if (truncated) buf = buf.subarray(0, maxBytes);
  // Line endings are normalized on the byte level (latin1 maps bytes 1:1) so that CR-only files parse too.
  const bytes = Buffer.from(buf.toString('latin1').replace(/\r\n?/g, '\n'), 'latin1');
  const text = decodeText(bytes).replace(/\u0000/g, ' ');
  return { text, bytes, truncated };
}

const HEADER_LINE = /^[!-9;-~]+:[ \t]?/;
const MESSAGE_HEADERS = /^(?:from|to|subject|date|received|return-path|content-type|mime-version|message-id|delivered-to|x-[\w-]+):/i;

/** A MIME message starts with a block of header fields, several of them well-known ones. */
function looksLikeMessage(text: string): boolean {
  const head = text.slice(0, 16384).replace(/^\s+/, '').replace(/^From [^\n]*\n/, '');
  const complete = head.split('\n');
  if (head.length === 16384) complete.pop(); // the window may cut the last line
  let known = 0;
  let lines = 0;
  for (const line of complete) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) continue;
    if (!HEADER_LINE.test(line)) return false;
    lines++;
    if (MESSAGE_HEADERS.test(line)) known++;
  }
  return lines >= 2 && known >= 2;
}

async function emlSections(bytes: Buffer): Promise<Sections | null> {
  let email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'utf8', forceRfc822Attachments: true });
  } catch {
    return null;
  }
  const header = (name: string) => email.headers.find((h) => h.key === name)?.value ?? null;
  const deliveryStatus: string[] = [];
  let returnedHeaders: string | null = null;
  for (const a of email.attachments) {
    const type = a.mimeType.toLowerCase();
    const content = typeof a.content === 'string' ? a.content : new TextDecoder().decode(a.content);
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') deliveryStatus.push(content);
    else if ((type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/global') && returnedHeaders === null) {
      returnedHeaders = content.split(/\n\s*\n/, 1)[0] ?? '';
    } else if (type.startsWith('text/') && looksLikeDeliveryStatus(content)) deliveryStatus.push(content);
  }
  const body = email.text ?? (email.html ? htmlToText(email.html) : '');
  return {
    format: 'eml',
    body: normalizeNewlines(body),
    deliveryStatus,
    returnedHeaders,
    subject: email.subject ?? null,
    contentLanguage: header('content-language'),
    to: header('to'),
    date: header('date'),
    failedRecipientsHeader: header('x-failed-recipients'),
  };
}

function hasBom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The same sections the MIME parser gives for a message without MIME structure. */
function plainSections(m: PlainMessage): Sections {
  const header = (name: string) => m.headers.get(name) ?? null;
  return {
    format: 'eml',
    body: normalizeNewlines(m.body),
    deliveryStatus: [],
    returnedHeaders: null,
    subject: header('subject') || null, // the MIME parser gives no subject for an empty one
    contentLanguage: header('content-language'),
    to: header('to'),
    date: header('date'),
    failedRecipientsHeader: header('x-failed-recipients'),
  };
}

function textSections(text: string): Sections {
  return {
    format: 'text',
    body: text,
    deliveryStatus: [],
    returnedHeaders: null,
    subject: null,
    contentLanguage: null,
    to: null,
    date: null,
    failedRecipientsHeader: null,
  };
}

/** Lines other MTAs put before the copy of the returned message. */
const RETURNED_COPY = /^\s*-{2,}\s*(?:below this line is a copy of the message|this is a copy of the message|original message\b|the original message follows)/i;

interface LabelledLine extends LabelMatch {
  readonly lineNo: number;
}

/** Splits the body where the returned message's headers start; the rest is the readable part. */
function splitBody(body: string): { lines: string[]; readable: string; returned: string | null; labels: LabelledLine[] } {
  const lines = body.split('\n');
  const labels: LabelledLine[] = [];
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const m = matchLabel(lines[i]!);
    if (!m) continue;
    labels.push({ ...m, lineNo: i });
    if (m.kind === 'originalHeaders') {
      cut = i;
      break;
    }
  }
  const marker = lines.findIndex((l, i) => i < cut && RETURNED_COPY.test(l));
  if (marker >= 0) cut = marker;
  return {
    lines: lines.slice(0, cut),
    readable: lines.slice(0, cut).join('\n'),
    returned: cut < lines.length ? lines.slice(cut + 1).join('\n') : null,
    labels,
  };
}

function analyze(s: Sections): Omit<NdrFacts, 'truncated'> {
  const { lines, readable, returned, labels } = splitBody(s.body);
  const dsnTexts = [...s.deliveryStatus];
  if (dsnTexts.length === 0 && looksLikeDeliveryStatus(readable)) dsnTexts.push(readable);
  const dsn = dsnTexts.map(parseDeliveryStatus);
  const dsnFailures = dsn.flatMap((d) => d.recipients).filter(isFailure);

  const codeText = [s.subject ?? '', readable, ...s.deliveryStatus].join('\n');
  const codes = findStatusCodes(codeText);
  const primary = codes[0] ?? null;

  const labelValue = (kind: LabelMatch['kind']) => labels.find((l) => l.kind === kind && l.value !== '')?.value ?? null;
  const remoteReturned = /Remote Server returned\s+'([^']+)'/i.exec(readable)?.[1] ?? null;

  const dsnAddresses = unique(dsnFailures.map((r) => r.address.toLowerCase()));
  // Exchange links each failed recipient as "display text<mailto:address>"; the link holds the SMTP address,
  // while the DSN may carry the display form. Same count: trust the links, keep the DSN's order and statuses.
  const linked = mailtoRecipients(lines, labels);
  const recipients =
    dsnAddresses.length === 0 ? textRecipients(readable, lines, labels, s) : linked.length === dsnAddresses.length ? linked : dsnAddresses;
  const returnedHeaders = s.returnedHeaders ?? (returned !== null ? returned.split(/\n\s*\n/, 1)[0]! : null);
  const sender = findSender(s, returnedHeaders, labelValue('senderAddress'), recipients);

  const expiryCause = lastReturnedCause(readable);
  const failures: RecipientFailure[] = recipients.map((recipient, i) => {
    const d = dsnFailures.find((r) => r.address.toLowerCase() === recipient) ?? (recipients === linked ? dsnFailures[i] : undefined);
    const dsnStatus = d?.status && /^[45]\.\d+\.\d+$/.test(d.status) ? d.status : null;
    // "4.4.7 message expired" only says the retries ran out; the last error the server met is the real cause.
    const status = dsnStatus === '4.4.7' && expiryCause ? expiryCause : dsnStatus;
    const fromDiag = d?.diagnostic ? findStatusCodes(d.diagnostic)[0] : undefined;
    const enhanced = status ?? fromDiag?.enhanced ?? primary?.enhanced ?? null;
    const smtp = (fromDiag && fromDiag.enhanced === enhanced ? fromDiag.smtp : null) ?? (codes.find((c) => c.enhanced === enhanced)?.smtp ?? null);
    return { recipient, enhanced, smtp, diagnostic: d?.diagnostic ?? null };
  });

  const diagnostic =
    failures.find((f) => f.diagnostic && f.enhanced === primary?.enhanced)?.diagnostic ??
    failures.find((f) => f.diagnostic)?.diagnostic ??
    labelValue('reportedError') ??
    remoteReturned ??
    primary?.line ??
    null;

  const reportingMta = dsn.find((d) => d.reportingMta)?.reportingMta ?? null;
  const labelledServer = labelValue('generatingServer') ?? labelValue('dsnGeneratedBy');
  const generatingServer = labelledServer ? (labelledServer.split(/\s+/)[0] ?? null) : reportingMta;

  const language = ndrLanguage(s.contentLanguage, labels, readable);
  const arrivalTime =
    toIso(dsn.find((d) => d.arrivalDate)?.arrivalDate) ??
    toIso(headerValue(returnedHeaders, 'date')) ??
    parseLooseDate(labelValue('createdDate'), language) ??
    toIso(s.date);

  return {
    format: s.format,
    codes,
    failures,
    recipients,
    diagnostic: diagnostic ? diagnostic.replace(/\s+/g, ' ').trim().slice(0, 1000) : null,
    sender,
    senderDomain: domainOf(sender),
    generatingServer,
    reportingMta,
    arrivalTime,
    language,
    subject: s.subject,
    readableText: [s.subject ?? '', readable].filter(Boolean).join('\n'),
  };
}

function isFailure(r: DsnRecipient): boolean {
  if (r.action) return r.action === 'failed' || r.action === 'delayed';
  return r.status !== null && /^[45]/.test(r.status);
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Recipients from the human-readable layouts when the NDR has no delivery-status part. */
function textRecipients(readable: string, lines: readonly string[], labels: readonly LabelledLine[], s: Sections): string[] {
  const found: string[] = [];
  const add = (addrs: readonly string[]) => {
    for (const a of addrs) if (!found.includes(a) && !isSystemAddress(a)) found.push(a);
  };
  for (const l of labels) if (l.kind === 'recipientAddress') add(findAddresses(l.value));
  for (const { find } of COULD_NOT_DELIVER) {
    const recipient = find(readable);
    if (recipient) add(findAddresses(recipient));
  }
  // Classic layout: the addresses listed under "Delivery has failed to these recipients or groups".
  const start = labels.find((l) => l.kind === 'failedRecipients');
  if (start) add(addressesInBlock(lines, start.lineNo + 1, labels));
  // Exchange 2000/2003: "did not reach the following recipient(s):" then "user@host on <date>".
  const legacy = lines.findIndex((l) => /did not reach the following recipient|following recipient\(s\) could not be reached/i.test(l));
  if (legacy >= 0) {
    for (const l of lines.slice(legacy + 1)) {
      const m = /^\s*(\S+)\s+on\s/.exec(l);
      if (m && hasInnerAt(m[1]!)) add(findAddresses(m[1]!));
    }
  }
  // Classic diagnostic section: an address alone on the line before "Remote Server returned".
  lines.forEach((line, i) => {
    if (/Remote Server returned/i.test(line) && i > 0) {
      const prev = lines[i - 1]!.trim();
      if (!/\s/.test(prev) && hasInnerAt(prev)) add(findAddresses(prev));
    }
  });
  if (found.length === 0 && s.failedRecipientsHeader) add(findAddresses(s.failedRecipientsHeader));
  if (found.length === 0) {
    // Free text: "550 5.1.1 <user@host>: ..." on the status line, or "<user@host>:" alone a few lines above it.
    lines.forEach((line, i) => {
      if (findStatusCodes(line).length === 0) return;
      add(findAddresses(line.replace(/\bfrom\s*(?::\s*)?(\S+)/gi, (whole, token: string) => (hasInnerAt(token) ? '' : whole))));
      for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
        const alone = addressAloneOnLine(lines[j]!);
        if (alone) add(findAddresses(alone));
      }
    });
  }
  return found;
}

/** An `@` with at least one character before and after it. */
function hasInnerAt(token: string): boolean {
  const at = token.indexOf('@', 1);
  return at > 0 && at < token.length - 1;
}

/** "<user@host>:" (brackets and colon optional) alone on a line: the address, else null. */
function addressAloneOnLine(line: string): string | null {
  let t = line.trim();
  if (t.endsWith(':')) t = t.slice(0, -1);
  if (t.endsWith('>')) t = t.slice(0, -1);
  if (t.startsWith('<')) t = t.slice(1);
  return /[\s<>]/.test(t) || !hasInnerAt(t) ? null : t;
}

/** The addresses of the "<mailto:…>" links listed under "Delivery has failed to these recipients or groups". */
function mailtoRecipients(lines: readonly string[], labels: readonly LabelledLine[]): string[] {
  const startLine = labels.find((l) => l.kind === 'failedRecipients')?.lineNo ?? lines.findIndex((l) => REJECTED_LIST.test(l));
  if (startLine < 0) return [];
  const end = labels.find((l) => l.lineNo > startLine)?.lineNo ?? lines.length;
  const block = lines.slice(startLine + 1, end).join('\n');
  return unique([...block.matchAll(/<mailto:([^<>\s]+)>/gi)].flatMap((m) => findAddresses(m[1]!)));
}

/** Exchange Online relaying a remote rejection: "<host> rejected your message to the following email addresses:". */
const REJECTED_LIST = /rejected your message to the following e-?mail address/i;

/** In an expiry NDR, the last "returned '…'" code that is not the expiry itself. */
function lastReturnedCause(readable: string): string | null {
  const causes = [...readable.matchAll(/returned\s+'[245]\d\d\s+([45]\.\d{1,3}\.\d{1,3})/gi)]
    .map((m) => m[1]!)
    .filter((c) => c !== '4.4.7');
  return causes.at(-1) ?? null;
}

/** Addresses on the lines after a label, until the next label or a run of blank lines. */
function addressesInBlock(lines: readonly string[], from: number, labels: readonly LabelledLine[]): string[] {
  const out: string[] = [];
  const labelLines = new Set(labels.map((l) => l.lineNo));
  let blanks = 0;
  for (let i = from; i < lines.length; i++) {
    if (labelLines.has(i)) break;
    const line = lines[i]!;
    if (line.trim() === '') {
      if (++blanks >= 3 && out.length > 0) break;
      continue;
    }
    blanks = 0;
    const first = firstAddress(line);
    if (first && line.trim().toLowerCase().startsWith(first.slice(0, Math.min(first.length, 8)))) {
      if (!out.includes(first)) out.push(first);
    }
  }
  return out;
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** The value of the first header field called `name` (lower case) in a header block; folded lines are joined. */
function headerValue(headers: string | null, name: string): string | null {
  if (!headers) return null;
  for (const line of headers.replace(/\n[ \t]+/g, ' ').split(LINE_BREAK)) {
    if (line.slice(0, name.length).toLowerCase() !== name) continue;
    const rest = line.slice(name.length).replace(/^[ \t]+/, '');
    if (rest.startsWith(':')) return rest.slice(1).trim();
  }
  return null;
}

const SENDER_LABELS = ['from', 'de', 'da', 'von', 'sender', 'expéditeur', 'mittente', 'absender', 'remitente', 'remetente', '发件人', '差出人'];

const SENDER_FIRST_CHARS = new Set(SENDER_LABELS.map((l) => l.charAt(0)));

/** "From: …" (or its translation) at the start of a line of free text; a value on the next non-blank line counts too. */
function senderLine(body: string): string | null {
  const lines = body.split(LINE_BREAK);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimStart();
    if (!SENDER_FIRST_CHARS.has(line.charAt(0).toLowerCase())) continue;
    const label = SENDER_LABELS.find((l) => line.slice(0, l.length).toLowerCase() === l);
    if (!label) continue;
    const rest = line.slice(label.length).trimStart();
    if (!rest.startsWith(':') && !rest.startsWith('：')) continue;
    const value = rest.slice(1).trim();
    if (value !== '') return value;
    const next = lines.slice(i + 1, i + 50).find((l) => l.trim() !== '');
    if (next) return next.trim();
  }
  return null;
}

function findSender(s: Sections, returnedHeaders: string | null, senderLabel: string | null, recipients: readonly string[]): string | null {
  const candidates = [
    firstAddress(headerValue(returnedHeaders, 'from')),
    firstAddress(senderLabel),
    firstAddress(headerValue(returnedHeaders, 'return-path')),
    firstAddress(s.to),
  ];
  if (s.format === 'text') {
    candidates.push(firstAddress(senderLine(s.body)));
  }
  return candidates.find((a): a is string => a !== null && !isSystemAddress(a) && !recipients.includes(a)) ?? null;
}

function toIso(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const cleaned = raw.trimEnd().replace(/\([A-Z]{2,5}\)$/, '').trim();
  const t = Date.parse(cleaned);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function ndrLanguage(contentLanguage: string | null, labels: readonly LabelledLine[], readable: string): string | null {
  if (contentLanguage && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(contentLanguage.trim())) return contentLanguage.trim();
  const votes = new Map<NdrLanguage, number>();
  for (const l of labels) votes.set(l.lang, (votes.get(l.lang) ?? 0) + 1);
  for (const { lang, find } of COULD_NOT_DELIVER) if (find(readable) !== null) votes.set(lang, (votes.get(lang) ?? 0) + 2);
  let best: NdrLanguage | null = null;
  for (const [lang, n] of votes) if (best === null || n > votes.get(best)!) best = lang;
  return best;
}
