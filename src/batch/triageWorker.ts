import { parentPort, workerData } from 'node:worker_threads';
import { createTriageDeps } from '../app/createTriageDeps';
import { triage } from '../recognize/triage';
import { kindOf } from '../errors/errorTable';
import type { TriageJob, TriageReply, TriageWorkerData } from './triagePool';

/**
 * A batch triage worker: builds the catalog and recognizer once, then triages what the pool sends, one message at a
 * time. A ticket that fails is answered with its error; the worker goes on.
 */
const port = parentPort;
if (port) {
  const deps = createTriageDeps((workerData as TriageWorkerData).settings);
  port.on('message', (job: TriageJob) => {
    triage(job.data, deps, job.options).then(
      (result) => port.postMessage({ id: job.id, result } satisfies TriageReply),
      (err: unknown) => port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err), kind: kindOf(err) } satisfies TriageReply),
    );
  });
  port.postMessage({ ready: true });
}
