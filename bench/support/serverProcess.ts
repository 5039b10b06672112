import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ServerProcess {
  readonly proc: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Resident memory in MiB (Linux /proc), or NaN elsewhere. */
  rssMiB(): number;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a Node script that prints "listening on http://HOST:PORT" (the server's main, or a test entry built on
 * createApp) and resolves once it listens. Use PORT=0 in `env`: the port is read from that line.
 */
export function startServer(script: readonly string[], env: Readonly<Record<string, string>>): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let exitCode: Promise<number | null> | null = null;
    const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m && !exitCode) {
        clearTimeout(timer);
        exitCode = exited;
        resolve({
          proc,
          base: m[1]!,
          rssMiB: () => {
            try {
              const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1];
              return kb ? Number(kb) / 1024 : Number.NaN;
            } catch {
              return Number.NaN;
            }
          },
          stop: (signal = 'SIGTERM') => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
            return exited;
          },
        });
      }
    });
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      if (!exitCode) reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/** What one turn sent through POST /api/messages (expectReplies) got back. */
export interface TurnResult {
  readonly status: number;
  readonly texts: readonly string[];
}

/** Posts one message of a conversation to the bot endpoint and returns the replies' texts (local mode, expectReplies). */
export async function postTurn(base: string, conversation: string, id: string, text: string): Promise<TurnResult> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id,
      channelId: 'emulator',
      serviceUrl: base,
      from: { id: `user-${conversation}` },
      recipient: { id: 'bot' },
      conversation: { id: conversation },
      locale: 'en-US',
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  if (res.status !== 200) return { status: res.status, texts: [] };
  const body = (await res.json()) as { activities?: { type?: string; text?: string; attachments?: unknown[] }[] };
  const texts = (body.activities ?? [])
    .filter((a) => a.type === 'message')
    .map((a) => a.text ?? (a.attachments?.length ? `[${a.attachments.length} attachment(s)]` : ''));
  return { status: res.status, texts };
}
