import type { Catalog } from '../catalog/catalog';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import type { Finding } from '../checks/checkResult';
import { escapeUserText, type TextFormat } from './textFormat';

/**
 * The wording of a finding in `locale` (knowledge/ui key `finding.<code>`), with its parameters — read from
 * what the user pasted — escaped for `format` and filled in.
 */
export function findingText(catalog: Catalog, locale: CatalogLocale, finding: Finding, format: TextFormat): string {
  const params = Object.fromEntries(Object.entries(finding.params).map(([k, v]) => [k, typeof v === 'string' ? escapeUserText(format, v) : v]));
  return fill(catalog.messages[locale][`finding.${finding.code}`], params);
}
