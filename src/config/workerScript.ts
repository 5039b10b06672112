import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../errors/errors';
import { projectRoot } from './projectRoot';

/**
 * The compiled script of a worker thread: `name` beside the calling module (`here`, its __dirname) when that is the
 * build, else the build's copy under dist/`folder` — threads run JavaScript, so tests that load TypeScript need the
 * build (`npm run build`). `what` names the thread in the error when neither exists.
 */
export function workerScript(here: string, folder: string, name: string, what: string): string {
  const beside = join(here, name);
  if (existsSync(beside)) return beside;
  const built = join(projectRoot(), 'dist', folder, name);
  if (!existsSync(built)) throw new InternalError(`${what} is not built (${built}): run npm run build`);
  return built;
}
