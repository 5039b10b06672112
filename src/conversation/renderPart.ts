import { blockById, type Catalog } from '../catalog/catalog';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import type { Part } from './session';
import { escapeParams, escapeUserText, type TextFormat } from './textFormat';

/**
 * Resolves a symbolic piece of text in `locale`, for `format`. Catalog wording is ours and keeps its markup;
 * string parameters and literal text came from users (connector names, domains) and are escaped for `format`.
 * Unknown references render as their id, never as nothing.
 */
export function renderPart(catalog: Catalog, locale: CatalogLocale, part: Part, format: TextFormat): string {
  if ('m' in part) {
    const params = Object.fromEntries(
      Object.entries(escapeParams(format, part.p ?? {})).map(([k, v]) => [k, typeof v === 'object' ? renderPart(catalog, locale, v, format) : v]),
    );
    return fill(catalog.messages[locale][part.m], params);
  }
  if ('prereq' in part) return catalog.prerequisites.get(part.prereq)?.[part.f][locale] ?? part.prereq;
  if ('item' in part) {
    const [prereq, item] = part.item;
    return catalog.prerequisites.get(prereq)?.items.find((i) => i.id === item)?.text[locale] ?? item;
  }
  if ('q' in part) return catalog.questions.find((q) => q.id === part.q)?.text[locale] ?? part.q;
  if ('a' in part) {
    const [q, a] = part.a;
    return catalog.questions.find((x) => x.id === q)?.answers.find((x) => x.id === a)?.label[locale] ?? a;
  }
  if ('block' in part) {
    const b = blockById(catalog, part.block);
    if (!b) return part.block;
    return part.f === 'smtpText' ? b.smtpText : b[part.f][locale];
  }
  if ('lit' in part) return escapeUserText(format, part.lit);
  return part.code;
}
