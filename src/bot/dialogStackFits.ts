import { DialogContainer } from './dialogLibrary';
import type { Dialog, DialogInstance, DialogState } from 'botbuilder-dialogs';

/** Where a ComponentDialog keeps its inner dialog stack in its instance state (botbuilder-dialogs' own key). */
const INNER_STATE = 'dialogs';

function innerStack(instance: DialogInstance): readonly DialogInstance[] {
  const inner = (instance.state as Record<string, unknown> | undefined)?.[INNER_STATE] as Partial<DialogState> | undefined;
  return Array.isArray(inner?.dialogStack) ? inner.dialogStack : [];
}

/**
 * True when every dialog on a stored stack, nested ones included, is one `root` can still run: a stack saved
 * by another dialog layout names dialogs that no longer exist, and continuing it would fail. Ids are looked up
 * the way DialogContext does.
 */
export function dialogStackFits(root: Dialog, state: Partial<DialogState> | undefined): boolean {
  const fits = (stack: readonly DialogInstance[], find: (id: string) => Dialog | undefined): boolean =>
    stack.every((instance) => {
      const dialog = typeof instance?.id === 'string' ? find(instance.id) : undefined;
      if (!dialog) return false;
      // Like DialogContext, an inner stack sees its container's dialogs, then every outer one's.
      return !(dialog instanceof DialogContainer) || fits(innerStack(instance), (id) => dialog.findDialog(id) ?? find(id));
    });
  return fits(Array.isArray(state?.dialogStack) ? state.dialogStack : [], (id) => (id === root.id ? root : undefined));
}
