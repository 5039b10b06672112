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
const FROM_LINE = Buffer.from('From ');

/**
 * The messages of an mbox file (mboxo/mboxrd: a line starting with "From " begins each message; a body line that
 * started so was written as ">From ", which is undone here), read line by line from a stream: one message is in
 * memory at a time, at most `maxMessageBytes` of it.
 */
export async function* mboxMessages(source: Readable, options: MboxOptions): AsyncGenerator<MboxMessage> {
  let parts: Buffer[] = [];
  let size = 0;
  let cut = false;
  let index = 0;
  let started = false;

  const take = (line: Buffer) => {
    if (!started) return;
    // mboxrd: ">From " (with any number of ">") lost one ">" when it was written.
    let body = line;
    if (line[0] === 0x3e) {
      let n = 0;
      while (line[n] === 0x3e) n++;
      if (line.subarray(n, n + FROM_LINE.length).equals(FROM_LINE)) body = line.subarray(1);
    }
    if (size + body.length <= options.maxMessageBytes) {
      parts.push(body);
      size += body.length;
    } else cut = true;
  };
  const finish = (): MboxMessage | null => {
    if (!started) return null;
    const message = { index, data: Buffer.concat(parts), cut };
    parts = [];
    size = 0;
    cut = false;
    return message;
  };

  // The line being read, as the pieces of the chunks it spans: joined once when its end comes, so a line of any
  // length is read in linear time.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** The start of the line being read was already passed on (a line longer than the cap): no "From " check. */
  let continuing = false;
  const line = (text: Buffer) => {
    if (!continuing && text.subarray(0, FROM_LINE.length).equals(FROM_LINE)) {
      const done = finish();
      started = true;
      index++;
      return done;
    }
    take(text);
    return null;
  };

  for await (const chunk of source) {
    const buf = chunk as Buffer;
    let from = 0;
    for (let nl = buf.indexOf(NL, from); nl >= 0; nl = buf.indexOf(NL, from)) {
      const piece = buf.subarray(from, nl + 1);
      const whole = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      from = nl + 1;
      const done = line(whole);
      continuing = false;
      if (done) yield done;
    }
    if (from < buf.length) {
      pending.push(buf.subarray(from));
      pendingBytes += buf.length - from;
    }
    // A line with no end in sight is body text: keep only what the cap allows of it.
    if (pendingBytes > options.maxMessageBytes + FROM_LINE.length) {
      const done = line(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
      continuing = true;
      if (done) yield done;
    }
    options.onBytes?.(buf.length);
  }
  if (pendingBytes > 0) {
    const done = line(Buffer.concat(pending));
    if (done) yield done;
  }
  const last = finish();
  if (last) yield last;
}

/** An mbox starts with its first message's "From " line. */
export function looksLikeMbox(head: Buffer): boolean {
  return head.subarray(0, FROM_LINE.length).equals(FROM_LINE);
}
