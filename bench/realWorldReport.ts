import { REAL_WORLD_TARGETS, top1, type RealWorldEvaluation, type RealWorldTally } from '../src/recognize/evaluateRealWorld';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

function row(name: string, t: RealWorldTally): string {
  const other = t.otherCodeTotal > 0 ? `${t.otherCodeCorrect}/${t.otherCodeTotal}` : '—';
  return (
    `${name.padEnd(13)} ${pct(top1(t))} ${String(t.confidentWrong).padStart(9)} ${String(t.lookAlikeAtConfidence1).padStart(8)} ` +
    `${other.padStart(9)} ${String(t.total).padStart(5)}`
  );
}

/** The real-world set as printed by `npm run bench:recognizer`: totals per kind and language, then every failing item. */
export function formatRealWorld(e: RealWorldEvaluation): string[] {
  const header = `${'set'.padEnd(13)} ${'top-1'.padStart(7)} ${'conf.wrong'.padStart(9)} ${'LA@1.0'.padStart(8)} ${'otherCode'.padStart(9)} ${'n'.padStart(5)}`;
  const lines = [
    `Real-world set, whole triage() (${e.overall.total} public bounces, log lines, alerts and descriptions; never trained on)`,
    `targets: top-1 ≥ ${pct(REAL_WORLD_TARGETS.top1).trim()}, confident wrong ${REAL_WORLD_TARGETS.confidentWrong}, ` +
      `look-alikes decided at confidence 1 (LA@1.0) ${REAL_WORLD_TARGETS.lookAlikeAtConfidence1}`,
    '',
    header,
    row('overall', e.overall),
    '',
    'per kind',
    header,
    ...[...e.perKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => row(k, t)),
    '',
    'per language',
    header,
    ...[...e.perLanguage.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => row(k, t)),
    '',
    `failing items (${e.failures.length}): id, kind, expected → got (confidence, confirm?, decided by)`,
  ];
  for (const f of e.failures) {
    const flags = [f.confidentWrong ? 'CONFIDENT WRONG' : '', f.lookAlikeAtConfidence1 ? 'LOOK-ALIKE AT 1.0' : ''].filter(Boolean).join(', ');
    lines.push(
      `  ${f.id} [${f.kind}, ${f.language}] ${f.expected ?? 'null'} → ${f.got ?? 'null'} ` +
        `(${f.confidence.toFixed(2)}, ${f.needsConfirmation ? 'confirm' : 'no confirm'}, ${f.decidedBy})${flags ? ` ${flags}` : ''}: ` +
        `${f.text.replace(/\s+/g, ' ').slice(0, 90)}`,
    );
  }
  const otherMisses = e.outcomes.filter((o) => o.otherCodeCorrect === false);
  if (otherMisses.length > 0) {
    lines.push('', `otherCode misses (${otherMisses.length}, not counted in top-1): id, expected → got`);
    for (const o of otherMisses) lines.push(`  ${o.id} ${o.otherCodeExpected} → ${o.otherCodeGot ?? 'null'}`);
  }
  return lines;
}
