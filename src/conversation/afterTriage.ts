import type { CatalogLocale } from '../catalog/schema';
import { catalogLocaleFor, type OutOfScopeCode, type TriageResult } from '../recognize/triage';
import { initialBelief } from '../recognize/disambiguate';
import type { Candidate } from '../recognize/symptomRecognizer';

export type NextAfterTriage =
  | { readonly kind: 'explain-code'; readonly code: OutOfScopeCode }
  | { readonly kind: 'out-of-scope' }
  | { readonly kind: 'confirm'; readonly belief: Candidate[]; readonly unsure: boolean };

/** What the conversation does with a triage result: explain a known non-block code, say out of scope, or confirm. */
export function nextAfterTriage(result: TriageResult): NextAfterTriage {
  if (result.outOfScope) return { kind: 'explain-code', code: result.outOfScope };
  // Most likely out of scope: say so rather than quiz the user about blocks it probably is not.
  if (result.block === null) return { kind: 'out-of-scope' };
  const sure = result.decidedBy === 'code' && !result.needsConfirmation;
  const belief = sure ? [{ block: result.block, confidence: 1 }] : [...initialBelief(result)];
  return { kind: 'confirm', belief, unsure: result.needsConfirmation };
}

/** A description is written in the user's language and the conversation follows it; an NDR only says the server's. */
export function conversationLocale(current: CatalogLocale, result: TriageResult): CatalogLocale {
  return result.decidedBy === 'symptoms' && result.language ? catalogLocaleFor(result.language) : current;
}
