import type { CatalogLocale } from '../src/catalog/schema';

/** Every dialog id in one place. */
export const DialogId = {
  main: 'main',
  mainFlow: 'main.flow',
  confirmBlock: 'confirm-block',
  prerequisites: 'prerequisites',
  caseDetails: 'case-details',
  text: 'text-prompt',
  /** One sign-in prompt per language (its card is worded when the dialog is built). */
  signIn: 'sign-in',
} as const;

/** The id of the sign-in prompt worded in `locale`. */
export function signInDialogId(locale: CatalogLocale): string {
  return `${DialogId.signIn}.${locale}`;
}
