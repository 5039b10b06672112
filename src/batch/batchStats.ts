import { humanReason, type BatchRow, type HumanReason } from './batchResult';

/** A ticket the report lists for a person to look at. */
export interface HumanItem {
  readonly id: string;
  readonly source: string;
  readonly reason: HumanReason;
  readonly block: string | null;
  readonly confidence: number | null;
  /** The code or the error, short: never the ticket's own text (it may hold names and addresses). */
  readonly detail: string;
}

/** What the report needs of a run, gathered as results stream by: counts, and the first tickets that need a human. */
export interface BatchStats {
  tickets: number;
  errors: number;
  bytes: number;
  readonly byBlock: Map<string, number>;
  readonly byLanguage: Map<string, number>;
  readonly byReason: Map<HumanReason, number>;
  readonly human: HumanItem[];
  /** Tickets that need a human beyond the ones listed (the list is capped to keep memory flat). */
  humanNotListed: number;
}

export const MAX_LISTED = 1000;

export function emptyStats(): BatchStats {
  return { tickets: 0, errors: 0, bytes: 0, byBlock: new Map(), byLanguage: new Map(), byReason: new Map(), human: [], humanNotListed: 0 };
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

export function addRow(stats: BatchStats, row: BatchRow): void {
  stats.tickets++;
  const r = row.result;
  if (!r) stats.errors++;
  if (r?.block) bump(stats.byBlock, r.block);
  if (r) bump(stats.byLanguage, languageOf(r.language));
  const reason = humanReason(row);
  if (reason === null) return;
  bump(stats.byReason, reason);
  if (stats.human.length >= MAX_LISTED) {
    stats.humanNotListed++;
    return;
  }
  const code = r?.codes[0]?.enhanced ?? r?.outOfScope?.code ?? '';
  stats.human.push({
    id: row.id,
    source: row.source,
    reason,
    block: r?.block ?? null,
    confidence: r ? r.confidence : null,
    detail: (row.error ?? code).slice(0, 300),
  });
}

/** "fr-FR" and "fr" count as one language; Chinese keeps its script or region ("zh-CN", "zh-TW"). */
export function languageOf(tag: string | null): string {
  if (!tag) return 'unknown';
  const [primary, region] = tag.split('-');
  const p = primary!.toLowerCase();
  return p === 'zh' && region ? `zh-${region.toUpperCase()}` : p;
}
