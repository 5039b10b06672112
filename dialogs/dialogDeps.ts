import type { StatePropertyAccessor } from 'botbuilder';
import type { Catalog } from '../src/catalog/catalog';
import type { CheckerKind, Checker } from '../src/checks/checkResult';
import type { GraphClientOptions } from '../src/graph/graphClient';
import type { TriageSession } from '../src/conversation/session';
import type { CaseHandoff } from '../src/handoff/caseHandoff';
import type { TriageDeps } from '../src/recognize/triage';

/** What the dialogs are built with; the bot and the tests build it the same way. */
export interface DialogDeps {
  readonly triage: TriageDeps;
  readonly session: StatePropertyAccessor<TriageSession>;
  readonly checkers: Partial<Record<CheckerKind, Checker>>;
  readonly now: () => Date;
  readonly random: () => number;
  /** Where a finished case can be sent (a helpdesk's ticketing system); without it the summary offers no hand-off. */
  readonly handoff?: CaseHandoff;
  /** "Connect your tenant"; absent when no OAuth connection is configured (nothing is offered then). */
  readonly graph?: GraphDialogDeps;
}

export interface GraphDialogDeps {
  /** The Azure Bot OAuth connection the admin signs in with. */
  readonly connectionName: string;
  /** The app the admin-consent address names (the bot's Microsoft App ID). */
  readonly appId: string;
  /** How Graph is reached: endpoint, fetch, caps, and the sleep between retries and polls. */
  readonly client: GraphClientOptions;
  readonly auditWaitMs: number;
}

export const catalogOf = (deps: DialogDeps): Catalog => deps.triage.catalog;
