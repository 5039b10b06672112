import type { DeliveryOutcome } from './deliveryDecision';
import type { HandoffJob } from './handoffJob';
import type { HandoffTarget } from './handoffTarget';
import { exchange, isAnswer, ticketOf } from './httpExchange';
import { IDEMPOTENCY_HEADER } from './webhookTarget';

export interface ServiceNowOptions {
  /** https://<instance>.service-now.com (a trailing slash is dropped). */
  readonly instance: string;
  readonly auth: { readonly kind: 'basic'; readonly user: string; readonly password: string } | { readonly kind: 'bearer'; readonly token: string };
  /** Extra incident fields (category, assignment_group…); ours win over them. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A reference that is safe inside an encoded query (no `^`, `=` or spaces): ours always are. */
const QUERYABLE = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Opens a ServiceNow incident per job, once: it first looks for an incident whose `correlation_id` is the case
 * reference and answers with its number if there is one, so an attempt whose answer was lost (the incident was
 * created, we never heard) does not create a second one; otherwise it creates it (`short_description`,
 * `description` = the case Markdown, `correlation_id`, and the configured fields). The incident number is the ticket.
 */
export function serviceNowTarget(options: ServiceNowOptions): HandoffTarget {
  let instance = options.instance;
  while (instance.endsWith('/')) instance = instance.slice(0, -1);
  const base = `${instance}/api/now/table/incident`;
  const authorization =
    options.auth.kind === 'basic' ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`, 'utf8').toString('base64')}` : `Bearer ${options.auth.token}`;
  return {
    name: 'servicenow',
    async deliver(job: HandoffJob, signal: AbortSignal): Promise<DeliveryOutcome> {
      const { reference, title, markdown } = job.payload;
      if (!QUERYABLE.test(reference)) return { kind: 'status', status: 400, retryAfter: null, ticket: null };
      const headers = { accept: 'application/json', authorization, [IDEMPOTENCY_HEADER]: job.id };
      const query = new URLSearchParams({ sysparm_query: `correlation_id=${reference}`, sysparm_fields: 'number,sys_id', sysparm_limit: '1' });
      const found = await exchange(`${base}?${query.toString()}`, { method: 'GET', headers }, signal);
      if (!isAnswer(found)) return found;
      if (found.status < 200 || found.status >= 300) return { kind: 'status', status: found.status, retryAfter: found.retryAfter, ticket: null };
      const results = (found.json as { result?: unknown } | null)?.result;
      if (!Array.isArray(results)) return { kind: 'unreadable', message: 'the incident query did not answer a result list' };
      const existing = ticketOf((results[0] as { number?: unknown } | undefined)?.number);
      if (existing) return { kind: 'status', status: found.status, retryAfter: null, ticket: existing };
      const body = JSON.stringify({ ...options.fields, short_description: title, description: markdown, correlation_id: reference });
      const created = await exchange(base, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body }, signal);
      if (!isAnswer(created)) return created;
      if (created.status < 200 || created.status >= 300) return { kind: 'status', status: created.status, retryAfter: created.retryAfter, ticket: null };
      const number = ticketOf((created.json as { result?: { number?: unknown } } | null)?.result?.number);
      // Created but not named: the next attempt's query finds it.
      if (!number) return { kind: 'unreadable', message: 'the created incident has no number' };
      return { kind: 'status', status: created.status, retryAfter: null, ticket: number };
    },
  };
}
