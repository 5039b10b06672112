import type { Catalog } from '../catalog/catalog';
import type { MessageKey } from '../catalog/messageKeys';
import type { Prerequisite } from '../catalog/schema';
import type { CheckContext, Checker, CheckerKind } from '../checks/checkResult';
import { matchCommand } from './commands';
import type { PrerequisiteOutcome } from '../case/prerequisiteOutcome';
import type { Part } from './session';

/**
 * How a prerequisite is answered: a step that asks for an export is answered with its output (or "I ran it —
 * nothing unusual", "I can't run it"); a checklist with the numbers of its items done; a question with yes or no.
 */
export type AnswerStyle = 'paste' | 'checklist' | 'question';

export function answerStyleOf(prerequisite: Prerequisite): AnswerStyle {
  if (prerequisite.checker === 'checklist') return 'checklist';
  if (prerequisite.checker === 'question') return 'question';
  return 'paste';
}

/** The buttons each style offers. A step that asks for a paste has no bare "Yes": it would not say what was done. */
export const PREREQUISITE_CHOICES = {
  paste: ['ranClean', 'cannotRun', 'skip'],
  checklist: ['all', 'none', 'skip'],
  question: ['yes', 'no', 'skip'],
} as const satisfies Readonly<Record<AnswerStyle, readonly string[]>>;

/** Offered first at a step Microsoft Graph can check, when "Connect your tenant" is set up. */
export const CONNECT_CHOICE = 'connectTenant';

export type PrerequisiteChoice = (typeof PREREQUISITE_CHOICES)[AnswerStyle][number] | typeof CONNECT_CHOICE;

const CHOICE_KEYS: Readonly<Record<PrerequisiteChoice, MessageKey>> = {
  ranClean: 'choice.ranClean',
  cannotRun: 'choice.cannotRun',
  yes: 'choice.yes',
  no: 'choice.no',
  all: 'choice.all',
  none: 'choice.none',
  skip: 'choice.skip',
  connectTenant: 'choice.connectTenant',
};

/** The choices of a step; `canConnect` adds "Connect your tenant" first (a step with a live check, the feature on). */
export function choicesOf(prerequisite: Prerequisite, canConnect = false): readonly PrerequisiteChoice[] {
  const choices = PREREQUISITE_CHOICES[answerStyleOf(prerequisite)];
  return canConnect && answerStyleOf(prerequisite) === 'paste' ? [CONNECT_CHOICE, ...choices] : choices;
}

/** The choices as the parts a prompt shows. */
export function choiceParts(choices: readonly PrerequisiteChoice[]): Part[] {
  return choices.map((c) => ({ m: CHOICE_KEYS[c] }));
}

/** Why a reply was not understood; the reprompt says it, then names the choices shown. */
export type NotUnderstood =
  /** A short line at a step that wants an export's output. */
  | 'not-an-export'
  /** "yes" or "no" where the choices say what was done ("I ran it — nothing unusual", "I can't run it"). */
  | 'yes-no-at-paste'
  /** Neither item numbers nor a choice, at a checklist. */
  | 'not-item-numbers'
  /** A number that is no item of the checklist. */
  | 'no-such-item'
  /** None of the choices, at a yes/no question. */
  | 'not-a-choice';

export type PrerequisiteAnswer =
  | { readonly ok: true; readonly outcome: PrerequisiteOutcome }
  | { readonly ok: false; readonly reason: NotUnderstood; readonly items: number };

/**
 * Reads the admin's reply to one prerequisite: `picked` is the choice the reply names (its button or number, in any
 * language), else the reply is read as a typed command, pasted evidence, or a checklist selection.
 */
export function answerPrerequisite(
  catalog: Catalog,
  prerequisite: Prerequisite,
  reply: string,
  checkers: Partial<Record<CheckerKind, Checker>>,
  context: CheckContext,
  picked: PrerequisiteChoice | null = null,
): PrerequisiteAnswer {
  const style = answerStyleOf(prerequisite);
  const items = prerequisite.items.length;
  const ok = (outcome: PrerequisiteOutcome): PrerequisiteAnswer => ({ ok: true, outcome });
  const notUnderstood = (reason: NotUnderstood): PrerequisiteAnswer => ({ ok: false, reason, items });
  // At a checklist a number is an item, not a button.
  const choice = style === 'checklist' && /^\s*\d/.test(reply) ? null : picked;
  const command = choice ?? matchCommand(catalog, reply);
  if (command === 'skip' || command === 'dontKnow') return ok({ kind: 'skipped' });
  if (command === 'ranClean') return ok({ kind: 'attested' });
  if (command === 'cannotRun') return ok({ kind: 'cannotRun' });
  switch (style) {
    case 'checklist': {
      const selection = answerChecklist(prerequisite, reply, command);
      return selection ? ok(selection) : notUnderstood(/\d/.test(reply) ? 'no-such-item' : 'not-item-numbers');
    }
    case 'question':
      if (command === 'yes') return ok({ kind: 'answered', answer: 'yes' });
      if (command === 'no') return ok({ kind: 'answered', answer: 'no' });
      return notUnderstood('not-a-choice');
    case 'paste': {
      if (command === 'yes' || command === 'no' || command === 'all' || command === 'none') return notUnderstood('yes-no-at-paste');
      const checker = checkers[prerequisite.checker];
      if (checker && looksLikeEvidence(reply)) return ok({ kind: 'checked', result: checker(reply, context) });
      return notUnderstood('not-an-export');
    }
  }
}

/** Pasted exports are long or span lines; a short one-liner is a typed answer we did not understand. */
function looksLikeEvidence(text: string): boolean {
  return text.includes('\n') || text.length > 40 || /^[[{]/.test(text.trim()) || /[\w-]\.[a-z]{2}/i.test(text);
}

/** "all", "none", or item numbers ("1 3", "1, 2 和 4"); null when that is not what the reply is, or names no item. */
function answerChecklist(prerequisite: Prerequisite, reply: string, command: string | null): PrerequisiteOutcome | null {
  const ids = prerequisite.items.map((i) => i.id);
  if (command === 'all' || command === 'yes') return { kind: 'answered', answer: 'yes', done: ids };
  if (command === 'none' || command === 'no') return { kind: 'answered', answer: 'no', done: [] };
  const numbers = reply.slice(0, 200).match(/\d+/g);
  if (!numbers || reply.replace(/[\d\s,;.和、]/g, '').length > 0) return null;
  const picked = [...new Set(numbers.map(Number))];
  if (picked.some((n) => n < 1 || n > ids.length)) return null;
  const done = picked.map((n) => ids[n - 1]!);
  return { kind: 'answered', answer: done.length === ids.length ? 'yes' : 'no', done };
}

/** The reprompt's wording for each reason; each names the choices shown as `{choices}`. */
export const NOT_UNDERSTOOD_KEYS: Readonly<Record<NotUnderstood, MessageKey>> = {
  'not-an-export': 'prereq.notUnderstood.notAnExport',
  'yes-no-at-paste': 'prereq.notUnderstood.yesNoAtPaste',
  'not-item-numbers': 'prereq.notUnderstood.notItemNumbers',
  'no-such-item': 'prereq.notUnderstood.noSuchItem',
  'not-a-choice': 'chat.notAChoice',
};
