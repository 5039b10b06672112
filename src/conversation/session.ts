import type { MessageKey } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import type { PrerequisiteOutcome } from '../case/prerequisiteOutcome';
import type { Candidate } from '../recognize/symptomRecognizer';
import type { TriageResult } from '../recognize/triage';

export interface CaseDetails {
  tenantName: string | null;
  /** The tenant's default domain, when an accepted-domains export marked it (never asked on its own). */
  defaultDomain?: string | null;
  tenantId: string | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  startedAt: string | null;
  affectedUsers: number | null;
  /** The count was given as an estimate ("about 40"). */
  affectedUsersApproximate?: boolean;
  ndrText: string | null;
  /** The restriction alert Microsoft raised, as read through Microsoft Graph. */
  restrictionAlert?: { readonly title: string; readonly description: string | null; readonly raisedAt: string } | null;
}

/** The conversation's own state: plain, typed data (no methods; it round-trips through storage). */
export interface TriageSession {
  locale: CatalogLocale;
  triage: TriageResult | null;
  belief: Candidate[];
  /** The recognizer asked for confirmation: ask at least one telling question before stating a block. */
  unsure: boolean;
  asked: string[];
  blockId: string | null;
  outcomes: Record<string, PrerequisiteOutcome>;
  details: CaseDetails;
  sendingDomains: string[];
  acceptedDomains: string[];
  knownConnectors: string[];
  /** The attached file the NDR came from. */
  ndrFile?: string;
  /** Steps already checked from an export pasted at an earlier step: passed over once when their turn comes. */
  checkedAhead?: string[];
  /**
   * "Connect your tenant": whether the admin signed in to let us read the tenant through Microsoft Graph, and the
   * Purview audit search still running when the last wait ran out. Never the token: that stays in the Bot Framework
   * token store.
   */
  graph?: { connected: boolean; pendingAuditQuery: string | null };
  summaryLanguage: CatalogLocale | null;
  /** Hand-off jobs of this conversation's cases the user has not been told the end of yet (see handoffNotice). */
  handoffs?: string[];
  /** The question waiting for an answer, kept symbolic so it can be asked again in another language. */
  lastPrompt: PromptSpec | null;
}

/**
 * A piece of text to show, resolved against the catalog in the conversation's language when it is sent:
 * a UI message (with parameters), a field of a prerequisite, question, answer or block, or literal text
 * (a command to run, a domain name).
 */
export type Part =
  | { readonly m: MessageKey; readonly p?: Readonly<Record<string, string | number | Part>> }
  | { readonly prereq: string; readonly f: 'title' | 'why' | 'question' | 'fix' }
  | { readonly item: readonly [string, string] }
  | { readonly q: string }
  | { readonly a: readonly [string, string] }
  | { readonly block: string; readonly f: 'title' | 'cause' | 'duration' | 'smtpText' }
  | { readonly lit: string }
  | { readonly code: string };

export interface PromptSpec {
  readonly parts: readonly Part[];
  readonly choices: readonly Part[];
}

export function newSession(locale: CatalogLocale): TriageSession {
  return {
    locale,
    triage: null,
    belief: [],
    unsure: false,
    asked: [],
    blockId: null,
    outcomes: {},
    details: { tenantName: null, tenantId: null, contactName: null, email: null, phone: null, startedAt: null, affectedUsers: null, ndrText: null },
    sendingDomains: [],
    acceptedDomains: [],
    knownConnectors: [],
    summaryLanguage: null,
    lastPrompt: null,
  };
}
