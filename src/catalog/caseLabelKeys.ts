import { EXPORT_FORMATS } from './problemCodes';

/**
 * Wording the case renderers need: section labels, field labels, verdict and severity words, and what is
 * asked of Support for each way a block is lifted. The wording itself lives per locale in knowledge; code
 * only refers to these keys. (`case.ask.*` is taken by the dialog prompts, hence `case.request.*`.)
 */
export const CASE_LABEL_KEYS = [
  'case.title',
  'case.reference',
  'case.spelled',
  'case.createdAt',
  'case.preferredLanguage',
  'case.notProvided',
  'case.none',
  'case.tenant',
  'case.tenant.name',
  'case.tenant.defaultDomain',
  'case.tenant.id',
  'case.contact',
  'case.contact.name',
  'case.contact.email',
  'case.contact.phone',
  'case.block',
  'case.block.code',
  'case.block.smtpText',
  'case.block.title',
  'case.block.firstSeen',
  'case.ndrSample',
  'case.ndr.generatingServer',
  'case.ndr.arrivalTime',
  'case.ndr.recipients',
  'case.ndr.text',
  'case.impact',
  'case.impact.affectedUsers',
  'case.impact.description',
  'case.prerequisites',
  'case.status.met',
  'case.status.not-met',
  'case.status.unknown',
  'case.status.skipped',
  'case.basis',
  'case.basis.pasted',
  'case.basis.self-attested',
  'case.basis.skipped',
  'case.severity.problem',
  'case.severity.warning',
  'case.severity.info',
  'case.severity.question',
  'case.actionsTaken',
  'case.askOfSupport',
  'case.request.microsoft-support',
  'case.request.admin',
  'case.request.wait',
  'case.request.delist-request',
  'case.evidence',
  'case.evidence.records',
  'case.codes',
  'case.ready',
  'case.ready.yes',
  'case.ready.no',
  'case.openItems',
  'case.openItem.fix',
  'case.notDone',
  'case.request.notReady',
  ...EXPORT_FORMATS.map((format) => `format.${format}` as const),
] as const;

export type CaseLabelKey = (typeof CASE_LABEL_KEYS)[number];

/** The case wording in one language. A `Messages` object that includes these keys is assignable to it. */
export type CaseLabels = Readonly<Record<CaseLabelKey, string>>;
