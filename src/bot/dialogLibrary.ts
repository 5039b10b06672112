/**
 * The parts of botbuilder-dialogs this bot runs, taken from the library's own modules instead of its index. The
 * index also loads the date-time, choice and full recognizer suites that the number, date-time, choice and confirm
 * prompts need: about 25 MiB of the server's memory for prompts this bot never uses (it asks with text prompts and
 * the sign-in prompt). Types still come from 'botbuilder-dialogs' (`import type` loads nothing).
 *
 * The test "loads no recognizer suite" fails when a value import of the index comes back.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogContainer } from 'botbuilder-dialogs/lib/dialogContainer';
export { DialogEvents } from 'botbuilder-dialogs/lib/dialogEvents';
export { runDialog } from 'botbuilder-dialogs/lib/dialogHelper';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { DialogStateManager } from 'botbuilder-dialogs/lib/memory/dialogStateManager';
export { OAuthPrompt } from 'botbuilder-dialogs/lib/prompts/oauthPrompt';
export { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
