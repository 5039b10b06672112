import type { Catalog } from '../catalog/catalog';
import type { CaseSummary } from '../case/caseSummary';
import { casePayload } from './casePayload';
import type { HandoffJob, HandoffTargetName } from './handoffJob';
import type { Outbox } from './outbox';

/** What the conversation needs of the hand-off: queue a case, and look up what became of queued ones. */
export interface CaseHandoff {
  /** Stores the case's job durably (once per case: a second call answers the first job) and resolves with it. */
  send(summary: CaseSummary): Promise<HandoffJob>;
  /** The jobs by id, null for one that is gone (purged with old conversations). */
  jobs(ids: readonly string[]): Promise<(HandoffJob | null)[]>;
}

/** The hand-off of cases to `target` through `outbox`; `enqueued` wakes the worker. */
export function caseHandoff(outbox: Outbox, target: HandoffTargetName, catalog: Catalog, enqueued: () => void = () => undefined): CaseHandoff {
  return {
    async send(summary) {
      const job = await outbox.enqueue(target, casePayload(summary, catalog.messages[summary.language]));
      enqueued();
      return job;
    },
    jobs: (ids) => Promise.all(ids.map((id) => outbox.get(id))),
  };
}
