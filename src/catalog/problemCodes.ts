/**
 * Every problem a checker meets while reading evidence, with the parameters its wording uses; the wording is
 * `problem.<code>` in knowledge/ui, with one `{param}` slot per parameter listed here.
 */
export const PROBLEM_PARAMS = {
  'json-invalid': [],
  'json-more-pages': [],
  'json-items-not-objects': ['count'],
  'table-columns-lost': [],
  'table-rows-unread': ['rows'],
  'csv-unterminated-quote': [],
  'csv-row-fields': ['row', 'fields', 'expected'],
  'dates-ambiguous-month-first': ['column', 'example'],
  'dates-ambiguous-day-first': ['column', 'example'],
  'accepted-domains-nothing-pasted': [],
  'accepted-domains-not-domains': [],
  'accepted-domains-skipped': ['count'],
  'accepted-domains-none': [],
  'accepted-domains-names-cut-off': [],
  'accepted-domains-unreadable-all': ['sample'],
  'accepted-domains-unreadable-lines': ['count', 'sample'],
  'audit-not-audit-log': [],
  'audit-data-unreadable': ['count'],
  'audit-partial': ['count', 'total'],
  'inbound-no-name': [],
  'inbound-skipped': ['count'],
  'inbound-missing-fields': ['fields'],
  'inbound-values-as-type': ['field', 'connector', 'raw'],
  'inbound-list-cut-off': ['field', 'connector'],
  'inbound-date-unreadable': ['field', 'connector', 'raw'],
  'inbound-date-future': ['field', 'connector', 'raw'],
  'restricted-not-blocked-senders': [],
  'restricted-skipped': ['count'],
  'restricted-cut-off': [],
  'trace-nothing-pasted': [],
  'trace-no-sender-column': [],
  'trace-no-readable-sender': [],
  'trace-unclassified': ['count'],
  'trace-dates-month-first': ['example'],
  'trace-dates-day-first': ['example'],
  'trace-sender-cut-off': ['count'],
  'trace-bad-sender': ['count'],
  'trace-bad-date': ['count'],
  'trace-no-date-column': [],
  'graph-partial': ['count'],
} as const satisfies Record<string, readonly string[]>;

export type ProblemCode = keyof typeof PROBLEM_PARAMS;
export const PROBLEM_CODES = Object.keys(PROBLEM_PARAMS) as ProblemCode[];

/** The parameters a problem's wording needs, by code. */
export type ProblemParams<C extends ProblemCode> = Readonly<Record<(typeof PROBLEM_PARAMS)[C][number], string | number>>;

/** A problem met while reading evidence: a code naming its wording, and the values for its slots. */
export interface Problem {
  readonly code: ProblemCode;
  readonly params: Readonly<Record<string, string | number>>;
}

/** A problem, its parameters checked against its code. */
export function problem<C extends ProblemCode>(code: C, ...params: keyof ProblemParams<C> extends never ? [] : [ProblemParams<C>]): Problem {
  return { code, params: params[0] ?? {} };
}

/** The names export formats are shown with; the wording is `format.<name>` in knowledge/ui. */
export const EXPORT_FORMATS = ['json', 'csv', 'list', 'table', 'lines', 'empty'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
