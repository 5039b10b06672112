import { BayesClassifier } from 'natural';
import { loadCatalog } from '../src/catalog/loadKnowledge';
import { NONE_LABEL } from '../src/catalog/schema';
import { loadConfig } from '../src/config/config';
import { projectRoot } from '../src/config/projectRoot';
import { accuracy, evaluate, type Evaluation } from '../src/recognize/evaluate';
import { featurize } from '../src/recognize/features';
import { SymptomRecognizer, TRAINING } from '../src/recognize/symptomRecognizer';
import { evaluateRealWorld } from '../src/recognize/evaluateRealWorld';
import { triage } from '../src/recognize/triage';
import { readHeldout } from './heldout';
import { readRealWorld } from './realWorld';
import { formatRealWorld } from './realWorldReport';

/**
 * Held-out accuracy of the symptom recognizer, per language and per block, next to a plain baseline
 * (natural's BayesClassifier trained on the same phrases), plus training and prediction speed; then the
 * real-world set (test/fixtures/realworld) through the whole triage(), with its failing items.
 */
const config = loadConfig(process.env);
const catalog = loadCatalog(config.KNOWLEDGE_DIR);
const heldout = readHeldout(projectRoot());

let t = process.hrtime.bigint();
const ms = () => {
  const now = process.hrtime.bigint();
  const d = Number(now - t) / 1e6;
  t = now;
  return d;
};

const ours = SymptomRecognizer.train(catalog.symptoms, catalog.blocks.map((b) => b.id));
const oursTrainMs = ms();
const baseline = new BayesClassifier();
for (const phrases of Object.values(catalog.symptoms)) {
  for (const [label, texts] of Object.entries(phrases)) for (const text of texts) baseline.addDocument(text, label);
}
baseline.train();
const baseTrainMs = ms();

const oursEval = evaluate(heldout, (text) => ours.recognize(text).block);
const oursPredictMs = ms();
const baseEval = evaluate(heldout, (text) => {
  const label = baseline.classify(text);
  return label === NONE_LABEL ? null : label;
});
const basePredictMs = ms();

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const row = (name: string, a: number, b: number, n: number) =>
  `${name.padEnd(10)} ${pct(a)} ${pct(b)} ${(b > 0 ? (a / b).toFixed(2) : '—').padStart(6)} ${String(n).padStart(5)}`;
const header = `${'set'.padEnd(10)} ${'ours'.padStart(7)} ${'bayes'.padStart(7)} ${'ratio'.padStart(6)} ${'n'.padStart(5)}`;

function table(title: string, keys: readonly string[], pick: (e: Evaluation) => ReadonlyMap<string, { correct: number; total: number }>) {
  console.log(`\n${title}\n${header}`);
  for (const k of keys) console.log(row(k, accuracy(pick(oursEval).get(k)), accuracy(pick(baseEval).get(k)), pick(oursEval).get(k)?.total ?? 0));
}

const n = oursEval.overall.total;
console.log(`Symptom recognizer, held-out split (${n} phrases never trained on; ${heldout.length} languages)`);
console.log(`\n${header}`);
console.log(row('overall', accuracy(oursEval.overall), accuracy(baseEval.overall), n));
table('per language', heldout.map((h) => h.locale), (e) => e.perLocale);
table('per block', [...catalog.blocks.map((b) => b.id), NONE_LABEL], (e) => e.perBlock);

// Calibration: among answers the recognizer does not ask to confirm, how many are right? And the expected
// calibration error: the gap between stated confidence and observed accuracy, over 10 confidence bins.
let confident = 0;
let confidentRight = 0;
const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0, conf: 0 }));
for (const set of heldout) {
  for (const [label, texts] of Object.entries(set.phrases)) {
    for (const text of texts) {
      const p = ours.recognize(text);
      const right = (p.block ?? NONE_LABEL) === label;
      const bin = bins[Math.min(9, Math.floor(p.confidence * 10))]!;
      bin.n++;
      bin.conf += p.confidence;
      if (right) bin.right++;
      if (p.needsConfirmation) continue;
      confident++;
      if (right) confidentRight++;
    }
  }
}
const ece = bins.reduce((s, b) => s + (b.n === 0 ? 0 : (b.n / n) * Math.abs(b.right / b.n - b.conf / b.n)), 0);
console.log(`\nanswered without confirmation: ${pct(confident / n)} of inputs; accuracy of those: ${pct(confidentRight / confident)}`);
console.log(`expected calibration error: ${(ece * 100).toFixed(1)} points (0 = confidence matches accuracy)`);
console.log(`temperature ${ours.temperature}; vocabulary ${ours.serialize().model.vocab.length} features`);

const sample = heldout.flatMap((h) => Object.values(h.phrases).flat());
const perSec = (count: number, millis: number) => Math.round((count / millis) * 1000);
const members = TRAINING.members ?? 1;
const runs = 5 * (TRAINING.calibrationMembers ?? members) + members;
console.log(`\ntraining: ours ${oursTrainMs.toFixed(0)} ms (${runs} SGD runs: 5 folds for calibration, ${members} averaged), bayes ${baseTrainMs.toFixed(0)} ms`);
console.log(`prediction: ours ${perSec(n, oursPredictMs)}/s, bayes ${perSec(n, basePredictMs)}/s (ratio ${(basePredictMs / oursPredictMs).toFixed(2)})`);
t = process.hrtime.bigint();
for (const s of sample) featurize(s);
console.log(`featurize alone: ${perSec(sample.length, ms())}/s`);

if (process.argv.includes('--misses')) {
  console.log('\nmisses:');
  for (const m of oursEval.misses) console.log(`  [${m.locale}] ${m.expected} → ${m.got}: ${m.text}`);
}

void (async () => {
  const realWorld = await evaluateRealWorld(readRealWorld(projectRoot()), (text) => triage(text, { catalog, recognizer: ours }));
  console.log(`\n${formatRealWorld(realWorld).join('\n')}`);
})();
