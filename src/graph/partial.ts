import { problem } from '../catalog/problemCodes';
import type { CheckResult } from '../checks/checkResult';
import { verdictOf } from '../checks/checkBuilder';
import type { GraphList } from './graphClient';

/** A check on a list Graph did not give in full says so, and cannot pass on it. */
export function withPartial(result: CheckResult, list: GraphList<unknown>): CheckResult {
  if (!list.partial) return result;
  const problems = [...result.problems, problem('graph-partial', { count: list.items.length })];
  return { ...result, problems, verdict: verdictOf(result.findings, problems) };
}
