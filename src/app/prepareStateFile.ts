import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Conversation state holds what users pasted (NDRs with names and addresses): the SQLite file, its -wal and
 * -shm, are readable by the bot's user only (0600), and a directory we create is 0700. The file is created
 * before SQLite opens it, so no umask decides; SQLite gives -wal and -shm the mode of the database file.
 * Returns `file`.
 */
export function prepareStateFile(file: string): string {
  if (file === ':memory:') return file;
  const dir = dirname(file);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
  return file;
}
