import type { Catalog } from '../catalog/catalog';
import { CATALOG_LOCALES } from '../catalog/schema';
import { fold } from './commands';
import { renderPart } from './renderPart';
import type { Part } from './session';

/**
 * Which of the offered choices the reply picks: its number, or its wording in any of our languages.
 * -1 when it picks none.
 */
export function pickChoice(catalog: Catalog, reply: string, choices: readonly Part[]): number {
  const folded = fold(reply);
  const n = /^\d{1,2}$/.test(folded) ? Number(folded) : NaN;
  if (n >= 1 && n <= choices.length) return n - 1;
  return choices.findIndex((c) => CATALOG_LOCALES.some((l) => fold(renderPart(catalog, l, c, 'plain')) === folded));
}
