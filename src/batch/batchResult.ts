import type { TriageResult } from '../recognize/triage';

/** Why a ticket needs a person to look at it; null when the triage stands on its own. */
export type HumanReason = 'error' | 'confirm' | 'out-of-scope' | 'nothing-found';

/** One line of the results: what the batch found for one ticket. */
export interface BatchRow {
  readonly id: string;
  readonly source: string;
  readonly result?: TriageResult;
  readonly error?: string;
}

/**
 * A ticket needs a human when it could not be read, when its block must be confirmed (low confidence, or a code
 * other servers also write), when it is a known code that is not a sending block, or when nothing in it was
 * recognized at all.
 */
export function humanReason(row: BatchRow): HumanReason | null {
  if (row.error !== undefined || !row.result) return 'error';
  const r = row.result;
  if (r.block !== null) return r.needsConfirmation ? 'confirm' : null;
  return r.outOfScope !== null ? 'out-of-scope' : 'nothing-found';
}

export const CSV_COLUMNS = [
  'id',
  'input',
  'block',
  'confidence',
  'needs_confirmation',
  'decided_by',
  'codes',
  'language',
  'reply_from',
  'sender_domain',
  'out_of_scope_code',
  'needs_human',
  'truncated',
  'error',
] as const;

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused with a leading quote. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(row: BatchRow): string {
  const r = row.result;
  const reason = humanReason(row);
  const cells = [
    row.id,
    row.source,
    r?.block ?? '',
    r ? r.confidence.toFixed(2) : '',
    r ? r.needsConfirmation : '',
    r?.decidedBy ?? '',
    r ? r.codes.map((c) => c.enhanced).join(' ') : '',
    r?.language ?? '',
    r ? (r.sourceHost ? `${r.source} (${r.sourceHost})` : r.source) : '',
    r?.senderDomain ?? '',
    r?.outOfScope?.code ?? '',
    reason ?? '',
    r ? r.truncated : '',
    row.error ?? '',
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The full result of one ticket, as results.jsonl holds it (one line each). */
export function jsonRecord(row: BatchRow): Record<string, unknown> {
  const reason = humanReason(row);
  return { id: row.id, input: row.source, needsHuman: reason, ...(row.error !== undefined ? { error: row.error } : {}), ...(row.result ?? {}) };
}

export function jsonLine(row: BatchRow): string {
  return `${JSON.stringify(jsonRecord(row))}\n`;
}
