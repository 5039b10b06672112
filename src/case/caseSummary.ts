import { z } from 'zod';
import { CATALOG_LOCALES, StatusCodeSchema } from '../catalog/schema';
import { hasControlChars } from './sanitize';

/** Longest text, in UTF-16 code units, each kind of field may hold (longer input is cut, ending "[truncated]"). */
export const CASE_LIMITS = {
  /** Names, phone numbers, server names, export names, short values. */
  short: 200,
  email: 254,
  /** Descriptions, findings, actions taken, the ask of Support. */
  text: 1000,
  ndrSample: 4000,
  /** Entries in a list (findings of one prerequisite, actions, recipients, samples). */
  items: 50,
} as const;

/** Characters of the random part of a case reference: no 0/O, 1/I/L or U, so it can be read out and typed back. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_PATTERN = new RegExp(`^NDR-\\d{8}-[${REFERENCE_ALPHABET}]{4}$`);

export const CASE_VERDICTS = ['pass', 'fail', 'unknown', 'skipped'] as const;
export const CASE_EVIDENCE = ['pasted', 'answered', 'skipped'] as const;
export const FINDING_SEVERITIES = ['problem', 'warning', 'info', 'question'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function isBcp47(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const text = (max: number, multiline = false) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlChars(s, multiline), 'must not contain control characters');
const isoInstant = z.iso.datetime();

export const CaseFindingSchema = z.object({ severity: z.enum(FINDING_SEVERITIES), text: text(CASE_LIMITS.text).min(1) }).strict();

export const NdrSampleSchema = z
  .object({
    text: text(CASE_LIMITS.ndrSample, true).min(1),
    generatingServer: text(CASE_LIMITS.short).nullable(),
    arrivalTime: text(CASE_LIMITS.short).nullable(),
    recipients: z.array(text(CASE_LIMITS.short).min(1)).max(CASE_LIMITS.items),
  })
  .strict();

export const CasePrerequisiteSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    title: text(CASE_LIMITS.short).min(1),
    verdict: z.enum(CASE_VERDICTS),
    findings: z.array(CaseFindingSchema).max(CASE_LIMITS.items),
    evidence: z.enum(CASE_EVIDENCE),
  })
  .strict();

export const CaseAttachmentSchema = z
  .object({ name: text(CASE_LIMITS.short).min(1), format: text(CASE_LIMITS.short).min(1), records: z.number().int().min(0) })
  .strict();

/** The support case: everything Support needs, validated; absent values are null, never guessed. */
export const CaseSummarySchema = z
  .object({
    schemaVersion: z.literal(1),
    reference: z.string().regex(REFERENCE_PATTERN, 'expected a reference such as NDR-20261123-7K3Q'),
    createdAt: isoInstant,
    tenant: z
      .object({
        name: text(CASE_LIMITS.short).min(1).nullable(),
        defaultDomain: z.string().regex(DOMAIN, 'expected a domain name such as contoso.com').nullable(),
        tenantId: z.string().regex(GUID, 'expected a tenant ID (a GUID)').nullable(),
      })
      .strict(),
    contact: z
      .object({
        name: text(CASE_LIMITS.short).min(1).nullable(),
        email: z.email().max(CASE_LIMITS.email).nullable(),
        phone: text(CASE_LIMITS.short).min(1).nullable(),
      })
      .strict(),
    preferredLanguage: z.string().max(35).refine(isBcp47, 'expected a BCP 47 language tag such as fr-FR').nullable(),
    summaryLanguage: z.enum(CATALOG_LOCALES),
    block: z
      .object({
        code: StatusCodeSchema,
        smtpText: text(CASE_LIMITS.text).min(1),
        title: text(CASE_LIMITS.short).min(1),
        firstSeen: isoInstant.nullable(),
        ndrSamples: z.array(NdrSampleSchema).max(CASE_LIMITS.items),
      })
      .strict(),
    impact: z
      .object({
        affectedUsers: z.number().int().min(0).nullable(),
        description: text(CASE_LIMITS.text).min(1).nullable(),
      })
      .strict(),
    prerequisites: z.array(CasePrerequisiteSchema),
    actionsTaken: z.array(text(CASE_LIMITS.text).min(1)).max(CASE_LIMITS.items),
    askOfSupport: text(CASE_LIMITS.text).min(1),
    attachments: z.array(CaseAttachmentSchema),
  })
  .strict();

export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type CasePrerequisite = z.infer<typeof CasePrerequisiteSchema>;
export type CaseFinding = z.infer<typeof CaseFindingSchema>;
export type NdrSample = z.infer<typeof NdrSampleSchema>;
export type CaseAttachment = z.infer<typeof CaseAttachmentSchema>;
export type CaseVerdict = (typeof CASE_VERDICTS)[number];
