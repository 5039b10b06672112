import type { Catalog } from '../catalog/catalog';
import type { CatalogLocale } from '../catalog/schema';
import { matchCommand, matchLanguageSwitch } from './commands';
import { pickChoice } from './pickChoice';
import type { Part } from './session';

/**
 * What a message does besides answering the question that waits: switch the language, ask for help, start over
 * (also "different problem"), or be some other command (back, skip, yes…, which the step itself reads). `answer`
 * when it is none of these — or when it picks one of the choices offered: "English" offered as the summary
 * language is an answer there, not a language switch.
 */
export type Interruption =
  | { readonly kind: 'language'; readonly locale: CatalogLocale }
  | { readonly kind: 'help' }
  | { readonly kind: 'restart' }
  /** "sign out": forget the tenant connection (the token store signs the user out). */
  | { readonly kind: 'signOut' }
  | { readonly kind: 'command' }
  | { readonly kind: 'answer' };

export function interruptionOf(catalog: Catalog, text: string, offered: readonly Part[] | null): Interruption {
  if (offered && pickChoice(catalog, text, offered) >= 0) return { kind: 'answer' };
  const locale = matchLanguageSwitch(catalog, text);
  if (locale) return { kind: 'language', locale };
  const command = matchCommand(catalog, text);
  if (command === 'help') return { kind: 'help' };
  if (command === 'startOver' || command === 'differentProblem') return { kind: 'restart' };
  if (command === 'signOut') return { kind: 'signOut' };
  return command === null ? { kind: 'answer' } : { kind: 'command' };
}
