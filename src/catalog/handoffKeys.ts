/**
 * Wording of the hand-off of a finished case to the helpdesk's ticketing system, per locale in knowledge/ui: the
 * offer and its button, "queued", what became of it, and the incident's one-line title.
 */
export const HANDOFF_KEYS = [
  'handoff.offer',
  'handoff.send',
  'handoff.queued',
  'handoff.sent',
  'handoff.sentNoTicket',
  'handoff.failed',
  'handoff.shortDescription',
] as const;
