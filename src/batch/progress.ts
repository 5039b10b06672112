import type { Writable } from 'node:stream';

export interface ProgressState {
  readonly tickets: number;
  readonly bytes: number;
  /** Bytes of all inputs; 0 when unknown (then no share and no ETA). */
  readonly totalBytes: number;
  readonly elapsedMs: number;
}

/** "1,234 tickets · 410/s · 37% · ETA 0:42", from how far the inputs have been read. */
export function progressLine(p: ProgressState): string {
  const seconds = p.elapsedMs / 1000;
  const parts = [`${p.tickets.toLocaleString('en-US')} tickets`];
  if (seconds >= 0.5) parts.push(`${Math.round(p.tickets / seconds).toLocaleString('en-US')}/s`);
  if (p.totalBytes > 0) {
    const share = Math.min(1, p.bytes / p.totalBytes);
    parts.push(`${Math.floor(share * 100)}%`);
    if (share > 0.01 && share < 1 && seconds >= 1) parts.push(`ETA ${clock((seconds / share) * (1 - share))}`);
  }
  return parts.join(' · ');
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export interface Progress {
  update(tickets: number, bytes: number): void;
  /** Clears the line (the caller then prints its summary). */
  done(): void;
}

/** A progress line redrawn in place at most every `everyMs` on a terminal; silent when the stream is not a TTY. */
export function terminalProgress(stream: Writable & { isTTY?: boolean }, totalBytes: number, now: () => number = Date.now, everyMs = 100): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = now();
  let last = 0;
  let shown = false;
  return {
    update(tickets, bytes) {
      const t = now();
      if (t - last < everyMs) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[2K${progressLine({ tickets, bytes, totalBytes, elapsedMs: t - started })}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
