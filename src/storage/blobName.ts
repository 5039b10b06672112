import { createHash } from 'node:crypto';

/** Azure allows blob names up to 1024 characters; longer encoded keys are hashed. */
const MAX_NAME = 1024;

/**
 * The blob name a storage key is kept under. One key, one blob, and never two keys on one blob: every character
 * outside `[A-Za-z0-9_-]` (also `/`, `.` and `%` itself) is written as `%XX` of its UTF-8 bytes, which can be
 * undone, so distinct keys give distinct names. Names therefore never end in `/` or `.` (which Azure handles
 * specially). A key whose encoding would pass 1024 characters is named `~` + its SHA-256; no encoded key
 * contains `~`, so the two forms cannot meet.
 */
export function blobName(key: string): string {
  let name = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    name += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return name.length <= MAX_NAME ? name : `~${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}
