import { fill, type Messages } from '../catalog/messageKeys';
import type { BatchRow } from '../batch/batchResult';
import { jsonRecord } from '../batch/batchResult';
import type { CaseSummary } from '../case/caseSummary';
import { renderMarkdown } from '../case/renderMarkdown';
import { stripControl } from '../case/sanitize';
import type { HandoffPayload } from './handoffJob';

/**
 * What a finished case hands off: the incident title in the case's language (block code, tenant, reference), the
 * case as Markdown, and the webhook body
 * `{"type": "ndr-triage.case", "reference": …, "case": <the validated case JSON>, "markdown": …}`.
 */
export function casePayload(summary: CaseSummary, messages: Messages): HandoffPayload {
  const markdown = renderMarkdown(summary, messages);
  const tenant = summary.tenant.name ?? summary.tenant.defaultDomain ?? summary.tenant.id ?? messages['case.notProvided'];
  const title = stripControl(fill(messages['handoff.shortDescription'], { code: summary.block.code, org: tenant, reference: summary.reference }), false);
  const body = JSON.stringify({ type: 'ndr-triage.case', reference: summary.reference, case: summary, markdown });
  return { reference: summary.reference, title, markdown, body };
}

/**
 * What `ndr-triage batch --webhook` posts for one ticket: `{"type": "ndr-triage.batch-result", "result": <the
 * ticket's line of results.jsonl>}`. Its idempotency key comes from the input and the ticket id, so a run
 * again over the same tickets posts with the same keys.
 */
export function batchPayload(row: BatchRow): HandoffPayload {
  const body = JSON.stringify({ type: 'ndr-triage.batch-result', result: jsonRecord(row) });
  return { reference: `batch\n${row.source}\n${row.id}`, title: row.id, markdown: '', body };
}
