import type { Catalog } from '../catalog/catalog';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import { renderPart } from './renderPart';
import type { Part } from './session';

/**
 * The choices a prompt shows, named in a sentence of `locale`: each quoted as that language quotes
 * (“Skip”, « Passer », “Salta”, “跳过”), joined with its commas and its "or". Plain text.
 */
export function choiceList(catalog: Catalog, locale: CatalogLocale, choices: readonly Part[]): string {
  const m = catalog.messages[locale];
  const quoted = choices.map((c) => fill(m['list.quoted'], { choice: renderPart(catalog, locale, c, 'plain') }));
  if (quoted.length <= 1) return quoted.join('');
  const first = quoted.slice(0, -1).reduce((list, next) => fill(m['list.separator'], { first: list, rest: next }));
  return fill(m['list.or'], { first, last: quoted.at(-1)! });
}
