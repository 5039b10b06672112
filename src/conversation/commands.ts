import type { Catalog } from '../catalog/catalog';
import { CATALOG_LOCALES, COMMANDS, type CatalogLocale, type Command } from '../catalog/schema';
import { trimChars } from '../ndr/trimChars';
import { foldText } from '../text/foldText';

/** A whole reply folded (see `foldText`), surrounding punctuation off: "  « Problème ! » " → "probleme". */
export function fold(text: string): string {
  return trimChars(foldText(text), EDGE_PUNCTUATION).trim();
}

/** Spaces and punctuation around a whole message ("  Yes!! " → "yes"). */
const EDGE_PUNCTUATION = ' "\'«»“”.!?,;:。！？，';

/**
 * True when `fold(text)` is certainly longer than `max`, told without folding: ASCII letters and digits survive
 * folding one for one, so more than `max` of them make a folded text longer than `max`. Long pastes stop here.
 */
function foldsLongerThan(text: string, max: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) {
      if (++n > max) return true;
    }
  }
  return false;
}

interface FoldedWords {
  readonly commands: ReadonlyMap<string, Command>;
  readonly languages: ReadonlyMap<string, CatalogLocale>;
}

function keepFirst<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key)) map.set(key, value);
}

/** The catalog's command words, folded once per catalog; the first command (or locale) listing a word keeps it. */
const foldedWords = new WeakMap<Catalog, FoldedWords>();

function wordsOf(catalog: Catalog): FoldedWords {
  let words = foldedWords.get(catalog);
  if (!words) {
    const commands = new Map<string, Command>();
    for (const command of COMMANDS) for (const w of catalog.commands.commands[command]) keepFirst(commands, fold(w), command);
    const languages = new Map<string, CatalogLocale>();
    for (const locale of CATALOG_LOCALES) for (const w of catalog.commands.languages[locale]) keepFirst(languages, fold(w), locale);
    words = { commands, languages };
    foldedWords.set(catalog, words);
  }
  return words;
}

/** A whole message that is a command or a stock answer in any language ("aide", "skip", "是的"), else null. */
export function matchCommand(catalog: Catalog, text: string): Command | null {
  if (foldsLongerThan(text, 60)) return null;
  const folded = fold(text);
  if (folded === '' && text.trim() === '?') return 'help';
  if (folded === '' || folded.length > 60) return null;
  return wordsOf(catalog).commands.get(folded) ?? null;
}

/** "parle français", "说中文", "speak English": the locale asked for, else null. */
export function matchLanguageSwitch(catalog: Catalog, text: string): CatalogLocale | null {
  if (foldsLongerThan(text, 40)) return null;
  const folded = fold(text);
  if (folded.length > 40) return null;
  return wordsOf(catalog).languages.get(folded) ?? null;
}
