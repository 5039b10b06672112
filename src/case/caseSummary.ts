import { z } from 'zod';
import { CATALOG_LOCALES, StatusCodeSchema } from '../catalog/schema';
import { hasControlChars } from './sanitize';
import { CANONICAL_GUID } from '../text/guid';

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

/** Where each prerequisite stands: only `met` counts towards a ready case. */
export const PREREQUISITE_STATUSES = ['met', 'not-met', 'unknown', 'skipped'] as const;
/**
 * What a status rests on: an export we checked, the tenant read live through Microsoft Graph (with the admin's
 * delegated sign-in), the admin's word (not checked), or nothing.
 */
export const CASE_BASES = ['pasted', 'graph', 'self-attested', 'skipped'] as const;
export const FINDING_SEVERITIES = ['problem', 'warning', 'info', 'question'] as const;

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

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const CasePrerequisiteSchema = z
  .object({
    id: z.string().regex(SLUG),
    title: text(CASE_LIMITS.short).min(1),
    status: z.enum(PREREQUISITE_STATUSES),
    basis: z.enum(CASE_BASES),
    /** When the evidence was read from Microsoft Graph (basis `graph`); null otherwise. */
    readAt: isoInstant.nullable(),
    findings: z.array(CaseFindingSchema).max(CASE_LIMITS.items),
  })
  .strict();

/** A prerequisite that keeps the case from being ready, with what to do about it. */
export const OpenItemSchema = z
  .object({
    id: z.string().regex(SLUG),
    title: text(CASE_LIMITS.short).min(1),
    status: z.enum(['not-met', 'unknown', 'skipped']),
    fix: text(CASE_LIMITS.text).min(1),
  })
  .strict();

/** An export the admin pasted, as attached to the case. */
export const CaseEvidenceSchema = z
  .object({ name: text(CASE_LIMITS.short).min(1), format: text(CASE_LIMITS.short).min(1), records: z.number().int().min(0) })
  .strict();

/**
 * The support case: everything Support needs, validated; absent values are null, never guessed. A case is `ready`
 * only when every prerequisite is met; otherwise `openItems` lists what is left and `askOfSupport` does not ask
 * for the block to be lifted.
 */
export const CaseSummarySchema = z
  .object({
    schemaVersion: z.literal(3),
    reference: z.string().regex(REFERENCE_PATTERN, 'expected a reference such as NDR-20261123-7K3Q'),
    createdAt: isoInstant,
    /** The language the case is written in. */
    language: z.enum(CATALOG_LOCALES),
    /** The language the contact wants to be answered in. */
    preferredLanguage: z.string().max(35).refine(isBcp47, 'expected a BCP 47 language tag such as fr-FR').nullable(),
    tenant: z
      .object({
        name: text(CASE_LIMITS.short).min(1).nullable(),
        defaultDomain: z.string().regex(DOMAIN, 'expected a domain name such as contoso.com').nullable(),
        id: z.string().regex(CANONICAL_GUID, 'expected a tenant ID (a GUID)').nullable(),
      })
      .strict(),
    contact: z
      .object({
        name: text(CASE_LIMITS.short).min(1).nullable(),
        email: z.email().max(CASE_LIMITS.email).nullable(),
        phone: text(CASE_LIMITS.short).min(1).nullable(),
      })
      .strict(),
    block: z
      .object({
        code: StatusCodeSchema,
        smtpText: text(CASE_LIMITS.text).min(1),
        title: text(CASE_LIMITS.short).min(1),
        firstSeen: isoInstant.nullable(),
        /** The alert Microsoft raised when it restricted sending, as read through Microsoft Graph; null when not read. */
        alert: z
          .object({ title: text(CASE_LIMITS.short).min(1), description: text(CASE_LIMITS.text).min(1).nullable(), raisedAt: isoInstant })
          .strict()
          .nullable(),
      })
      .strict(),
    /** Every status code the NDR showed, the block's first. */
    codes: z.array(StatusCodeSchema).min(1).max(CASE_LIMITS.items),
    ndrSamples: z.array(NdrSampleSchema).max(CASE_LIMITS.items),
    impact: z
      .object({
        affectedUsers: z.number().int().min(0).nullable(),
        /** The count is the admin's estimate ("about 40"). */
        affectedUsersApproximate: z.boolean(),
        description: text(CASE_LIMITS.text).min(1).nullable(),
      })
      .strict(),
    ready: z.boolean(),
    prerequisites: z.array(CasePrerequisiteSchema),
    openItems: z.array(OpenItemSchema),
    actionsTaken: z.array(text(CASE_LIMITS.text).min(1)).max(CASE_LIMITS.items),
    askOfSupport: text(CASE_LIMITS.text).min(1),
    evidence: z.array(CaseEvidenceSchema),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.prerequisites.forEach((p, i) => {
      if ((p.basis === 'graph') !== (p.readAt !== null)) ctx.addIssue({ code: 'custom', path: ['prerequisites', i, 'readAt'], message: 'readAt is given exactly when the basis is graph' });
    });
    const open = c.prerequisites.filter((p) => p.status !== 'met').map((p) => p.id);
    if (c.ready !== (open.length === 0)) ctx.addIssue({ code: 'custom', path: ['ready'], message: 'ready must be true exactly when every prerequisite is met' });
    if (c.openItems.map((o) => o.id).join() !== open.join()) {
      ctx.addIssue({ code: 'custom', path: ['openItems'], message: 'openItems must list every prerequisite that is not met, in order' });
    }
  });

export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type CasePrerequisite = z.infer<typeof CasePrerequisiteSchema>;
export type CaseFinding = z.infer<typeof CaseFindingSchema>;
export type NdrSample = z.infer<typeof NdrSampleSchema>;
export type CaseEvidence = z.infer<typeof CaseEvidenceSchema>;
export type OpenItem = z.infer<typeof OpenItemSchema>;
export type PrerequisiteStatus = (typeof PREREQUISITE_STATUSES)[number];
