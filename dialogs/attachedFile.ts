import type { TurnContext } from 'botbuilder';
import { ATTACHED_FILE, type AttachedFile } from '../src/conversation/attachedFile';

/** The file this turn's text was read from (set by the bot), if any. */
export function attachedFile(context: TurnContext): AttachedFile | undefined {
  return context.turnState.get(ATTACHED_FILE) as AttachedFile | undefined;
}
