import type { CatalogLocale, Prerequisite } from '../catalog/schema';
import type { CheckResult } from '../checks/checkResult';
import type { ExportFormat } from '../checks/exports/parseExport';

/**
 * What became of one prerequisite: evidence pasted and checked, a yes/no answer, or nothing. Plain data: the
 * conversation stores it between turns and the case builder reads it as it is; what follows from it (the name the
 * evidence is attached under, the checklist items not done) is derived, not stored.
 */
export type PrerequisiteOutcome =
  | { readonly kind: 'checked'; readonly result: CheckResult }
  | {
      readonly kind: 'answered';
      readonly answer: 'yes' | 'no';
      readonly note?: string;
      /** Ids of the checklist items the admin ticked; absent when no checklist was answered. */
      readonly done?: readonly string[];
    }
  | { readonly kind: 'skipped' };

const EXTENSION: Readonly<Record<ExportFormat, string>> = { json: 'json', csv: 'csv', list: 'txt', table: 'txt', lines: 'txt', empty: 'txt' };

/** The name checked evidence is attached to the case under: "accepted-domains.json", "inbound-connectors.txt". */
export function evidenceName(prerequisiteId: string, format: ExportFormat): string {
  return `${prerequisiteId}.${EXTENSION[format]}`;
}

/** The checklist items an answer left unticked, worded in `locale`; none when no checklist was answered. */
export function itemsNotDone(prerequisite: Pick<Prerequisite, 'items'>, outcome: PrerequisiteOutcome, locale: CatalogLocale): string[] {
  if (outcome.kind !== 'answered' || !outcome.done) return [];
  const done = outcome.done;
  return (prerequisite.items ?? []).filter((i) => !done.includes(i.id)).map((i) => i.text[locale]);
}
