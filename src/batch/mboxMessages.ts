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
  let carry: Buffer = Buffer.alloc(0);
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

  for await (const chunk of source) {
    const buf: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    for (let nl = buf.indexOf(NL, from); nl >= 0; nl = buf.indexOf(NL, from)) {
      const line = buf.subarray(from, nl + 1);
      from = nl + 1;
      if (line.subarray(0, FROM_LINE.length).equals(FROM_LINE)) {
        const done = finish();
        if (done) yield done;
        started = true;
        index++;
      } else take(line);
    }
    carry = Buffer.from(buf.subarray(from));
    // A line with no end in sight is body text: keep only what the cap allows of it.
    if (carry.length > options.maxMessageBytes + FROM_LINE.length) {
      take(carry);
      carry = Buffer.alloc(0);
    }
    options.onBytes?.((chunk as Buffer).length);
  }
  if (carry.length > 0) {
    if (carry.subarray(0, FROM_LINE.length).equals(FROM_LINE)) {
      const done = finish();
      if (done) yield done;
      started = true;
      index++;
    } else take(carry);
  }
  const last = finish();
  if (last) yield last;
}

/** An mbox starts with its first message's "From " line. */
export function looksLikeMbox(head: Buffer): boolean {
  return head.subarray(0, FROM_LINE.length).equals(FROM_LINE);
}
