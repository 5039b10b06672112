import { createTriageDeps } from '../../src/app/createTriageDeps';
import { loadConfig } from '../../src/config/config';
import type { TriageDeps } from '../../src/recognize/triage';

let deps: TriageDeps | undefined;

/** The real catalog and recognizer, as the CLI builds them (the model comes from the build cache). */
export function triageDeps(): TriageDeps {
  deps ??= createTriageDeps(loadConfig(process.env));
  return deps;
}
