import type { z } from 'zod';
import type { Catalog, SymptomPhrases } from './catalog';
import { MESSAGE_KEYS, type Messages } from './messageKeys';
import {
  BlockSchema,
  CATALOG_LOCALES,
  UiFileSchema,
  type CatalogLocale,
  NONE_LABEL,
  OtherCodesFileSchema,
  PrerequisitesFileSchema,
  QuestionsFileSchema,
  CommandsFileSchema,
  SYMPTOM_LOCALES,
  SymptomFileSchema,
  type Block,
  type SymptomLocale,
} from './schema';
import { compareStatusCodes, inRange, parseStatusCode } from './statusCode';

/** Knowledge as read from disk, before validation. `file` names are for error messages only. */
export interface RawKnowledge {
  readonly blocks: readonly { readonly file: string; readonly data: unknown }[];
  readonly prerequisites: { readonly file: string; readonly data: unknown };
  readonly otherCodes: { readonly file: string; readonly data: unknown };
  readonly symptoms: readonly { readonly file: string; readonly data: unknown }[];
  readonly ui: readonly { readonly file: string; readonly data: unknown }[];
  readonly questions: { readonly file: string; readonly data: unknown };
  readonly commands: { readonly file: string; readonly data: unknown };
}

export interface ValidationResult {
  readonly value: Catalog | null;
  readonly errors: readonly string[];
}

function zodErrors(file: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
}

/** Pure: checks every file against its schema and the rules that span files. */
export function validateKnowledge(raw: RawKnowledge): ValidationResult {
  const errors: string[] = [];

  const blocks: Block[] = [];
  for (const { file, data } of raw.blocks) {
    const parsed = BlockSchema.safeParse(data);
    if (!parsed.success) errors.push(...zodErrors(file, parsed.error));
    else {
      const base = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
      if (base !== parsed.data.id) errors.push(`${file}: file name must be the block id (${parsed.data.id}.json)`);
      blocks.push(parsed.data);
    }
  }

  const prereqFile = PrerequisitesFileSchema.safeParse(raw.prerequisites.data);
  if (!prereqFile.success) errors.push(...zodErrors(raw.prerequisites.file, prereqFile.error));
  const prerequisites = new Map(prereqFile.success ? prereqFile.data.prerequisites.map((p) => [p.id, p]) : []);
  if (prereqFile.success && prerequisites.size !== prereqFile.data.prerequisites.length) {
    errors.push(`${raw.prerequisites.file}: prerequisite ids must be unique`);
  }
  if (prereqFile.success) {
    for (const p of prereqFile.data.prerequisites) {
      const ids = p.items.map((i) => i.id);
      if (new Set(ids).size !== ids.length) errors.push(`${raw.prerequisites.file}: ${p.id}: checklist item ids must be unique`);
    }
  }

  const otherFile = OtherCodesFileSchema.safeParse(raw.otherCodes.data);
  if (!otherFile.success) errors.push(...zodErrors(raw.otherCodes.file, otherFile.error));
  const otherEntries = otherFile.success ? otherFile.data.codes : [];
  const plainOthers = otherEntries.filter((c) => c.textMatch.length === 0);
  const lookAlikes = otherEntries.filter((c) => c.textMatch.length > 0);
  const otherCodes = new Map(plainOthers.map((c) => [c.code, c]));
  if (otherCodes.size !== plainOthers.length) errors.push(`${raw.otherCodes.file}: an entry without textMatch must have a code of its own`);
  const otherIds = otherEntries.flatMap((c) => (c.id ? [c.id] : []));
  if (new Set(otherIds).size !== otherIds.length) errors.push(`${raw.otherCodes.file}: ids must be unique`);

  errors.push(...checkBlockRules(blocks, prereqFile.success ? prerequisites : null));
  for (const code of otherCodes.keys()) {
    // A block whose codes need words next to them leaves the bare code to mean something else.
    const owner = blocks.find((b) => b.textMatch.length === 0 && (b.codes.includes(code) || b.ranges.some((r) => rangeHas(r, code))));
    if (owner) errors.push(`${raw.otherCodes.file}: ${code} is covered by block ${owner.id}; it cannot also be out of scope`);
  }

  const symptoms = checkSymptoms(raw.symptoms, blocks, errors);
  const messages = checkUi(raw.ui, errors);

  const questionsFile = QuestionsFileSchema.safeParse(raw.questions.data);
  if (!questionsFile.success) errors.push(...zodErrors(raw.questions.file, questionsFile.error));
  const questions = questionsFile.success ? questionsFile.data.questions : [];
  const blockIds = new Set(blocks.map((b) => b.id));
  for (const q of questions) {
    for (const a of q.answers) {
      for (const id of a.blocks) if (!blockIds.has(id)) errors.push(`${raw.questions.file}: ${q.id}/${a.id}: block ${id} does not exist`);
    }
    if (new Set(q.answers.map((a) => a.id)).size !== q.answers.length) errors.push(`${raw.questions.file}: ${q.id}: answer ids repeat`);
  }
  if (new Set(questions.map((q) => q.id)).size !== questions.length) errors.push(`${raw.questions.file}: question ids repeat`);

  const commandsFile = CommandsFileSchema.safeParse(raw.commands.data);
  if (!commandsFile.success) errors.push(...zodErrors(raw.commands.file, commandsFile.error));

  if (errors.length > 0 || !commandsFile.success) return { value: null, errors };
  return { value: { blocks, prerequisites, otherCodes, lookAlikes, symptoms, messages, questions, commands: commandsFile.data }, errors };
}

/** The code stands in the text as a whole code (5.7.70 is not quoted by "5.7.705"). */
function quotesCode(text: string, code: string): boolean {
  for (let at = text.indexOf(code); at >= 0; at = text.indexOf(code, at + 1)) {
    const before = text[at - 1] ?? '';
    const after = text[at + code.length] ?? '';
    if (!/[\d.]/.test(before) && !/\d/.test(after) && !(after === '.' && /\d/.test(text[at + code.length + 1] ?? ''))) return true;
  }
  return false;
}

function rangeHas(range: { from: string; to: string }, code: string): boolean {
  const [c, f, t] = [parseStatusCode(code), parseStatusCode(range.from), parseStatusCode(range.to)];
  return c !== null && f !== null && t !== null && inRange(c, f, t);
}

function checkBlockRules(blocks: readonly Block[], prerequisites: ReadonlyMap<string, unknown> | null): string[] {
  const errors: string[] = [];
  const codeOwner = new Map<string, string>();
  const ids = new Set<string>();
  for (const b of blocks) {
    if (ids.has(b.id)) errors.push(`block ${b.id}: duplicate block id`);
    ids.add(b.id);
    if (!b.codes.includes(b.id)) errors.push(`block ${b.id}: its id must be one of its codes`);
    if (!b.codes.some((c) => b.smtpText.includes(c))) errors.push(`block ${b.id}: smtpText must quote one of its codes`);
    if (!b.smtpText.startsWith(String(b.smtpReply))) errors.push(`block ${b.id}: smtpText must start with smtpReply ${b.smtpReply}`);
    for (const variant of b.smtpVariants) {
      if (!b.codes.some((c) => quotesCode(variant, c))) errors.push(`block ${b.id}: smtpVariants "${variant}" must quote one of its codes`);
    }
    for (const code of b.codes) {
      const owner = codeOwner.get(code);
      if (owner) errors.push(`block ${b.id}: code ${code} is already claimed by block ${owner}`);
      codeOwner.set(code, b.id);
    }
    for (const r of b.ranges) {
      const [f, t] = [parseStatusCode(r.from), parseStatusCode(r.to)];
      if (!f || !t) continue;
      if (f.klass !== t.klass || f.subject !== t.subject) errors.push(`block ${b.id}: range ${r.from}–${r.to} must stay within one class.subject`);
      else if (compareStatusCodes(f, t) > 0) errors.push(`block ${b.id}: range ${r.from}–${r.to} is reversed`);
    }
    if (prerequisites) {
      for (const p of b.prerequisites) {
        if (!prerequisites.has(p)) errors.push(`block ${b.id}: prerequisite "${p}" does not exist`);
      }
    }
    if (new Set(b.prerequisites).size !== b.prerequisites.length) errors.push(`block ${b.id}: prerequisites repeat`);
    const evidenceIds = b.evidence.map((e) => e.id);
    if (new Set(evidenceIds).size !== evidenceIds.length) errors.push(`block ${b.id}: evidence ids repeat`);
  }
  const ranges = blocks.flatMap((b) => b.ranges.map((r) => ({ owner: b.id, ...r })));
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i]!;
      const c = ranges[j]!;
      if (rangeHas(a, c.from) || rangeHas(a, c.to) || rangeHas(c, a.from)) {
        errors.push(`ranges overlap: ${a.owner} ${a.from}–${a.to} and ${c.owner} ${c.from}–${c.to}`);
      }
    }
  }
  return errors;
}

function checkSymptoms(
  files: RawKnowledge['symptoms'],
  blocks: readonly Block[],
  errors: string[],
): SymptomPhrases {
  const labels = [...blocks.map((b) => b.id), NONE_LABEL];
  const out: Partial<Record<SymptomLocale, Record<string, readonly string[]>>> = {};
  for (const { file, data } of files) {
    const parsed = SymptomFileSchema.safeParse(data);
    if (!parsed.success) {
      errors.push(...zodErrors(file, parsed.error));
      continue;
    }
    const { locale, phrases } = parsed.data;
    if (out[locale]) errors.push(`${file}: locale ${locale} is defined twice`);
    for (const label of labels) if (!phrases[label]) errors.push(`${file}: no phrases for ${label}`);
    for (const label of Object.keys(phrases)) if (!labels.includes(label)) errors.push(`${file}: unknown label ${label}`);
    out[locale] = phrases;
  }
  for (const locale of SYMPTOM_LOCALES) if (!out[locale]) errors.push(`symptoms: locale ${locale} is missing`);
  return out as SymptomPhrases;
}

function checkUi(files: RawKnowledge['ui'], errors: string[]): Record<CatalogLocale, Messages> {
  const out: Partial<Record<CatalogLocale, Messages>> = {};
  for (const { file, data } of files) {
    const parsed = UiFileSchema.safeParse(data);
    if (!parsed.success) {
      errors.push(...zodErrors(file, parsed.error));
      continue;
    }
    const { locale, messages } = parsed.data;
    if (out[locale]) errors.push(`${file}: locale ${locale} is defined twice`);
    for (const key of MESSAGE_KEYS) if (!(key in messages)) errors.push(`${file}: message ${key} is missing`);
    for (const key of Object.keys(messages)) {
      if (!(MESSAGE_KEYS as readonly string[]).includes(key)) errors.push(`${file}: unknown message key ${key}`);
    }
    out[locale] = messages as Messages;
  }
  for (const locale of CATALOG_LOCALES) if (!out[locale]) errors.push(`ui: locale ${locale} is missing`);
  return out as Record<CatalogLocale, Messages>;
}
