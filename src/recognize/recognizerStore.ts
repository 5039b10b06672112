import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
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

/**
 * The fingerprint a cache file was trained for, read from its first bytes only (the serializer writes it first), so
 * that a process which leaves triage to other threads never holds the model; null when the file is missing or odd.
 */
export function cachedFingerprint(cacheFile: string): string | null {
  let fd: number;
  try {
    fd = openSync(cacheFile, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(128);
    const read = readSync(fd, head, 0, head.length, 0);
    return /^\{"fingerprint":"([0-9a-f]{1,64})"/.exec(head.subarray(0, read).toString('latin1'))?.[1] ?? null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes sure `cacheFile` holds the model for this catalog (training and writing it when it does not) and tells its
 * fingerprint, without keeping the model loaded when the cache was already right.
 */
export function ensureRecognizerCache(catalog: Catalog, cacheFile: string): string {
  const fingerprint = trainingFingerprint(catalog.symptoms);
  if (cachedFingerprint(cacheFile) === fingerprint) return fingerprint;
  return loadRecognizer(catalog, cacheFile).recognizer.fingerprint;
}
