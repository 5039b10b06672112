/**
 * Teams refuses a message (text, cards and attachments, as JSON) larger than about 28 KB. What the bot sends to
 * Teams is kept under this; a user's message of that size may have been cut on the way.
 */
export const TEAMS_MESSAGE_MAX_BYTES = 28 * 1024;

