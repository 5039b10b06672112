import type { Catalog } from '../catalog/catalog';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import type { Finding } from '../checks/checkResult';
import { escapeParams, type TextFormat } from './textFormat';

/**
 * The wording of a finding in `locale` (knowledge/ui key `finding.<code>`), with its parameters — read from
 * what the user pasted — escaped for `format` and filled in.
 */
export function findingText(catalog: Catalog, locale: CatalogLocale, finding: Finding, format: TextFormat): string {
  return fill(catalog.messages[locale][`finding.${finding.code}`], escapeParams(format, finding.params));
}
