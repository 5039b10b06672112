import type { detect as Detect } from 'tinyld';

/** Languages we look for in Latin-script text; others are still reported when tinyld is sure of them. */
const LATIN_CANDIDATES = ['en', 'fr', 'it', 'de', 'es', 'pt', 'nl'];

const KANA = /[\u3040-\u30ff\uff66-\uff9f]/;
const HAN = /[\u4e00-\u9fff\u3400-\u4dbf]/g;
const HANGUL = /[\uac00-\ud7af]/;

/**
 * tinyld, loaded on the first Latin-script text: its n-gram tables take about 50 MiB of memory, which a process that
 * leaves triage to its threads (the server with TRIAGE_THREADS) should not pay for nothing. Its default tables, not
 * its light ones: those take ~12 MiB but misname short English SMTP lines (German, Portuguese, Dutch…), which
 * `npm run bench:language` shows on the real-world items (81.8% right against 94.5%).
 */
let detector: typeof Detect | undefined;
function tinyld(): typeof Detect {
  detector ??= (require('tinyld') as typeof import('tinyld')).detect;
  return detector;
}

/** What names the language of Latin-script prose: tinyld's default tables unless told otherwise (bench:language compares). */
export type LatinDetector = (prose: string, options: { only: string[] }) => string;

/**
 * How much prose tinyld reads, in characters: its cost grows with the text, its answer does not. On 6,719 labelled
 * phrases, descriptions and bounces, cutting at 300 characters changed none of its answers.
 */
const PROSE_SAMPLE = 400;

/** The words of `text` that fit in `max` characters (all of it when it is shorter). */
function firstWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > 0 ? cut : max);
}

/**
 * The BCP 47 language of a user's text, or null when there is too little to tell.
 * Script decides first (kana → ja, Han → zh-CN, Hangul → ko); Latin text goes to tinyld,
 * narrowed to the languages our users write.
 */
export function detectLanguage(text: string, latin?: LatinDetector): string | null {
  const sample = text.slice(0, 2000);
  if (KANA.test(sample)) return 'ja';
  const han = sample.match(HAN)?.length ?? 0;
  if (han >= 2) return 'zh-CN';
  if (HANGUL.test(sample)) return 'ko';
  // Addresses, host names, paths and codes (kijitora@example.jp, MSEXCH:IMS:NNN, 000C05A6) are no language.
  const prose = sample
    .split(/\s+/)
    .filter((t) => !/[@/\\:=_\d]|\w\.\w/.test(t) && !(t.length > 1 && t === t.toUpperCase() && t !== t.toLowerCase()))
    .join(' ');
  const letters = prose.replace(/[^\p{L}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (letters.length < 8) return null;
  const lang = (latin ?? tinyld())(firstWords(letters, PROSE_SAMPLE), { only: LATIN_CANDIDATES });
  return lang === '' ? null : lang;
}
