import { loadCatalog } from '../catalog/loadKnowledge';
import type { Config } from '../config/config';
import { ensureRecognizerCache, loadRecognizer } from '../recognize/recognizerStore';
import type { TriageDeps, TriageThreads } from '../recognize/triage';
import type { SymptomRecognizer } from '../recognize/symptomRecognizer';

/** Builds what triage needs from the configuration: the validated catalog and the (cached) recognizer. */
export function createTriageDeps(config: Pick<Config, 'KNOWLEDGE_DIR' | 'MODEL_CACHE'>): TriageDeps {
  const catalog = loadCatalog(config.KNOWLEDGE_DIR);
  const { recognizer } = loadRecognizer(catalog, config.MODEL_CACHE);
  return { catalog, recognizer };
}

/**
 * What triage needs when other threads do the triage: the catalog, and the recognizer only if this thread ever
 * triages itself (every thread stopped). The model cache is made right first (trained if it must be), so the threads
 * only read it; the model itself is not loaded here, which keeps its memory in one place.
 */
export function createThreadedTriageDeps(config: Pick<Config, 'KNOWLEDGE_DIR' | 'MODEL_CACHE'>, threads: (settings: Pick<Config, 'KNOWLEDGE_DIR' | 'MODEL_CACHE'>) => TriageThreads): TriageDeps {
  const catalog = loadCatalog(config.KNOWLEDGE_DIR);
  const fingerprint = ensureRecognizerCache(catalog, config.MODEL_CACHE);
  let recognizer: SymptomRecognizer | undefined;
  return {
    catalog,
    fingerprint,
    threads: threads(config),
    get recognizer() {
      recognizer ??= loadRecognizer(catalog, config.MODEL_CACHE).recognizer;
      return recognizer;
    },
  };
}
