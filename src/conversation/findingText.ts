import type { Catalog } from '../catalog/catalog';
import { fill } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import type { Finding } from '../checks/checkResult';

/** The wording of a finding in `locale` (knowledge/ui key `finding.<code>`), with its parameters filled in. */
export function findingText(catalog: Catalog, locale: CatalogLocale, finding: Finding): string {
  return fill(catalog.messages[locale][`finding.${finding.code}`], finding.params);
}
