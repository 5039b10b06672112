import type { DeliveryOutcome } from './deliveryDecision';

/** Answers are read up to this size; a ticket number never needs more. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface HttpAnswer {
  readonly status: number;
  readonly retryAfter: string | null;
  /** The body as text (cut at MAX_ANSWER_BYTES), or null when it was not JSON. */
  readonly json: unknown;
}

/**
 * One HTTP request of a delivery: redirects are not followed (a 3xx is an answer, and fails the job), the answer is
 * read up to 64 KiB, and what cannot be reached becomes a value. `signal` ends it (the worker's timeout).
 */
export async function exchange(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, signal: AbortSignal): Promise<HttpAnswer | DeliveryOutcome> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'manual', signal });
  } catch (err) {
    if (signal.aborted) return { kind: 'timeout' };
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const message = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (err as Error).message;
    return { kind: 'network', message };
  }
  try {
    const text = await readCapped(res);
    const isJson = /^application\/(?:[\w.+-]{0,100}\+)?json\b/i.test(res.headers.get('content-type') ?? '');
    return { status: res.status, retryAfter: res.headers.get('retry-after'), json: isJson ? parseJson(text) : null };
  } catch (err) {
    if (signal.aborted) return { kind: 'timeout' };
    return { kind: 'network', message: (err as Error).message };
  }
}

export function isAnswer(x: HttpAnswer | DeliveryOutcome): x is HttpAnswer {
  return !('kind' in x);
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A ticket number as a target wrote it, if it is one: printable, short. */
export function ticketOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t.length >= 1 && t.length <= 100 && !/[\u0000-\u001f\u007f-\u009f]/.test(t) ? t : null;
}
