import { problem } from '../catalog/problemCodes';
import type { CheckResult } from './checkResult';
import { verdictOf } from './checkBuilder';

/**
 * A check on a list that came only in part (a source stopped after some pages) says so, and cannot pass on it:
 * what was not read could hold the problem.
 */
export function withPartial(result: CheckResult, list: { readonly items: readonly unknown[]; readonly partial: boolean }): CheckResult {
  if (!list.partial) return result;
  const problems = [...result.problems, problem('graph-partial', { count: list.items.length })];
  return { ...result, problems, verdict: verdictOf(result.findings, problems) };
}
