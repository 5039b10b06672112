import type { CheckResult } from '../checks/checkResult';
import { verdictOf } from '../checks/checkBuilder';

/** Findings this module writes (the answers that replace a connector question). */
export const FOLLOW_UP_FINDINGS = ['inbound-connector-recognised', 'inbound-connector-not-recognised'] as const;

/** Questions in a check result that name a connector the admin has to recognise, with their positions. */
export function pendingConnectorQuestions(result: CheckResult): { readonly index: number; readonly name: string }[] {
  return result.findings.flatMap((f, index) =>
    f.code === 'inbound-connector-unrecognised' && typeof f.params.name === 'string' ? [{ index, name: f.params.name }] : [],
  );
}

/** The admin's answer replaces the question: a recognised connector is fine, an unknown one is a problem. */
export function answerConnectorQuestion(result: CheckResult, index: number, recognised: boolean): CheckResult {
  const question = result.findings[index];
  if (!question || question.code !== 'inbound-connector-unrecognised') return result;
  const findings = result.findings.map((f, i) =>
    i !== index
      ? f
      : recognised
        ? { code: 'inbound-connector-recognised' as const, severity: 'info' as const, params: f.params }
        : { code: 'inbound-connector-not-recognised' as const, severity: 'problem' as const, params: f.params },
  );
  return { ...result, findings, verdict: verdictOf(findings, result.problems) };
}
