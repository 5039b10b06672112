import type { HandoffJob } from '../handoff/handoffJob';
import type { Part } from './session';

/**
 * What to tell the user about a case they handed off: nothing yet while it is on its way; the ticket number (or
 * that it was received) once sent; that it failed and what to do then. `done` when it need not be looked at again.
 */
export function handoffNotice(job: HandoffJob | null): { readonly done: boolean; readonly part: Part | null } {
  if (!job) return { done: true, part: null };
  const reference = job.payload.reference;
  switch (job.state) {
    case 'pending':
      return { done: false, part: null };
    case 'sent':
      return { done: true, part: job.ticket ? { m: 'handoff.sent', p: { reference, ticket: job.ticket } } : { m: 'handoff.sentNoTicket', p: { reference } } };
    case 'failed':
      return { done: true, part: { m: 'handoff.failed', p: { reference } } };
  }
}
