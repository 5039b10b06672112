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

/** Readable text of an HTML-only NDR: tags dropped, blocks on their own lines, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d|table)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#?[A-Za-z0-9]+);/g, (whole, name: string) => entity(name) ?? whole)
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n');
}
