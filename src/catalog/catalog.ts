import { hasBlockWording } from './blockWording';
import type { Messages } from './messageKeys';
import type { Block, CatalogLocale, CommandsFile, OtherCode, Prerequisite, Question, SymptomLocale } from './schema';
import { inRange, parseStatusCode, type StatusCodeParts } from './statusCode';

/** Symptom phrases per locale, keyed by block id or "none". */
export type SymptomPhrases = Readonly<Record<SymptomLocale, Readonly<Record<string, readonly string[]>>>>;

/** The validated knowledge every other part of the bot reads. Plain data plus pure look-ups. */
export interface Catalog {
  readonly blocks: readonly Block[];
  readonly prerequisites: ReadonlyMap<string, Prerequisite>;
  /** Plain entries of other-codes.json, by code. */
  readonly otherCodes: ReadonlyMap<string, OtherCode>;
  /** Entries of other-codes.json that need words next to the code (`textMatch`): checked before any block. */
  readonly lookAlikes: readonly OtherCode[];
  readonly symptoms: SymptomPhrases;
  readonly messages: Readonly<Record<CatalogLocale, Messages>>;
  readonly questions: readonly Question[];
  readonly commands: CommandsFile;
}

export type CodeResolution =
  | { readonly kind: 'block'; readonly block: Block; readonly via: 'code' | 'range' }
  | { readonly kind: 'other'; readonly other: OtherCode; readonly via: 'code' | 'text' }
  | { readonly kind: 'unknown' };

/**
 * Maps an enhanced status code to its catalog entry. An exact code wins over a range
 * (5.7.708 has its own entry although it lies inside 5.7.705's range 5.7.700–5.7.749).
 * `context` is the text that stood next to the code (its line, the diagnostic): a block with `textMatch` words
 * claims the code only when one of them is there, and a look-alike whose words are there wins over any block
 * (Postfix's "5.1.8 Sender address rejected: Domain not found" is not Exchange Online's 5.1.8).
 */
export function resolveCode(catalog: Catalog, code: string, context = ''): CodeResolution {
  const parts = parseStatusCode(code);
  if (!parts) return { kind: 'unknown' };
  const canonical = `${parts.klass}.${parts.subject}.${parts.detail}`;
  const folded = context.toLowerCase();
  const fits = (b: { readonly textMatch: readonly string[] }): boolean =>
    b.textMatch.length === 0 || b.textMatch.some((w) => folded.includes(w.toLowerCase()));
  const exact = catalog.blocks.find((b) => b.codes.includes(canonical) && fits(b));
  const ranged = exact ? undefined : catalog.blocks.find((b) => b.ranges.some((r) => rangeContains(r, parts)) && fits(b));
  const block = exact ?? ranged;
  // The block's own Microsoft wording next to the code outweighs any look-alike's words (a gateway quoting Microsoft).
  if (!block || !hasBlockWording(context, block)) {
    const lookAlike = catalog.lookAlikes.find((o) => (o.code === canonical || o.codes.includes(canonical)) && fits(o));
    if (lookAlike) return { kind: 'other', other: lookAlike, via: 'text' };
  }
  if (block) return { kind: 'block', block, via: exact ? 'code' : 'range' };
  const other = catalog.otherCodes.get(canonical);
  if (other) return { kind: 'other', other, via: 'code' };
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
