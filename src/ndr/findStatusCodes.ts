import { NDR_FAILURE_CODES, NDR_FAILURE_CODE_HINT, REPLY_CODE_BEFORE } from '../text/statusCodePatterns';

/** One SMTP status found in a text: the reply code (550) when it stands right before the enhanced code. */
export interface FoundCode {
  readonly smtp: string | null;
  readonly enhanced: string;
}

/** A found code with how sure we are it is the real status (higher is surer) and where it first stood. */
export interface RankedCode extends FoundCode {
  readonly score: number;
  readonly index: number;
  /** The line it stood on, trimmed: the diagnostic when nothing better is known. */
  readonly line: string;
}

/** What stands before the code on its line says how likely it is the real status. */
const CONTEXT_SCORES: readonly { readonly re: RegExp; readonly score: number }[] = [
  { re: /^\s*status\s*:\s*$/i, score: 50 }, // DSN "Status: 5.7.750"
  { re: /(?:status code|code d['’]état|codice di stato|statuscode|código de estado|código de status|状态代码|状態コード|ステータス コード)\s*[:：]\s*(?:[245]\d\d\s+)?$/i, score: 45 },
  { re: /(?:^|[\s'"(;:#\[])[245]\d\d[ -]$/, score: 40 }, // "550 5.7.750"
  { re: /diagnostic-code\s*:/i, score: 30 },
  { re: /#$/, score: 20 }, // classic "#5.7.1"
];

function contextScore(before: string): number {
  for (const { re, score } of CONTEXT_SCORES) if (re.test(before)) return score;
  return 10;
}

/**
 * Every enhanced status code in `text`, best first. Each code appears once, with the best context it was seen in;
 * ties go to the code seen more often, then to the earlier one.
 */
export function findStatusCodes(text: string): RankedCode[] {
  const best = new Map<string, RankedCode & { count: number }>();
  let lineStart = 0;
  for (const rawLine of text.split('\n')) {
    const offset = lineStart;
    lineStart += rawLine.length + 1;
    if (!NDR_FAILURE_CODE_HINT.test(rawLine)) continue;
    const line = rawLine.trim().slice(0, 500);
    for (const m of rawLine.matchAll(NDR_FAILURE_CODES)) {
      const enhanced = `${m[1]}.${Number(m[2])}.${Number(m[3])}`;
      // Only the end of what precedes the code matters; keeping it short keeps long lines linear.
      const before = rawLine.slice(Math.max(0, m.index - 120), m.index);
      const reply = REPLY_CODE_BEFORE.exec(before);
      const smtp = reply && reply[1]![0] === m[1] ? reply[1]! : null;
      const score = contextScore(before);
      const seen = best.get(enhanced);
      if (!seen) {
        best.set(enhanced, { smtp, enhanced, score, index: offset + m.index, line, count: 1 });
      } else {
        seen.count++;
        if (score > seen.score || (score === seen.score && !seen.smtp && smtp)) {
          best.set(enhanced, { ...seen, smtp: smtp ?? seen.smtp, score, line });
        } else if (!seen.smtp && smtp) {
          best.set(enhanced, { ...seen, smtp });
        }
      }
    }
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || b.count - a.count || a.index - b.index)
    .map(({ count: _count, ...rest }) => rest);
}
