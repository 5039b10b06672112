import { escapeMarkdown, stripControl } from '../case/sanitize';

/**
 * Where a piece of conversation text is shown: chat Markdown (what Bot Framework channels render) or plain
 * text (button titles, and text a case renderer escapes for its own format later, such as findings).
 */
export type TextFormat = 'markdown' | 'plain';

/**
 * The one escaping step for what a user typed or pasted, per format: it shows as typed, never as markup. In chat
 * Markdown the colon of `://` and a dot before letters are escaped too: chat clients turn bare URLs and domain names
 * into links (Web Chat's markdown-it does), and a name or domain read from pasted evidence must never become something
 * to click. Codes (5.7.750) and numbers keep their dots.
 */
export function escapeUserText(format: TextFormat, text: string): string {
  return format === 'markdown' ? escapeMarkdown(text).replace(/:(?=\/\/)|\.(?=[a-z]{2})/gi, '\\$&') : stripControl(text, false);
}

/** Message parameters with their strings (what users wrote) escaped for `format`; numbers stay as they are. */
export function escapeParams<T>(format: TextFormat, params: Readonly<Record<string, string | number | T>>): Record<string, string | number | T> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? escapeUserText(format, v) : v]));
}
