/**
 * Text folded for matching, one way everywhere: what a user types, what Exchange prints and what the knowledge
 * files hold are compared in their folded forms. Each step is one linear pass.
 */

const ASCII = /^[\x00-\x7f]*$/;
const COMBINING_ACCENTS = /[\u0300-\u036f]/g;
const APOSTROPHES = /[’‘`]/g;

/**
 * Lower case with accents off: compatibility forms folded ("ＥＲＲＯＲ" → "error", "ﬁ" → "fi"), combining accents
 * dropped ("Échec" → "echec"), the rest recomposed (NFC), so kana and hangul keep their single characters.
 */
export function foldCase(text: string): string {
  // ASCII has nothing to decompose and no accents: lower case is all there is.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(COMBINING_ACCENTS, '').toLowerCase().normalize('NFC');
}

/** `foldCase`, then curly apostrophes and backticks straight, any run of white space one space, trimmed. */
export function foldText(text: string): string {
  return foldCase(text).replace(APOSTROPHES, "'").replace(/\s+/g, ' ').trim();
}
