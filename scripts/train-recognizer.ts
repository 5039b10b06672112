import { loadCatalog } from '../src/catalog/loadKnowledge';
import { loadConfig } from '../src/config/config';
import { loadRecognizer } from '../src/recognize/recognizerStore';

/** Build step: trains the symptom recognizer (unless the cache already matches the phrases) and caches it. */
const config = loadConfig(process.env);
const started = Date.now();
const catalog = loadCatalog(config.KNOWLEDGE_DIR);
const { recognizer, trained } = loadRecognizer(catalog, config.MODEL_CACHE);
console.log(
  `${trained ? 'trained' : 'reused'} symptom model ${recognizer.fingerprint} (temperature ${recognizer.temperature}) ` +
    `in ${Date.now() - started} ms → ${config.MODEL_CACHE}`,
);
