/**
 * Wording only Teams shows, per locale in knowledge/ui: the mention reminder of shared scopes, what a card button
 * says once answered, the "Triage this NDR" message action and its card, and the size limit of a Teams message.
 */
export const TEAMS_KEYS = [
  'teams.helpMention',
  'teams.card.answered',
  'teams.card.stale',
  'teams.card.unknownAction',
  'teams.task.nothing',
  'teams.triage.command',
  'teams.triage.block',
  'teams.triage.unsure',
  'teams.triage.firstSteps',
  'teams.triage.nothing',
  'teams.triage.continue',
  'teams.triage.continued',
  'teams.triage.cannotContinue',
  'teams.continuedIntro',
  'teams.tooLong',
] as const;
