import type { FindingCode } from '../catalog/findingCodes';
import type { Problem } from '../catalog/problemCodes';
import type { CheckerKind, CheckResult, Finding, Verdict } from './checkResult';
import type { ParsedExport } from './exports/parseExport';

/**
 * fail on any problem finding; unknown when the evidence could not be fully read, questions remain, or the
 * checker says it cannot decide; pass otherwise.
 */
export function verdictOf(findings: readonly Finding[], problems: readonly Problem[], undecided = false): Verdict {
  if (findings.some((f) => f.severity === 'problem')) return 'fail';
  if (undecided || problems.length > 0 || findings.some((f) => f.severity === 'question')) return 'unknown';
  return 'pass';
}

/** Collects a checker's findings and reading problems, and builds its result. */
export function startCheck<C extends FindingCode>(checker: CheckerKind, parsed: ParsedExport, problems: Problem[] = [...parsed.problems]) {
  const findings: Finding[] = [];
  return {
    findings,
    problems,
    add(code: C, severity: Finding['severity'], params: Finding['params'] = {}): void {
      findings.push({ code, severity, params });
    },
    done(undecided = false): CheckResult {
      return {
        checker,
        verdict: verdictOf(findings, problems, undecided),
        findings,
        format: parsed.format,
        recordsRead: parsed.records.length,
        problems,
      };
    },
  };
}
