import type { FindingCode } from '../catalog/findingCodes';
import type { Problem } from '../catalog/problemCodes';
import type { CHECKER_KINDS } from '../catalog/schema';
import type { ExportFormat } from './exports/parseExport';
import type { DateOrder } from '../time/parseDate';

export type CheckerKind = (typeof CHECKER_KINDS)[number];
export type Verdict = 'pass' | 'fail' | 'unknown';

/**
 * One thing a checker found. `code` names the wording (knowledge/ui: `finding.<code>`, with `{param}` slots);
 * `question` findings are things only the admin can answer ("do you recognise connector X?").
 */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: 'problem' | 'warning' | 'info' | 'question';
  readonly params: Readonly<Record<string, string | number>>;
}

export interface CheckResult {
  readonly checker: CheckerKind;
  /** pass: the prerequisite holds; fail: the evidence shows it does not; unknown: the evidence cannot tell. */
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  /** How the pasted evidence was read, and how many records it held. */
  readonly format: ExportFormat;
  readonly recordsRead: number;
  /** Problems reading the evidence, as typed codes (wording `problem.<code>`; the verdict is then usually unknown). */
  readonly problems: readonly Problem[];
}

/** What is known about the case when evidence is checked. */
export interface CheckContext {
  /** Domains the tenant sends from (from the NDR, a message trace or typed by the admin), lower case. */
  readonly sendingDomains: readonly string[];
  /** Accepted domains already established (e.g. by an earlier accepted-domains check), lower case. */
  readonly acceptedDomains: readonly string[];
  /** When the block started, if known: changes shortly before it are suspicious. */
  readonly blockStartedAt: Date | null;
  /** The block's code (e.g. 5.7.750), to spot its failures in a message trace. */
  readonly blockCode: string | null;
  /** Names of connectors the admin confirmed as theirs. */
  readonly knownConnectors: readonly string[];
  readonly now: Date;
  /**
   * How the admin's machine most likely writes 02/12/2025 (from the conversation's language), for date columns
   * whose values do not tell; null when unknown.
   */
  readonly dateOrder?: DateOrder | null;
}

export type Checker = (evidence: string, context: CheckContext) => CheckResult;
