import type { Catalog } from '../catalog/catalog';
import type { Prerequisite } from '../catalog/schema';
import type { CheckContext, Checker, CheckerKind } from '../checks/checkResult';
import { matchCommand } from './commands';
import type { PrerequisiteOutcome } from '../case/prerequisiteOutcome';

/** Reads the admin's reply to one prerequisite: skip, yes/no, a checklist selection, or pasted evidence. */
export function answerPrerequisite(
  catalog: Catalog,
  prerequisite: Prerequisite,
  reply: string,
  checkers: Partial<Record<CheckerKind, Checker>>,
  context: CheckContext,
): PrerequisiteOutcome | null {
  const command = matchCommand(catalog, reply);
  if (command === 'skip' || command === 'dontKnow') return { kind: 'skipped' };
  if (prerequisite.checker === 'checklist') return answerChecklist(prerequisite, reply, command);
  if (command === 'yes') return { kind: 'answered', answer: 'yes' };
  if (command === 'no') return { kind: 'answered', answer: 'no' };
  const checker = checkers[prerequisite.checker];
  if (checker && looksLikeEvidence(reply)) return { kind: 'checked', result: checker(reply, context) };
  return null;
}

/** Pasted exports are long or span lines; a short one-liner is a typed answer we did not understand. */
function looksLikeEvidence(text: string): boolean {
  return text.includes('\n') || text.length > 40 || /^[[{]/.test(text.trim()) || /[\w-]\.[a-z]{2}/i.test(text);
}

function answerChecklist(prerequisite: Prerequisite, reply: string, command: string | null): PrerequisiteOutcome | null {
  const ids = prerequisite.items.map((i) => i.id);
  if (command === 'all' || command === 'yes') return { kind: 'answered', answer: 'yes', done: ids };
  if (command === 'none' || command === 'no') return { kind: 'answered', answer: 'no', done: [] };
  const numbers = reply.match(/\d+/g);
  if (!numbers || reply.replace(/[\d\s,;.和、]/g, '').length > 0) return null;
  const done = [...new Set(numbers.map(Number))].filter((n) => n >= 1 && n <= ids.length).map((n) => ids[n - 1]!);
  return { kind: 'answered', answer: done.length === ids.length ? 'yes' : 'no', done };
}
