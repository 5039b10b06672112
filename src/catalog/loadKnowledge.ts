import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeError } from '../errors/errors';
import type { Catalog } from './catalog';
import { validateKnowledge, type RawKnowledge } from './validate';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new KnowledgeError('Cannot read knowledge file', [`${file}: ${(err as Error).message}`]);
  }
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Thin reader: gathers the knowledge files of `dir` for the pure validator. */
export function readKnowledge(dir: string): RawKnowledge {
  const entry = (file: string) => ({ file, data: readJson(file) });
  return {
    blocks: jsonFiles(join(dir, 'blocks')).map(entry),
    prerequisites: entry(join(dir, 'prerequisites.json')),
    otherCodes: entry(join(dir, 'other-codes.json')),
    symptoms: jsonFiles(join(dir, 'symptoms')).map(entry),
    ui: jsonFiles(join(dir, 'ui')).map(entry),
    questions: entry(join(dir, 'questions.json')),
    commands: entry(join(dir, 'commands.json')),
  };
}

/** Reads and validates; throws a KnowledgeError listing every problem. */
export function loadCatalog(dir: string): Catalog {
  const { value, errors } = validateKnowledge(readKnowledge(dir));
  if (!value) throw new KnowledgeError(`The knowledge in ${dir} is invalid`, errors);
  return value;
}
