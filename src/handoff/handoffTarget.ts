import type { DeliveryOutcome } from './deliveryDecision';
import type { HandoffJob, HandoffTargetName } from './handoffJob';

/**
 * A ticketing system a job can be delivered to. `deliver` makes one attempt: it sends the job's idempotency key
 * every time, stops when `signal` aborts, and tells what happened as a value (it throws only for a bug).
 */
export interface HandoffTarget {
  readonly name: HandoffTargetName;
  deliver(job: HandoffJob, signal: AbortSignal): Promise<DeliveryOutcome>;
}
