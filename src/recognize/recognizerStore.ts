import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Catalog } from '../catalog/catalog';
import { SymptomRecognizer, trainingFingerprint, type SerializedRecognizer } from './symptomRecognizer';

/**
 * The recognizer for this catalog: read from `cacheFile` when it was trained on the same phrases,
 * otherwise trained now and cached (written atomically) so that the next start is fast.
 */
export function loadRecognizer(catalog: Catalog, cacheFile: string): { recognizer: SymptomRecognizer; trained: boolean } {
  const fingerprint = trainingFingerprint(catalog.symptoms);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as SerializedRecognizer;
    if (cached.fingerprint === fingerprint) return { recognizer: SymptomRecognizer.deserialize(cached), trained: false };
  } catch {
    // missing or unreadable cache: train below
  }
  const recognizer = SymptomRecognizer.train(catalog.symptoms, catalog.blocks.map((b) => b.id));
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(recognizer.serialize()));
    renameSync(tmp, cacheFile);
  } catch {
    // a read-only install still works; it just trains again next time
  }
  return { recognizer, trained: true };
}
