import type { Messages } from './messageKeys';
import type { Block, CatalogLocale, CommandsFile, OtherCode, Prerequisite, Question, SymptomLocale } from './schema';
import { inRange, parseStatusCode, type StatusCodeParts } from './statusCode';

/** Symptom phrases per locale, keyed by block id or "none". */
export type SymptomPhrases = Readonly<Record<SymptomLocale, Readonly<Record<string, readonly string[]>>>>;

/** The validated knowledge every other part of the bot reads. Plain data plus pure look-ups. */
export interface Catalog {
  readonly blocks: readonly Block[];
  readonly prerequisites: ReadonlyMap<string, Prerequisite>;
  readonly otherCodes: ReadonlyMap<string, OtherCode>;
  readonly symptoms: SymptomPhrases;
  readonly messages: Readonly<Record<CatalogLocale, Messages>>;
  readonly questions: readonly Question[];
  readonly commands: CommandsFile;
}

export type CodeResolution =
  | { readonly kind: 'block'; readonly block: Block; readonly via: 'code' | 'range' }
  | { readonly kind: 'other'; readonly other: OtherCode }
  | { readonly kind: 'unknown' };

/**
 * Maps an enhanced status code to its catalog entry. An exact code wins over a range
 * (5.7.708 has its own entry although it lies inside 5.7.705's range 5.7.700–5.7.749).
 * `context` is the text that stood next to the code (its line, the diagnostic): a block with `textMatch` words
 * claims the code only when one of them is there.
 */
export function resolveCode(catalog: Catalog, code: string, context = ''): CodeResolution {
  const parts = parseStatusCode(code);
  if (!parts) return { kind: 'unknown' };
  const canonical = `${parts.klass}.${parts.subject}.${parts.detail}`;
  const folded = context.toLowerCase();
  const fits = (b: Block): boolean => b.textMatch.length === 0 || b.textMatch.some((w) => folded.includes(w.toLowerCase()));
  const exact = catalog.blocks.find((b) => b.codes.includes(canonical) && fits(b));
  if (exact) return { kind: 'block', block: exact, via: 'code' };
  const ranged = catalog.blocks.find((b) => b.ranges.some((r) => rangeContains(r, parts)) && fits(b));
  if (ranged) return { kind: 'block', block: ranged, via: 'range' };
  const other = catalog.otherCodes.get(canonical);
  if (other) return { kind: 'other', other };
  return { kind: 'unknown' };
}

/** Whether `code` lies in a block's range. */
export function rangeContains(range: { readonly from: string; readonly to: string }, code: StatusCodeParts): boolean {
  const from = parseStatusCode(range.from);
  const to = parseStatusCode(range.to);
  return from !== null && to !== null && inRange(code, from, to);
}

export function blockById(catalog: Catalog, id: string): Block | undefined {
  return catalog.blocks.find((b) => b.id === id);
}
