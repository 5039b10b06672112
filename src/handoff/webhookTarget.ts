import type { DeliveryOutcome } from './deliveryDecision';
import type { HandoffJob } from './handoffJob';
import type { HandoffTarget } from './handoffTarget';
import { exchange, isAnswer, ticketOf } from './httpExchange';
import { webhookSignature } from './webhookSignature';

export const SIGNATURE_HEADER = 'X-NDR-Triage-Signature';
export const TIMESTAMP_HEADER = 'X-NDR-Triage-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface WebhookTargetOptions {
  readonly url: string;
  readonly secret: string;
  readonly now?: () => number;
}

/**
 * POSTs the job's body, exactly as it was fixed at enqueue, signed: `X-NDR-Triage-Timestamp` is the unix time in
 * seconds of this attempt, `X-NDR-Triage-Signature` is `sha256=` and the hex HMAC-SHA256 (keyed with the shared
 * secret) of that timestamp, a dot and the raw body; `Idempotency-Key` is the job id, the same on every attempt.
 * A 2xx may answer `{"ticket": "INC0012345"}` (application/json) to name the ticket it opened.
 */
export function webhookTarget(options: WebhookTargetOptions): HandoffTarget {
  const now = options.now ?? Date.now;
  return {
    name: 'webhook',
    async deliver(job: HandoffJob, signal: AbortSignal): Promise<DeliveryOutcome> {
      const timestamp = Math.floor(now() / 1000);
      const answer = await exchange(
        options.url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: webhookSignature(options.secret, timestamp, job.payload.body),
            [IDEMPOTENCY_HEADER]: job.id,
          },
          body: job.payload.body,
        },
        signal,
      );
      if (!isAnswer(answer)) return answer;
      const ticket = ticketOf((answer.json as { ticket?: unknown } | null)?.ticket);
      return { kind: 'status', status: answer.status, retryAfter: answer.retryAfter, ticket };
    },
  };
}
