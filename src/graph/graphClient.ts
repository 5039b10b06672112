import { z } from 'zod';
import { parseRetryAfter } from '../time/retryAfter';

/**
 * A small Microsoft Graph client for the live checks: GET and POST with the admin's delegated token, paging through
 * `@odata.nextLink` on the configured origin only, bounded retries of throttled requests, and typed failures instead
 * of exceptions. It knows no Bot Framework: the token and the fetch function are given to it. The token is only ever
 * put in the Authorization header; nothing here stores or logs it.
 */

/** The part of `fetch` the client uses, so tests and other runtimes can hand in their own. */
export type FetchLike = (
  url: string,
  init: { readonly method: 'GET' | 'POST'; readonly headers: Readonly<Record<string, string>>; readonly body?: string; readonly signal?: AbortSignal },
) => Promise<{ readonly status: number; readonly headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface GraphClientOptions {
  /** Graph's origin, e.g. https://graph.microsoft.com (no path). */
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly maxPages: number;
  readonly maxItems: number;
  readonly maxRetries: number;
  readonly fetch: FetchLike;
  /** Waits between retries; tests pass one that records the wait and returns at once. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Why a Graph read gave nothing usable. */
export type GraphFailure =
  /** 401/403: the app lacks the delegated permission (no admin consent), or the signed-in admin lacks the role. */
  | { readonly kind: 'permission'; readonly permission: string; readonly status: number; readonly code: string | null }
  /** 400/404: the API is not there for this tenant (licence, cloud, or not rolled out). */
  | { readonly kind: 'unavailable'; readonly status: number; readonly code: string | null }
  /** Still 429/503 after the retries. */
  | { readonly kind: 'throttled' }
  /** Network error, time-out, another status, or an answer of the wrong shape. */
  | { readonly kind: 'error'; readonly status: number | null };

export type GraphResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: GraphFailure };

/** A list as read: `partial` when a cap stopped the paging or a next page was on another origin and not followed. */
export interface GraphList<T> {
  readonly items: T[];
  readonly partial: boolean;
}

/** Longest wait a Retry-After may ask for before the retry; longer asks are treated as this. */
export const MAX_RETRY_WAIT_MS = 30_000;

const ErrorBody = z.looseObject({ error: z.looseObject({ code: z.string().optional() }) });

/** One page of a Graph collection: its items, and the link to the next page when there is one. */
export function pageSchema<T>(item: z.ZodType<T>) {
  return z.looseObject({ value: z.array(item), '@odata.nextLink': z.string().optional() });
}

/** A Graph answer's body, checked against its schema (unknown fields kept); null when it is not that. */
export function readGraphBody<T>(text: string, schema: z.ZodType<T>): T | null {
  const parsed = schema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}

export interface GraphRequest {
  /** The delegated permission the call needs, named in a permission failure. */
  readonly permission: string;
}

export interface GraphClient {
  get<T>(path: string, schema: z.ZodType<T>, request: GraphRequest): Promise<GraphResult<T>>;
  post<T>(path: string, body: unknown, schema: z.ZodType<T>, request: GraphRequest): Promise<GraphResult<T>>;
  /** Every page of a collection, within the page and item caps. */
  list<T>(path: string, item: z.ZodType<T>, request: GraphRequest): Promise<GraphResult<GraphList<T>>>;
}

export function createGraphClient(token: string, options: GraphClientOptions): GraphClient {
  const origin = new URL(options.endpoint).origin;

  async function send<T>(method: 'GET' | 'POST', url: string, body: unknown, schema: z.ZodType<T>, request: GraphRequest): Promise<GraphResult<T>> {
    for (let attempt = 0; ; attempt++) {
      let response: Awaited<ReturnType<FetchLike>>;
      let text: string;
      try {
        const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        response = await options.fetch(url, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        text = await response.text();
      } catch {
        return fail({ kind: 'error', status: null });
      }
      const { status } = response;
      if (status === 429 || status === 503) {
        if (attempt >= options.maxRetries) return fail({ kind: 'throttled' });
        await options.sleep(retryWait(response.headers.get('retry-after'), attempt));
        continue;
      }
      if (status === 401 || status === 403) return fail({ kind: 'permission', permission: request.permission, status, code: errorCode(text) });
      if (status === 400 || status === 404) return fail({ kind: 'unavailable', status, code: errorCode(text) });
      if (status < 200 || status >= 300) return fail({ kind: 'error', status });
      const value = readGraphBody(text, schema);
      return value !== null ? { ok: true, value } : fail({ kind: 'error', status });
    }
  }

  async function list<T>(path: string, item: z.ZodType<T>, request: GraphRequest): Promise<GraphResult<GraphList<T>>> {
    const schema = pageSchema(item);
    const items: T[] = [];
    let url = `${origin}${path}`;
    for (let pages = 1; ; pages++) {
      const page: GraphResult<{ value: T[]; '@odata.nextLink'?: string | undefined }> = await send('GET', url, undefined, schema, request);
      if (!page.ok) return page;
      const room = options.maxItems - items.length;
      items.push(...page.value.value.slice(0, room));
      const next = page.value['@odata.nextLink'];
      if (next === undefined) return { ok: true, value: { items, partial: page.value.value.length > room } };
      if (pages >= options.maxPages || items.length >= options.maxItems || !sameOrigin(next, origin)) return { ok: true, value: { items, partial: true } };
      url = next;
    }
  }

  return {
    get: (path, schema, request) => send('GET', `${origin}${path}`, undefined, schema, request),
    post: (path, body, schema, request) => send('POST', `${origin}${path}`, body, schema, request),
    list: (path, item, request) => list(path, item, request),
  };
}

function fail(failure: GraphFailure): { ok: false; failure: GraphFailure } {
  return { ok: false, failure };
}

/** A next page is followed only on Graph's own origin: the token is never sent anywhere else. */
function sameOrigin(link: string, origin: string): boolean {
  try {
    return new URL(link).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Retry-After in seconds or as an HTTP date (see parseRetryAfter); without one, 1 s, 2 s, 4 s…; never more than
 * MAX_RETRY_WAIT_MS.
 */
export function retryWait(header: string | null, attempt: number, now: number = Date.now()): number {
  return Math.min(MAX_RETRY_WAIT_MS, parseRetryAfter(header, now, MAX_RETRY_WAIT_MS) ?? 1000 * 2 ** attempt);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `error.code` of a Graph error body ("Authorization_RequestDenied"), or null. */
export function errorCode(text: string): string | null {
  const parsed = ErrorBody.safeParse(parseJson(text));
  return parsed.success ? (parsed.data.error.code ?? null) : null;
}

/** Where an admin grants the app its permissions for the whole tenant. */
export function adminConsentUrl(tenant: string | null, appId: string): string {
  const t = tenant && /^[A-Za-z0-9.-]{1,253}$/.test(tenant) ? tenant : 'organizations';
  return `https://login.microsoftonline.com/${encodeURIComponent(t)}/adminconsent?client_id=${encodeURIComponent(appId)}`;
}
