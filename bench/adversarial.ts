import { createTriageDeps } from '../src/app/createTriageDeps';
import { CHECKERS } from '../src/checks/checkers';
import type { CheckContext } from '../src/checks/checkResult';
import { answerPrerequisite } from '../src/conversation/answerPrerequisite';
import { loadConfig } from '../src/config/config';
import { triage } from '../src/recognize/triage';
import { PIECES } from './support/adversarialPieces';

/**
 * How long one hostile paste holds the process, with the product's own limits in place: 1 MiB of each adversarial
 * shape (a piece repeated) through triage (as the chat, the API and the CLI call it) and through every evidence
 * checker (as a pasted export at a prerequisite step). Prints the slowest shapes and the worst time per entry point.
 * `npm test` proves the growth is linear; this prints the absolute numbers on this machine.
 */
const SIZE = Number(process.argv[2] ?? 1024 * 1024);
const config = loadConfig(process.env);
const deps = createTriageDeps(config);
const context: CheckContext = {
  sendingDomains: ['contoso.com'],
  acceptedDomains: ['contoso.com'],
  blockStartedAt: null,
  blockCode: '5.7.750',
  knownConnectors: [],
  now: new Date(),
};
const prerequisites = [...deps.catalog.prerequisites.values()];
const entries: { name: string; run: (t: string) => unknown }[] = [
  { name: 'triage (MAX_INPUT_BYTES)', run: (t) => triage(t, deps, { maxBytes: config.MAX_INPUT_BYTES }) },
  ...Object.keys(CHECKERS).map((kind) => ({
    name: `answer + checker ${kind}`,
    run: (t: string) => answerPrerequisite(deps.catalog, prerequisites.find((p) => p.checker === kind)!, t, CHECKERS, context),
  })),
];

async function main(): Promise<void> {
  console.log(`1 paste = ${(SIZE / 1024).toFixed(0)} KiB of one piece repeated; ${PIECES.length} pieces`);
  console.log('entry point'.padEnd(38), 'median ms'.padStart(10), 'worst ms'.padStart(10), '  worst piece');
  let overall = 0;
  for (const entry of entries) {
    const times: { piece: string; ms: number }[] = [];
    for (const piece of PIECES) {
      const text = piece.repeat(Math.ceil(SIZE / piece.length)).slice(0, SIZE);
      const t = process.hrtime.bigint();
      await entry.run(text);
      times.push({ piece, ms: Number(process.hrtime.bigint() - t) / 1e6 });
    }
    times.sort((a, b) => a.ms - b.ms);
    const worst = times.at(-1)!;
    overall = Math.max(overall, worst.ms);
    const median = times[Math.floor(times.length / 2)]!.ms;
    console.log(entry.name.padEnd(38), median.toFixed(0).padStart(10), worst.ms.toFixed(0).padStart(10), `  ${JSON.stringify(worst.piece)}`);
  }
  console.log(`slowest paste overall: ${overall.toFixed(0)} ms`);
}

void main();
