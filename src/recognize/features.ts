import { STATUS_CODES } from '../text/statusCodePatterns';
import { foldCase } from '../text/foldText';

/**
 * Turns free text in any of our languages into sparse features for the symptom classifier:
 * word unigrams, bigrams and skip-bigrams, character 3–5-grams inside Latin words (robust to typos, accents and inflection),
 * and for Chinese/Japanese the dictionary segmentation of ICU (Intl.Segmenter) plus character bigrams.
 */
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+/g;
/**
 * SPF's "all" mechanism with its qualifier (-all, ~all, ?all, +all) at the start of a word: a cue of its own. Word
 * segmentation drops the qualifier, which would leave only the everyday word "all" ("all users", "all mail").
 */
const SPF_ALL = /(^|[\s"'(:=])[-~?+]all\b/g;

/** Lower case, accents folded, codes/addresses/URLs/numbers and SPF's all mechanism replaced by placeholders. */
export function normalizeText(text: string): string {
  return foldCase(text)
    .replace(/https?:\/\/\S+/g, ' zurl ')
    .replace(/\S+/g, maskKeepingMoera)
    .replace(SPF_ALL, '$1 zspfall ')
    .replace(STATUS_CODES, ' zcode ')
    .replace(/\d+/g, '0')
    .replace(/[’`´]/g, "'");
}

const WORD_CHAR = /\w/;

/**
 * maskAddress, but an address in a tenant's built-in onmicrosoft.com domain (the MOERA domain) keeps that domain as a
 * word: which domain class the sender uses is a cue of its own (mail from onmicrosoft.com addresses is capped), and
 * it names no one.
 */
function maskKeepingMoera(token: string): string {
  const masked = maskAddress(token);
  return masked !== token && token.includes('.onmicrosoft.com') ? `${masked} onmicrosoft.com ` : masked;
}

/**
 * One whitespace-free token with its leading address masked: what `/\S+@\S+\.\w+/` replaces within a token, found in
 * one pass. The match starts at the token's start and ends after the word run that follows the last dot that comes at
 * least two characters after some `@` (at index 1 or later); without such a dot the token stays as it is.
 */
export function maskAddress(token: string): string {
  const firstAt = token.indexOf('@', 1);
  if (firstAt < 0) return token;
  for (let dot = token.length - 2; dot >= firstAt + 2; dot--) {
    if (token[dot] !== '.' || !WORD_CHAR.test(token[dot + 1]!)) continue;
    let end = dot + 1;
    while (end < token.length && WORD_CHAR.test(token[end]!)) end++;
    return ` zaddr ${token.slice(end)}`;
  }
  return token;
}

/** Word tokens of the normalized text (ICU word segmentation, so CJK text is split into words too). */
export function tokenize(normalized: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(normalized)) {
    if (!s.isWordLike) continue;
    for (const part of s.segment.split("'")) if (part.length > 0) out.push(part);
  }
  return out;
}

/** The feature strings of one text; repeats are kept (they count). Bounded by `maxTokens` words. */
export function featurize(text: string, maxTokens = 400): string[] {
  const normalized = normalizeText(text.length > 20_000 ? text.slice(0, 20_000) : text);
  const tokens = tokenize(normalized).slice(0, maxTokens);
  const feats: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const cjk = CJK.test(t);
    if (!cjk && t.length === 1) continue;
    feats.push(`w:${t}`);
    if (i + 1 < tokens.length) feats.push(`b:${t}_${tokens[i + 1]}`);
    if (i + 2 < tokens.length) feats.push(`s:${t}_${tokens[i + 2]}`);
    if (!cjk && t.length >= 4) {
      const padded = `^${t}$`;
      for (let n = 3; n <= 5; n++) {
        for (let j = 0; j + n <= padded.length; j++) feats.push(`c:${padded.slice(j, j + n)}`);
      }
    }
  }
  for (const run of normalized.slice(0, 4000).match(CJK_RUN) ?? []) {
    for (let j = 0; j + 2 <= run.length; j++) feats.push(`h:${run.slice(j, j + 2)}`);
  }
  return feats;
}
