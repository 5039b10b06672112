import type { CatalogLocale, Prerequisite } from '../catalog/schema';
import type { CheckResult } from '../checks/checkResult';
import type { ExportFormat } from '../checks/exports/parseExport';

/**
 * What became of one prerequisite: evidence pasted and checked, a yes/no answer, or nothing. Plain data: the
 * conversation stores it between turns and the case builder reads it as it is; what follows from it (the name the
 * evidence is attached under, the checklist items not done) is derived, not stored.
 */
export type PrerequisiteOutcome =
  | {
      readonly kind: 'checked';
      readonly result: CheckResult;
      /** The attached file the export came from, when it came as a file. */
      readonly file?: string;
      /** When the evidence was read live from Microsoft Graph (ISO instant) instead of pasted. */
      readonly readAt?: string;
    }
  | {
      readonly kind: 'answered';
      readonly answer: 'yes' | 'no';
      readonly note?: string;
      /** Ids of the checklist items the admin ticked; absent when no checklist was answered. */
      readonly done?: readonly string[];
    }
  /** The admin ran the export and saw nothing unusual, without pasting it: their word, not checked. */
  | { readonly kind: 'attested' }
  /** The admin cannot run the export (no rights, no PowerShell): the point stays open. */
  | { readonly kind: 'cannotRun' }
  | { readonly kind: 'skipped' };

const EXTENSION: Readonly<Record<ExportFormat, string>> = { json: 'json', csv: 'csv', list: 'txt', table: 'txt', lines: 'txt', empty: 'txt' };

/**
 * The name checked evidence is attached to the case under: the file it came in ("trace.csv"), where it was read
 * ("message-trace (Microsoft Graph)"), else one made from the prerequisite and the format ("accepted-domains.json",
 * "inbound-connectors.txt").
 */
export function evidenceName(prerequisiteId: string, format: ExportFormat, file?: string, readLive = false): string {
  return file ?? (readLive ? `${prerequisiteId} (Microsoft Graph)` : `${prerequisiteId}.${EXTENSION[format]}`);
}

/** The checklist items an answer left unticked, worded in `locale`; none when no checklist was answered. */
export function itemsNotDone(prerequisite: Pick<Prerequisite, 'items'>, outcome: PrerequisiteOutcome, locale: CatalogLocale): string[] {
  if (outcome.kind !== 'answered' || !outcome.done) return [];
  const done = outcome.done;
  return (prerequisite.items ?? []).filter((i) => !done.includes(i.id)).map((i) => i.text[locale]);
}
