import type { Catalog } from '../catalog/catalog';
import type { CheckContext, Checker, CheckerKind } from '../checks/checkResult';
import { exportKindOf, type ExportKind } from '../checks/exportKind';
import type { PrerequisiteOutcome } from '../case/prerequisiteOutcome';

/** A paste that is another step's export: what it is, and the open step of this block it was checked for, if any. */
export interface MisplacedExport {
  readonly kind: ExportKind;
  readonly usedFor: { readonly id: string; readonly index: number; readonly outcome: PrerequisiteOutcome } | null;
}

/**
 * Tells when the admin pasted at step `currentId` an export that belongs to another step (the accepted-domains list
 * at the connectors step): null when the paste is not an export we recognise, or is the right one. When a step of
 * `prerequisiteIds` that takes this export is still open (not answered, or skipped), the export is checked for it.
 */
export function misplacedExport(
  catalog: Catalog,
  prerequisiteIds: readonly string[],
  currentId: string,
  outcomes: Readonly<Record<string, PrerequisiteOutcome>>,
  reply: string,
  checkers: Partial<Record<CheckerKind, Checker>>,
  context: CheckContext,
): MisplacedExport | null {
  const current = catalog.prerequisites.get(currentId);
  if (!current) return null;
  const kind = exportKindOf(reply);
  if (kind === null || kind === current.checker) return null;
  const index = prerequisiteIds.findIndex((id) => {
    const outcome = outcomes[id];
    return id !== currentId && catalog.prerequisites.get(id)?.checker === kind && (!outcome || outcome.kind === 'skipped');
  });
  const checker = checkers[kind];
  if (index < 0 || !checker) return { kind, usedFor: null };
  return { kind, usedFor: { id: prerequisiteIds[index]!, index, outcome: { kind: 'checked', result: checker(reply, context) } } };
}
