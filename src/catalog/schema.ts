import { z } from 'zod';
import { FAILURE_CODE_EXACT } from '../text/statusCodePatterns';

/** Locales in which every user-facing catalog text must exist. */
export const CATALOG_LOCALES = ['en', 'fr', 'it', 'zh-CN'] as const;
export type CatalogLocale = (typeof CATALOG_LOCALES)[number];

/** An RFC 3463 enhanced status code, e.g. 5.7.750 (class 4 or 5 only: we deal with failures). */
export const StatusCodeSchema = z
  .string()
  .regex(FAILURE_CODE_EXACT, 'expected an enhanced status code such as 5.7.750');

const nonEmpty = z.string().trim().min(1);

/** One text in every catalog locale; a missing locale is a validation error. */
export const LocalizedTextSchema = z
  .object({ en: nonEmpty, fr: nonEmpty, it: nonEmpty, 'zh-CN': nonEmpty })
  .strict();
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const SCOPES = ['tenant', 'user', 'connector', 'ip', 'recipient'] as const;
export const LIFTERS = ['admin', 'microsoft-support', 'wait', 'delist-request'] as const;
export type Lifter = (typeof LIFTERS)[number];
/** Where evidence comes from; `dns` is any DNS client (Resolve-DnsName, nslookup), which is not an Exchange cmdlet. */
export const EVIDENCE_SOURCES = ['exchange-powershell', 'graph', 'defender-portal', 'eac', 'dns', 'admin'] as const;
export const CHECKER_KINDS = [
  'accepted-domains',
  'inbound-connectors',
  'audit-log',
  'restricted-users',
  'message-trace',
  'checklist',
  'question',
] as const;

const SlugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lower-case-slug');

export const CodeRangeSchema = z.object({ from: StatusCodeSchema, to: StatusCodeSchema }).strict();

export const EvidenceSchema = z
  .object({
    id: SlugSchema,
    source: z.enum(EVIDENCE_SOURCES),
    /** The exact command (PowerShell cmdlet line or Graph request) that exports it, or null when there is none. */
    command: z.string().min(1).nullable(),
    description: LocalizedTextSchema,
  })
  .strict();

export const BlockSchema = z
  .object({
    $schema: z.string().optional(),
    id: StatusCodeSchema,
    codes: z.array(StatusCodeSchema).min(1),
    ranges: z.array(CodeRangeSchema).default([]),
    smtpReply: z.number().int().min(400).max(599),
    smtpText: nonEmpty,
    /** Other wordings of the reply as they really arrive (older texts, other separators, IP and AS suffixes). */
    smtpVariants: z.array(nonEmpty).default([]),
    /**
     * Words that must stand next to one of the codes (on its line or in the diagnostic, any case) for the code to mean
     * this block; without them the code means something else (e.g. 5.2.2 "submission quota" vs. a full mailbox).
     * Empty: the code alone is enough.
     */
    textMatch: z.array(nonEmpty).default([]),
    scope: z.enum(SCOPES),
    liftedBy: z.array(z.enum(LIFTERS)).min(1),
    /**
     * How long the block lasts when a Microsoft page says so, with that page; null when Microsoft publishes no time
     * (then the duration text must not promise one).
     */
    publishedDuration: z
      .object({ minHours: z.number().min(0), maxHours: z.number().min(0), source: z.url() })
      .strict()
      .refine((d) => d.minHours <= d.maxHours, 'minHours must not exceed maxHours')
      .nullable(),
    title: LocalizedTextSchema,
    cause: LocalizedTextSchema,
    duration: LocalizedTextSchema,
    prerequisites: z.array(SlugSchema),
    steps: z.array(LocalizedTextSchema).min(1),
    evidence: z.array(EvidenceSchema),
    /** The default Microsoft 365 Defender alert policy that fires with this block; its name as the portal shows it per locale. */
    alertPolicy: z.object({ name: LocalizedTextSchema, description: LocalizedTextSchema }).strict().nullable(),
    links: z.array(z.object({ url: z.url(), title: LocalizedTextSchema }).strict()).min(1),
  })
  .strict();
export type Block = z.infer<typeof BlockSchema>;

export const ChecklistItemSchema = z.object({ id: SlugSchema, text: LocalizedTextSchema }).strict();

export const PrerequisiteSchema = z
  .object({
    id: SlugSchema,
    checker: z.enum(CHECKER_KINDS),
    /** Command that exports the evidence this prerequisite is checked against, or null (checklist/question). */
    command: z.string().min(1).nullable(),
    title: LocalizedTextSchema,
    why: LocalizedTextSchema,
    question: LocalizedTextSchema,
    /** What to do when the prerequisite is not met: shown as an open item of a case that is not ready. */
    fix: LocalizedTextSchema,
    items: z.array(ChecklistItemSchema).default([]),
  })
  .strict()
  .refine((p) => p.checker !== 'checklist' || p.items.length > 0, 'a checklist needs items');
export type Prerequisite = z.infer<typeof PrerequisiteSchema>;

export const PrerequisitesFileSchema = z
  .object({ $schema: z.string().optional(), prerequisites: z.array(PrerequisiteSchema).min(1) })
  .strict();

/**
 * Codes we know but that are not sending blocks: explained, then declared out of scope.
 * An entry with `textMatch` is a look-alike: another server's (or another Exchange feature's) reply that carries one of
 * `code`/`codes` — possibly a block's code — with one of those words next to it; then it wins over the block.
 */
export const OtherCodeSchema = z
  .object({
    /** Needed for look-alikes (several may share a code); plain entries are known by their code. */
    id: SlugSchema.optional(),
    code: StatusCodeSchema,
    /** More codes the same reply comes with (e.g. 5.7.1 and 5.7.0 for one block-list rejection). */
    codes: z.array(StatusCodeSchema).default([]),
    /** Words (any case) one of which must stand on the code's line or in the diagnostic for this entry to apply. */
    textMatch: z.array(nonEmpty).default([]),
    /** Who writes this reply (product or service), e.g. "Postfix", "Spamhaus", "Outlook.com"; absent for Exchange itself. */
    server: nonEmpty.optional(),
    title: LocalizedTextSchema,
    explanation: LocalizedTextSchema,
  })
  .strict()
  .refine((o) => o.textMatch.length === 0 || o.id !== undefined, 'a look-alike (with textMatch) needs an id');
export const OtherCodesFileSchema = z
  .object({ $schema: z.string().optional(), codes: z.array(OtherCodeSchema).min(1) })
  .strict();
export type OtherCode = z.infer<typeof OtherCodeSchema>;

/** Training phrases for the symptom recognizer, one file per locale. */
export const SYMPTOM_LOCALES = ['en', 'fr', 'it', 'zh-CN', 'de', 'es', 'ja', 'pt'] as const;
export type SymptomLocale = (typeof SYMPTOM_LOCALES)[number];
export const NONE_LABEL = 'none';
export const SymptomFileSchema = z
  .object({
    $schema: z.string().optional(),
    locale: z.enum(SYMPTOM_LOCALES),
    phrases: z.record(z.string(), z.array(nonEmpty).min(1)),
  })
  .strict();
export type SymptomFile = z.infer<typeof SymptomFileSchema>;

/** User-facing wording, one file per catalog locale; keys are checked against MESSAGE_KEYS. */
export const UiFileSchema = z
  .object({
    $schema: z.string().optional(),
    locale: z.enum(CATALOG_LOCALES),
    messages: z.record(z.string(), nonEmpty),
  })
  .strict();

/** Questions that tell blocks apart when the recognizer is not sure; each answer names the blocks it fits. */
export const QuestionSchema = z
  .object({
    id: SlugSchema,
    text: LocalizedTextSchema,
    answers: z
      .array(z.object({ id: SlugSchema, label: LocalizedTextSchema, blocks: z.array(StatusCodeSchema).min(1) }).strict())
      .min(2),
  })
  .strict();
export type Question = z.infer<typeof QuestionSchema>;
export const QuestionsFileSchema = z.object({ $schema: z.string().optional(), questions: z.array(QuestionSchema).min(1) }).strict();

/** Words that act as commands or answers in any language (matched on the whole message, folded). */
export const COMMANDS = ['help', 'startOver', 'back', 'differentProblem', 'skip', 'yes', 'no', 'dontKnow', 'all', 'none', 'forget', 'connectTenant', 'signOut'] as const;
export type Command = (typeof COMMANDS)[number];
export const CommandsFileSchema = z
  .object({
    $schema: z.string().optional(),
    commands: z.object(Object.fromEntries(COMMANDS.map((c) => [c, z.array(nonEmpty).min(1)])) as Record<Command, z.ZodArray<z.ZodString>>).strict(),
    languages: z.object({ en: z.array(nonEmpty).min(1), fr: z.array(nonEmpty).min(1), it: z.array(nonEmpty).min(1), 'zh-CN': z.array(nonEmpty).min(1) }).strict(),
  })
  .strict();
export type CommandsFile = z.infer<typeof CommandsFileSchema>;
