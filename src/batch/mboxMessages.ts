import type { Readable } from 'node:stream';

export interface MboxMessage {
  /** 1-based position of the message in the mailbox. */
  readonly index: number;
  readonly data: Buffer;
  /** The message was longer than the cap; only its beginning is in `data`. */
  readonly cut: boolean;
}

export interface MboxOptions {
  /** Bytes kept of one message; the rest is skipped, so a huge attachment cannot exhaust memory. */
  readonly maxMessageBytes: number;
  readonly onBytes?: (bytes: number) => void;
}

const NL = 0x0a;
const GT = 0x3e;
const FROM_LINE = Buffer.from('From ');

/**
 * What the start of the current line has shown so far, kept across chunks: how many ">" it began with and how much
 * of "From " followed. Only these bytes are ever held back, and they are known from the counts.
 */
interface LineStart {
  quotes: number;
  matched: number;
}

/**
 * The messages of an mbox file (mboxo/mboxrd: a line starting with "From " begins each message; a body line that
 * started so was written as ">From ", which is undone here), read from a stream: one message is in memory at a
 * time, at most `maxMessageBytes` of it. Bytes are copied on in runs between the line starts that matter, so the
 * cost is one scan for line ends and one copy, whatever the lines are like.
 */
export async function* mboxMessages(source: Readable, options: MboxOptions): AsyncGenerator<MboxMessage> {
  // The message being read is copied into one buffer that grows by doubling (up to the cap): no object per line.
  let body = Buffer.allocUnsafe(Math.min(64 * 1024, Math.max(1, options.maxMessageBytes)));
  let size = 0;
  let cut = false;
  let index = 0;
  let started = false;

  /** Room for `n` more bytes, as far as the cap allows; returns how many fit. */
  const reserve = (n: number): number => {
    const fit = Math.min(n, options.maxMessageBytes - size);
    if (fit < n) cut = true;
    if (size + fit > body.length) {
      const grown = Buffer.allocUnsafe(Math.min(options.maxMessageBytes, Math.max(size + fit, body.length * 2)));
      body.copy(grown, 0, 0, size);
      body = grown;
    }
    return Math.max(0, fit);
  };
  const add = (bytes: Buffer, startAt: number, end: number) => {
    if (!started || end <= startAt) return;
    const fit = reserve(end - startAt);
    bytes.copy(body, size, startAt, startAt + fit);
    size += fit;
  };
  /** The held-back start of a line, as it was written: `quotes` ">" and the first `matched` bytes of "From ". */
  const addHeld = (quotes: number, matched: number) => {
    if (!started) return;
    const fit = reserve(quotes);
    body.fill(GT, size, size + fit);
    size += fit;
    add(FROM_LINE, 0, matched);
  };
  const finish = (): MboxMessage | null => {
    if (!started) return null;
    const data = Buffer.allocUnsafe(size);
    body.copy(data, 0, 0, size);
    const message = { index, data, cut };
    size = 0;
    cut = false;
    return message;
  };

  /** Non-null while the start of a line is being read (its bytes held back); null inside a line. */
  let start: LineStart | null = { quotes: 0, matched: 0 };
  /** Inside a "From " separator line, which belongs to no message. */
  let separator = false;

  for await (const chunk of source) {
    const buf = chunk as Buffer;
    /** Bytes before this index are passed on or dropped; from here on they are not yet. */
    let from = 0;
    /** Where the line start being read began in this chunk; -1 when it began in an earlier one. */
    let began = start !== null && start.quotes + start.matched > 0 ? -1 : 0;
    let i = 0;
    while (i < buf.length) {
      if (start === null) {
        const nl = buf.indexOf(NL, i);
        if (nl < 0) break;
        i = nl + 1;
        if (separator) {
          separator = false;
          from = i;
        }
        began = i;
        start = { quotes: 0, matched: 0 };
        continue;
      }
      const byte = buf[i]!;
      if (byte === GT && start.matched === 0) {
        start.quotes++;
        i++;
        continue;
      }
      if (byte === FROM_LINE[start.matched]) {
        start.matched++;
        i++;
        if (start.matched < FROM_LINE.length) continue;
        // The text before this line is the message's.
        if (began > from) add(buf, from, began);
        if (start.quotes === 0) {
          const done = finish();
          started = true;
          index++;
          separator = true;
          if (done) yield done;
        } else {
          // mboxrd: ">From " (with any number of ">") lost one ">" when it was written.
          addHeld(start.quotes - 1, start.matched);
        }
        start = null;
        from = i;
        continue;
      }
      // Ordinary text. What was held back goes on as written: it is in this chunk, after `from`, when the line began
      // here; else it is rebuilt from the counts.
      if (began < 0) {
        addHeld(start.quotes, start.matched);
        from = i;
      }
      start = null;
    }
    // Inside a line, the rest of the chunk is ordinary text (or a separator, dropped); inside a line start, what
    // came before it is, and the start itself stays held back (in the counts).
    if (start === null) {
      if (!separator) add(buf, from, buf.length);
    } else if (began > from) add(buf, from, began);
    options.onBytes?.(buf.length);
  }
  if (start !== null) addHeld(start.quotes, start.matched);
  const last = finish();
  if (last) yield last;
}

/** An mbox starts with its first message's "From " line. */
export function looksLikeMbox(head: Buffer): boolean {
  return head.subarray(0, FROM_LINE.length).equals(FROM_LINE);
}
