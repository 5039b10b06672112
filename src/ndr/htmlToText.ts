import { trimChars } from './trimChars';

/** Named entities found in NDR HTML: the Latin-1 letters of our languages and common punctuation. */
const NAMED: Readonly<Record<string, string>> = {
  nbsp: ' ', lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
  ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', euro: '€', copy: '©', reg: '®', middot: '·',
  iexcl: '¡', iquest: '¿', ordm: 'º', ordf: 'ª', szlig: 'ß',
};
const ACCENTS: Readonly<Record<string, string>> = { acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303', cedil: '\u0327', ring: '\u030a' };

function entity(name: string): string | null {
  if (name in NAMED) return NAMED[name]!;
  if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10));
  const m = /^([A-Za-z])(acute|grave|circ|uml|tilde|cedil|ring)$/.exec(name);
  if (m) return `${m[1]}${ACCENTS[m[2]!]}`.normalize('NFC');
  if (name === 'aelig') return 'æ';
  if (name === 'oslash') return 'ø';
  return null;
}

function safeCodePoint(n: number): string | null {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : null;
}

/** Readable text of an HTML-only NDR: tags dropped, blocks on their own lines, entities decoded. Linear in its length. */
export function htmlToText(html: string): string {
  const text = decodeEntities(dropTags(dropElements(html).replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d|table)>/gi, '\n'))).replace(/[ \t]+/g, ' ');
  const lines = text.split('\n');
  return lines.map((line, i) => trimChars(line, i > 0 ? ' ' : '', i < lines.length - 1 ? ' ' : '')).join('\n');
}

/** `&amp;`, `&nbsp;`, `&#233;`…: the entities we know decoded, others left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#?[A-Za-z0-9]+);/g, (whole, name: string) => entity(name) ?? whole);
}

const OPENING = /<(style|script|head)/gi;

/** Removes `<style>`, `<script>` and `<head>` elements with what they hold, scanning forward only. */
function dropElements(html: string): string {
  const unclosed = new Set<string>();
  let out = '';
  let from = 0;
  OPENING.lastIndex = 0;
  for (let m = OPENING.exec(html); m; m = OPENING.exec(html)) {
    const name = m[1]!.toLowerCase();
    if (unclosed.has(name)) continue;
    const closing = new RegExp(`</${name}>`, 'gi');
    closing.lastIndex = m.index + m[0].length;
    const end = closing.exec(html);
    if (!end) {
      // No closing tag after this one, so none after a later opening either.
      unclosed.add(name);
      continue;
    }
    out += `${html.slice(from, m.index)} `;
    from = end.index + end[0].length;
    OPENING.lastIndex = from;
  }
  return out + html.slice(from);
}

/** Every `<…>` with at least one character inside becomes `replacement`; `<` without a later `>` is kept. */
export function dropTags(text: string, replacement = ' '): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('<'); open >= 0; ) {
    const close = text.indexOf('>', open + 1);
    if (close < 0) break;
    if (close === open + 1) {
      open = text.indexOf('<', close);
      continue;
    }
    out += `${text.slice(from, open)}${replacement}`;
    from = close + 1;
    open = text.indexOf('<', from);
  }
  return out + text.slice(from);
}
