import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors/errors';
import { projectRoot } from './projectRoot';

const root = projectRoot();

/** Every setting the triage core and its adapters read, parsed once from the environment. */
export const ConfigSchema = z.object({
  KNOWLEDGE_DIR: z.string().min(1).default(join(root, 'knowledge')),
  /** Where the trained symptom model is cached; retrained when the phrases change. */
  MODEL_CACHE: z.string().min(1).default(join(root, 'dist', 'model', 'recognizer.json')),
  /** Inputs longer than this are triaged on their first part only (and say so). */
  MAX_INPUT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(512 * 1024),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Loopback by default: nothing is exposed to the network unless asked for. */
  HOST: z.string().min(1).default('127.0.0.1'),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment; a bad value is reported by name with what was expected. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new InputError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
