import { decodeEntities, dropTags } from '../../ndr/htmlToText';

/** Markup that only a paste from Teams or a web page has: then the export arrived as HTML. */
const HTML_MARKS = /<\/?(?:p|br|div|span|table|tr|td|pre)\b|&nbsp;/i;

export function looksLikeHtml(text: string): boolean {
  return HTML_MARKS.test(text);
}

const TABLE_OPEN = /<table\b/gi;
const TABLE_CLOSE = /<\/table\s*>/gi;

/**
 * An export pasted from Teams (or another rich-text editor) as HTML, back to the text the admin copied: `<p>` and
 * `<br>` end lines, `&nbsp;` keeps the spaces that align a Format-Table, and an HTML `<table>` becomes tab-separated
 * rows (which the CSV reader takes). When the paste holds a real table (a header and at least one row), the table is
 * the export and the words around it ("Here it is:") are chat, so only the tables are kept: a line of prose above
 * the header would otherwise hide the columns. Linear: each table is found by scanning forward once.
 */
export function htmlExportToText(html: string): string {
  let out = '';
  const tables: string[] = [];
  let from = 0;
  TABLE_OPEN.lastIndex = 0;
  for (let open = TABLE_OPEN.exec(html); open; open = TABLE_OPEN.exec(html)) {
    TABLE_CLOSE.lastIndex = open.index;
    const close = TABLE_CLOSE.exec(html);
    if (!close) break;
    const rows = table(html.slice(open.index, close.index));
    out += `${lines(html.slice(from, open.index))}\n${rows}\n`;
    tables.push(rows);
    from = close.index + close[0].length;
    TABLE_OPEN.lastIndex = from;
  }
  const real = tables.filter((t) => t.includes('\n'));
  return real.length > 0 ? real.join('\n') : out + lines(html.slice(from));
}

/** Text outside tables: block ends are line ends; tags vanish without adding spaces, so columns keep their place. */
function lines(html: string): string {
  return decodeEntities(dropTags(html.replace(/<br\s*\/?>|<\/(?:p|div|li|pre|h\d)\s*>/gi, '\n'), ''));
}

/** One row a line, cells separated by tabs, each cell's text on one line. */
function table(html: string): string {
  return html
    .split(/<\/tr\s*>/i)
    .map((row) =>
      row
        .split(/<\/t[dh]\s*>/i)
        .slice(0, -1)
        .map((cell) => decodeEntities(dropTags(cell)).replace(/\s+/g, ' ').trim())
        .join('\t'),
    )
    .filter((row) => row.replace(/\t/g, '').trim() !== '')
    .join('\n');
}
