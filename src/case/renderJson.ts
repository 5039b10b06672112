import type { CaseLabels } from '../catalog/caseLabelKeys';
import { CaseSummarySchema, type CaseSummary } from './caseSummary';
import { escapeJsonForHtml } from './sanitize';

/**
 * The case as JSON for Support's tools, validated again on the way out. `<`, `>`, `&` and the Unicode line
 * separators are written as \u escapes, so the text can also be embedded in an HTML page as it is.
 * Labels are not used: the JSON holds values, not wording.
 */
export function renderJson(c: CaseSummary, _labels?: CaseLabels): string {
  return `${escapeJsonForHtml(JSON.stringify(CaseSummarySchema.parse(c), null, 2))}\n`;
}
