/**
 * Wording for helpdesk agents, per locale in knowledge/ui: the batch report (`ndr-triage batch`, report.html) and
 * the first reply to the person who reported a bounce (`replyToUser` of POST /api/triage).
 */
export const HELPDESK_KEYS = [
  'report.title',
  'report.summary',
  'report.byBlock',
  'report.byLanguage',
  'report.blocks',
  'report.firstStep',
  'report.human',
  'report.humanMore',
  'report.none',
  'report.files',
  'report.col.id',
  'report.col.source',
  'report.col.reason',
  'report.col.block',
  'report.col.confidence',
  'report.col.detail',
  'report.reason.error',
  'report.reason.confirm',
  'report.reason.out-of-scope',
  'report.reason.nothing-found',
  'api.reply.block',
  'api.reply.confirm',
  'api.reply.outOfScope',
  'api.reply.nothing',
] as const;
