import { problem, type Problem } from '../catalog/problemCodes';
import type { CheckResult, Checker, Finding } from './checkResult';
import { date, dateOrderOf, field, list, parseExport, text, type ExportRecord, type ExportValue } from './exports/parseExport';
import type { DateOrder } from '../time/parseDate';
import { startCheck } from './checkBuilder';
import { wholeCodePattern } from '../text/statusCodePatterns';
import { formatUtc, utcParts } from '../time/formatUtc';
import { acceptedDomainMatcher } from './acceptedDomainMatch';

/**
 * Checks a message trace — `Get-MessageTraceV2` (Format-Table, Format-List, Export-Csv, ConvertTo-Json), the Graph
 * exchangeMessageTrace list, and the EAC downloadable reports (Enhanced summary and Extended, one row per event) —
 * for mail sent from domains that are not accepted domains of the tenant: the relay pattern behind most outbound
 * blocks. Also reports the busiest senders, the hourly volume around the block and the failures with the block code.
 */
export const MESSAGE_TRACE_FINDINGS = [
  'message-trace-unaccepted-sender-domain',
  'message-trace-sender-domain',
  'message-trace-more-sender-domains',
  'message-trace-no-outbound',
  'message-trace-block-failures',
  'message-trace-failed-messages',
  'message-trace-volume-spike',
  'message-trace-hourly-volume',
  'message-trace-top-sender',
] as const;
type Code = (typeof MESSAGE_TRACE_FINDINGS)[number];
type Add = (code: Code, severity: Finding['severity'], params: Finding['params']) => void;

/** Column names as exported by Get-MessageTraceV2 / Graph, the EAC reports and the EAC result export. */
const COLUMNS = {
  sender: ['SenderAddress', 'sender_address', 'Sender'],
  recipient: ['RecipientAddress', 'recipient_address', 'Recipient', 'Recipients'],
  recipientStatus: ['recipient_status'],
  time: ['Received', 'receivedDateTime', 'date_time_utc', 'origin_timestamp_utc', 'origin_timestamp', 'Date (UTC)', 'Date'],
  status: ['Status', 'event_id', 'Delivery status'],
  id: ['network_message_id', 'MessageId', 'MessageTraceId', 'Message ID', 'Message trace ID'],
  subject: ['Subject', 'message_subject'],
  direction: ['directionality', 'Direction'],
  detail: ['Detail', 'custom_data', 'message_info', 'source_context'],
} as const;
type Column = keyof typeof COLUMNS;

const HOUR_MS = 60 * 60 * 1000;
const TOP_SENDERS = 5;
const MAX_DOMAIN_FINDINGS = 20;
/** Hours shown before and after the block start, and when it is unknown, the last hours of the trace. */
const HOURS_BEFORE_BLOCK = 24;
const HOURS_AFTER_BLOCK = 12;
const HOURS_WITHOUT_BLOCK = 36;
const SPIKE_FACTOR = 5;
/** Fewer hours with mail than this give no meaningful median. */
const MIN_HOURS_FOR_SPIKE = 3;

/** One message, put together from its rows (one per recipient in the summary formats, one per event in Extended). */
interface Message {
  readonly sender: string;
  readonly domain: string;
  /** Earliest time of its rows, ms; null when no row had a readable date. */
  time: number | null;
  direction: 'in' | 'out' | null;
  readonly recipientDomains: Set<string>;
  /** A recipient was given but its domain could not be read (cut off by Format-Table). */
  unreadableRecipient: boolean;
  failedAt: TimeRange | null;
  codeAt: TimeRange | null;
}
interface TimeRange {
  first: number | null;
  last: number | null;
}

interface ReadTrace {
  readonly messages: Message[];
  /** Problems reading the rows (beyond those of the export reader). */
  readonly problems: Problem[];
  readonly hasSenderColumn: boolean;
}

export const checkMessageTrace: Checker = (evidence, context) => {
  const parsed = parseExport(evidence);
  const check = startCheck<Code>('message-trace', parsed);
  const { problems } = check;
  const add: Add = check.add;
  let undecided = false;
  const done = (): CheckResult => check.done(undecided || context.acceptedDomains.length === 0);

  if (parsed.format === 'empty') {
    problems.push(problem('trace-nothing-pasted'));
    return done();
  }
  const trace = readTrace(parsed.records, context.blockCode, context.now, context.dateOrder ?? null);
  problems.push(...trace.problems);
  if (!trace.hasSenderColumn) {
    if (parsed.records.length > 0) {
      problems.push(problem('trace-no-sender-column'));
    }
    return done();
  }
  if (trace.messages.length === 0) {
    problems.push(problem('trace-no-readable-sender'));
    return done();
  }

  const accepted = acceptedDomainMatcher(context.acceptedDomains);
  // Inbound mail (an outside sender writing to the tenant) says nothing about what the tenant sends.
  const sent: Message[] = [];
  let unclassified = 0;
  for (const m of trace.messages) {
    if (m.direction === 'in') continue;
    if (accepted && m.direction === null && !accepted(m.domain) && ![...m.recipientDomains].some((d) => !accepted(d))) {
      // Every readable recipient is ours: inbound, unless a recipient is missing or cut off.
      if (m.recipientDomains.size === 0 || m.unreadableRecipient) unclassified++;
      continue;
    }
    sent.push(m);
  }
  if (unclassified > 0) {
    problems.push(problem('trace-unclassified', { count: unclassified }));
  }

  const domains = countBy(sent, (m) => m.domain);
  if (accepted) {
    const unaccepted = domains.filter((d) => !accepted(d.key));
    addDomains(unaccepted, 'message-trace-unaccepted-sender-domain', 'problem', add);
  } else {
    addDomains(domains, 'message-trace-sender-domain', 'info', add);
  }
  if (sent.length === 0) {
    undecided = true;
    add('message-trace-no-outbound', 'info', { messages: trace.messages.length });
  }

  addFailures(trace.messages, context.blockCode, add);
  addHourlyVolume(sent, context.blockStartedAt, add);
  countBy(sent, (m) => m.sender)
    .slice(0, TOP_SENDERS)
    .forEach((s, i) => add('message-trace-top-sender', 'info', { rank: i + 1, sender: s.key, messages: s.count }));
  return done();
};

/** The sender domains of the messages a trace shows leaving the tenant (inbound mail left out when the export says so), busiest first. */
export function senderDomains(evidence: string): { domain: string; messages: number }[] {
  const parsed = parseExport(evidence);
  const trace = readTrace(parsed.records, null, null, null);
  return countBy(
    trace.messages.filter((m) => m.direction !== 'in'),
    (m) => m.domain,
  ).map((d) => ({ domain: d.key, messages: d.count }));
}

/** Groups rows into messages. `now` (when given) rejects dates after it: a day-first date misread as a US one. */
function readTrace(records: readonly ExportRecord[], blockCode: string | null, now: Date | null, hint: DateOrder | null): ReadTrace {
  const columnsOf = columnResolver();
  const times = dateOrderOf(
    records.map((r) => {
      const key = columnsOf(r).time;
      return key === undefined ? undefined : r[key];
    }),
    hint,
  );
  const codePattern = blockCode ? wholeCodePattern(blockCode) : null;
  const messages = new Map<string, Message>();
  let hasSenderColumn = false;
  let cutOff = 0;
  let badSender = 0;
  let badDate = 0;
  let noDate = 0;
  let rows = 0;

  for (const record of records) {
    const col = columnsOf(record);
    if (col.sender === undefined) continue;
    hasSenderColumn = true;
    const value = (c: Column) => {
      const key = col[c];
      return key === undefined ? '' : text({ v: record[key] ?? null }, 'v').trim();
    };
    const rawSender = value('sender');
    if (rawSender === '' || rawSender === '<>') continue; // DSNs and system messages have no sender
    const sender = address(rawSender);
    if (sender === null) {
      if (isCutOff(rawSender)) cutOff++;
      else badSender++;
      continue;
    }
    rows++;

    let time: number | null = null;
    const rawTime = col.time === undefined ? '' : value('time');
    if (rawTime !== '') {
      const when = date({ v: record[col.time!] ?? null }, 'v', times.order);
      if (when === null || (now !== null && when.getTime() > now.getTime() + 24 * HOUR_MS)) badDate++;
      else time = when.getTime();
    } else noDate++;

    const id = value('id');
    const key = id !== '' ? `${id}\n${sender.address}` : `${sender.address}\n${rawTime}\n${value('subject')}`;
    let m = messages.get(key);
    if (!m) {
      m = {
        sender: sender.address,
        domain: sender.domain,
        time,
        direction: null,
        recipientDomains: new Set(),
        unreadableRecipient: false,
        failedAt: null,
        codeAt: null,
      };
      messages.set(key, m);
    } else if (time !== null && (m.time === null || time < m.time)) m.time = time;

    m.direction ??= direction(value('direction'));
    for (const r of recipients(record, col)) {
      const a = address(r);
      if (a) m.recipientDomains.add(a.domain);
      else m.unreadableRecipient = true;
    }
    const status = `${value('status')} ${value('recipientStatus')}`;
    if (/\b(fail(ed)?|drop)\b/i.test(status)) m.failedAt = widen(m.failedAt, time);
    if (codePattern && codePattern.test(`${status} ${value('detail')}`)) m.codeAt = widen(m.codeAt, time);
  }

  const problems: Problem[] = [];
  if (!times.sure) {
    const params = { example: times.example ?? '?' };
    problems.push(times.order === 'month-first' ? problem('trace-dates-month-first', params) : problem('trace-dates-day-first', params));
  }
  if (cutOff > 0) {
    problems.push(problem('trace-sender-cut-off', { count: cutOff }));
  }
  if (badSender > 0) problems.push(problem('trace-bad-sender', { count: badSender }));
  if (badDate > 0) {
    problems.push(problem('trace-bad-date', { count: badDate }));
  }
  if (rows > 0 && noDate === rows) problems.push(problem('trace-no-date-column'));
  return { messages: [...messages.values()], problems, hasSenderColumn };
}

type Columns = Partial<Record<Column, string>>;

/**
 * Finds, once per distinct set of field names, the exported name of each column (with `field`'s loose matching),
 * so that 50,000 rows are read by direct lookup.
 */
function columnResolver(): (record: ExportRecord) => Columns {
  const cache = new Map<string, Columns>();
  return (record) => {
    const keys = Object.keys(record);
    const signature = keys.join('\n');
    let columns = cache.get(signature);
    if (!columns) {
      const names: Record<string, ExportValue> = Object.fromEntries(keys.map((k) => [k, k]));
      const found: Columns = {};
      for (const c of Object.keys(COLUMNS) as Column[]) {
        const name = field(names, ...COLUMNS[c]);
        if (typeof name === 'string') found[c] = name;
      }
      columns = found;
      cache.set(signature, columns);
    }
    return columns;
  };
}

/** Recipients from RecipientAddress (one, or several separated by ";") and recipient_status ("a@x##Receive, Fail;b@y##…"). */
function recipients(record: ExportRecord, col: Columns): string[] {
  const out: string[] = [];
  for (const c of ['recipient', 'recipientStatus'] as const) {
    const key = col[c];
    if (key === undefined) continue;
    for (const entry of list({ v: record[key] ?? null }, 'v')) {
      const at = entry.indexOf('##');
      if (c === 'recipient') out.push(entry);
      else if (at > 0) out.push(entry.slice(0, at).trim()); // other events put SMTP responses here
    }
  }
  return out;
}

/** Drops the first `>` after the last line break and what follows it ("a@b.com> (Name)" → "a@b.com"). */
function cutAtClosingBracket(s: string): string {
  const lastBreak = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'), s.lastIndexOf('\u2028'), s.lastIndexOf('\u2029'));
  const gt = s.indexOf('>', lastBreak + 1);
  return gt >= 0 ? s.slice(0, gt) : s;
}

function address(raw: string): { address: string; domain: string } | null {
  const s = cutAtClosingBracket(raw.trim().replace(/^.*</, '')).trim().toLowerCase();
  if (isCutOff(s)) return null;
  const at = s.lastIndexOf('@');
  if (at <= 0) return null;
  const domain = s.slice(at + 1).replace(/\.$/, '');
  if (!/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(domain)) return null;
  return { address: s, domain };
}

function isCutOff(s: string): boolean {
  return /(\.\.\.|…)$/.test(s.trim());
}

/** "Originating"/"Incoming" (Extended report), 1/2 (Enhanced summary), "Outbound"/"Inbound". */
function direction(s: string): 'in' | 'out' | null {
  if (/^(incoming|inbound|1)$/i.test(s)) return 'in';
  if (/^(originating|outbound|2)$/i.test(s)) return 'out';
  return null;
}

function widen(range: TimeRange | null, time: number | null): TimeRange {
  const r = range ?? { first: null, last: null };
  if (time !== null) {
    if (r.first === null || time < r.first) r.first = time;
    if (r.last === null || time > r.last) r.last = time;
  }
  return r;
}

/** Counts per key, busiest first, ties in alphabetical order. */
function countBy(messages: readonly Message[], keyOf: (m: Message) => string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(keyOf(m), (counts.get(keyOf(m)) ?? 0) + 1);
  return [...counts.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function addDomains(
  domains: readonly { key: string; count: number }[],
  code: Code,
  severity: Finding['severity'],
  add: Add,
): void {
  for (const d of domains.slice(0, MAX_DOMAIN_FINDINGS)) add(code, severity, { domain: d.key, messages: d.count });
  const rest = domains.slice(MAX_DOMAIN_FINDINGS);
  if (rest.length > 0) {
    add('message-trace-more-sender-domains', severity, { domains: rest.length, messages: rest.reduce((n, d) => n + d.count, 0) });
  }
}

function addFailures(
  messages: readonly Message[],
  blockCode: string | null,
  add: Add,
): void {
  const span = (ranges: (TimeRange | null)[]) => {
    const hits = ranges.filter((r): r is TimeRange => r !== null);
    const all = hits.reduce<TimeRange | null>((acc, r) => widen(widen(acc, r.first), r.last), null);
    return {
      messages: hits.length,
      first: all?.first != null ? formatUtc(all.first) : '?',
      last: all?.last != null ? formatUtc(all.last) : '?',
    };
  };
  const withCode = span(messages.map((m) => m.codeAt));
  if (blockCode && withCode.messages > 0) {
    add('message-trace-block-failures', 'info', { code: blockCode, ...withCode });
    return;
  }
  // Get-MessageTraceV2 says only "Failed"; the code is in Get-MessageTraceDetailV2.
  const failed = span(messages.map((m) => m.failedAt));
  if (failed.messages > 0) add('message-trace-failed-messages', 'info', failed);
}

/** Messages per UTC hour around the block start (or over the last hours of the trace), and a warning for a spike. */
function addHourlyVolume(
  messages: readonly Message[],
  blockStartedAt: Date | null,
  add: Add,
): void {
  const perHour = new Map<number, number>();
  for (const m of messages) {
    if (m.time === null) continue;
    const hour = Math.floor(m.time / HOUR_MS);
    perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
  }
  if (perHour.size === 0) return;
  const hours = [...perHour.keys()];
  let last = Math.max(...hours);
  let first = last - HOURS_WITHOUT_BLOCK + 1;
  if (blockStartedAt) {
    const block = Math.floor(blockStartedAt.getTime() / HOUR_MS);
    const around = hours.filter((h) => h >= block - HOURS_BEFORE_BLOCK && h <= block + HOURS_AFTER_BLOCK);
    if (around.length > 0) {
      first = Math.min(...around);
      last = Math.max(...around);
    }
  }
  first = Math.max(first, Math.min(...hours));

  const series: string[] = [];
  const busy: number[] = [];
  let peak = { hour: first, messages: 0 };
  for (let h = first; h <= last; h++) {
    const n = perHour.get(h) ?? 0;
    const { date, time } = utcParts(h * HOUR_MS);
    series.push(h === first || time === '00:00' ? `${date} ${time} ${n}` : `${time} ${n}`);
    if (n > 0) busy.push(n);
    if (n > peak.messages) peak = { hour: h, messages: n };
  }
  add('message-trace-hourly-volume', 'info', {
    from: formatUtc(first * HOUR_MS),
    to: formatUtc(last * HOUR_MS),
    series: series.join(', '),
  });
  if (busy.length >= MIN_HOURS_FOR_SPIKE) {
    const m = median(busy);
    if (peak.messages > SPIKE_FACTOR * m) {
      add('message-trace-volume-spike', 'warning', { hour: formatUtc(peak.hour * HOUR_MS), messages: peak.messages, median: m });
    }
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
