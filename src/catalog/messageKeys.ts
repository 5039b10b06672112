/** Every user-facing message key; each knowledge/ui/<locale>.json must define exactly these. */
export const MESSAGE_KEYS = [
  'triage.input',
  'triage.block',
  'triage.noBlock',
  'triage.confidence',
  'triage.needsConfirmation',
  'triage.sure',
  'triage.alternatives',
  'triage.codes',
  'triage.language',
  'triage.sender',
  'triage.recipients',
  'triage.generatingServer',
  'triage.diagnostic',
  'triage.outOfScope',
  'triage.truncated',
  'triage.smtpText',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];
export type Messages = Readonly<Record<MessageKey, string>>;
