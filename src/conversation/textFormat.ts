import { escapeMarkdown, stripControl } from '../case/sanitize';

/**
 * Where a piece of conversation text is shown: chat Markdown (what Bot Framework channels render) or plain
 * text (button titles, and text a case renderer escapes for its own format later, such as findings).
 */
export type TextFormat = 'markdown' | 'plain';

/** The one escaping step for what a user typed or pasted, per format: it shows as typed, never as markup. */
export function escapeUserText(format: TextFormat, text: string): string {
  return format === 'markdown' ? escapeMarkdown(text) : stripControl(text, false);
}
