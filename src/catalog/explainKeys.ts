import { LIFTERS } from './schema';

/** Wording of `ndr-triage explain`: section labels and who lifts a block, per locale in knowledge/ui. */
export const EXPLAIN_KEYS = [
  'explain.block',
  'explain.outOfScope',
  'explain.codes',
  'explain.smtpTexts',
  'explain.cause',
  'explain.liftedBy',
  'explain.duration',
  'explain.publishedTime',
  'explain.publishedHours',
  'explain.noPublishedTime',
  'explain.steps',
  'explain.evidence',
  'explain.sources',
  ...LIFTERS.map((l) => `lifter.${l}` as const),
] as const;
