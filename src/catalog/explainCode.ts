import { rangeContains, resolveCode, type Catalog } from './catalog';
import type { Block, CatalogLocale, Lifter, OtherCode } from './schema';
import { compareStatusCodes, parseStatusCode } from './statusCode';

/** What the catalog says about one status code, in one locale: a block, or a known code that is not a block. */
export interface CodeExplanation {
  readonly id: string;
  readonly codes: readonly string[];
  /** The block's SMTP reply, then the other wordings it arrives in. */
  readonly smtpTexts: readonly string[];
  readonly title: string;
  readonly cause: string;
  readonly liftedBy: readonly Lifter[];
  readonly duration: string | null;
  /** The Microsoft page that publishes how long the block lasts; null when none does. */
  readonly durationSource: string | null;
  readonly steps: readonly string[];
  readonly evidence: readonly { readonly id: string; readonly source: string; readonly command: string | null; readonly description: string }[];
  readonly links: readonly { readonly url: string; readonly title: string }[];
  readonly kind: 'block' | 'other';
}

export type ExplainResult =
  | { readonly kind: 'found'; readonly explanation: CodeExplanation }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'unknown'; readonly code: string };

/**
 * Explains a code the way a bare code is read elsewhere (an exact block code wins over a range, a block that needs
 * words next to its code yields to a known code); a code only such a block claims still gets that block.
 */
export function explainCode(catalog: Catalog, code: string, locale: CatalogLocale): ExplainResult {
  const parts = parseStatusCode(code.trim());
  if (!parts) return { kind: 'malformed' };
  const canonical = `${parts.klass}.${parts.subject}.${parts.detail}`;
  const r = resolveCode(catalog, canonical);
  if (r.kind === 'block') return { kind: 'found', explanation: explainBlock(r.block, locale) };
  if (r.kind === 'other') return { kind: 'found', explanation: explainOther(r.other, locale) };
  const claimed = catalog.blocks.find((b) => b.codes.includes(canonical) || b.ranges.some((x) => rangeContains(x, parts)));
  return claimed ? { kind: 'found', explanation: explainBlock(claimed, locale) } : { kind: 'unknown', code: canonical };
}

/** Every block, then every other known code, each in code order. */
export function explainAll(catalog: Catalog, locale: CatalogLocale): CodeExplanation[] {
  const byCode = (a: { id: string }, b: { id: string }) => compareStatusCodes(parseStatusCode(a.id)!, parseStatusCode(b.id)!);
  return [
    ...catalog.blocks.map((b) => explainBlock(b, locale)).sort(byCode),
    ...[...catalog.otherCodes.values()].map((o) => explainOther(o, locale)).sort(byCode),
  ];
}

function explainBlock(b: Block, locale: CatalogLocale): CodeExplanation {
  return {
    id: b.id,
    codes: b.codes,
    smtpTexts: [b.smtpText, ...b.smtpVariants],
    title: b.title[locale],
    cause: b.cause[locale],
    liftedBy: b.liftedBy,
    duration: b.duration[locale],
    durationSource: b.publishedDuration?.source ?? null,
    steps: b.steps.map((s) => s[locale]),
    evidence: b.evidence.map((e) => ({ id: e.id, source: e.source, command: e.command, description: e.description[locale] })),
    links: b.links.map((l) => ({ url: l.url, title: l.title[locale] })),
    kind: 'block',
  };
}

/** Only the code, title and explanation of an out-of-scope code are used; that file may grow other fields. */
function explainOther(o: OtherCode, locale: CatalogLocale): CodeExplanation {
  return {
    id: o.code,
    codes: [o.code],
    smtpTexts: [],
    title: o.title[locale],
    cause: o.explanation[locale],
    liftedBy: [],
    duration: null,
    durationSource: null,
    steps: [],
    evidence: [],
    links: [],
    kind: 'other',
  };
}
