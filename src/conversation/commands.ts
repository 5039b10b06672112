import type { Catalog } from '../catalog/catalog';
import { CATALOG_LOCALES, COMMANDS, type CatalogLocale, type Command } from '../catalog/schema';

/** Lower case, accents off, curly quotes straight, spaces single, surrounding punctuation off. */
export function fold(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ');
  return trimPunctuation(folded).trim();
}

const EDGE_PUNCTUATION = new Set(' "\'«»“”.!?,;:。！？，');

/** Spaces and punctuation around a whole message ("  Yes!! " → "yes"), trimmed by index. */
function trimPunctuation(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && EDGE_PUNCTUATION.has(s[start]!)) start++;
  while (end > start && EDGE_PUNCTUATION.has(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** A whole message that is a command or a stock answer in any language ("aide", "skip", "是的"), else null. */
export function matchCommand(catalog: Catalog, text: string): Command | null {
  const folded = fold(text);
  if (folded === '' && text.trim() === '?') return 'help';
  if (folded === '' || folded.length > 60) return null;
  for (const command of COMMANDS) {
    if (catalog.commands.commands[command].some((w) => fold(w) === folded)) return command;
  }
  return null;
}

/** "parle français", "说中文", "speak English": the locale asked for, else null. */
export function matchLanguageSwitch(catalog: Catalog, text: string): CatalogLocale | null {
  const folded = fold(text);
  if (folded.length > 40) return null;
  return CATALOG_LOCALES.find((l) => catalog.commands.languages[l].some((w) => fold(w) === folded)) ?? null;
}
