import type { Catalog } from '../catalog/catalog';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import type { ExportFormat, Problem } from '../catalog/problemCodes';
import type { Finding } from '../checks/checkResult';
import { escapeParams, type TextFormat } from './textFormat';

/**
 * The wording of a finding in `locale` (knowledge/ui key `finding.<code>`), with its parameters — read from
 * what the user pasted — escaped for `format` and filled in.
 */
export function findingText(catalog: Catalog, locale: CatalogLocale, finding: Finding, format: TextFormat): string {
  return fill(catalog.messages[locale][`finding.${finding.code}`], escapeParams(format, finding.params));
}

/**
 * The wording of a problem met reading evidence in `locale` (knowledge/ui key `problem.<code>`), its parameters
 * escaped for `format` and filled in.
 */
export function problemText(catalog: Catalog, locale: CatalogLocale, problem: Problem, format: TextFormat): string {
  return fill(catalog.messages[locale][`problem.${problem.code}`], escapeParams(format, problem.params));
}

/** The name an export format is shown with in `locale` (knowledge/ui key `format.<format>`). */
export function formatName(catalog: Catalog, locale: CatalogLocale, format: ExportFormat): string {
  return catalog.messages[locale][`format.${format}`];
}
