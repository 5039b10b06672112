import { loadCatalog } from '../catalog/loadKnowledge';
import type { Config } from '../config/config';
import { loadRecognizer } from '../recognize/recognizerStore';
import type { TriageDeps } from '../recognize/triage';

/** Builds what triage needs from the configuration: the validated catalog and the (cached) recognizer. */
export function createTriageDeps(config: Pick<Config, 'KNOWLEDGE_DIR' | 'MODEL_CACHE'>): TriageDeps {
  const catalog = loadCatalog(config.KNOWLEDGE_DIR);
  const { recognizer } = loadRecognizer(catalog, config.MODEL_CACHE);
  return { catalog, recognizer };
}
