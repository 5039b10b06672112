/**
 * Set in a turn's turnState when the message's text came from an attached file: the dialogs record its name where
 * the text is used (the NDR, a prerequisite's export), so that the case lists the file.
 */
export const ATTACHED_FILE = 'ndrTriage.attachedFile';

export interface AttachedFile {
  readonly name: string;
}
