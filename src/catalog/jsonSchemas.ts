import { z } from 'zod';
import { BlockSchema, CommandsFileSchema, OtherCodesFileSchema, PrerequisitesFileSchema, QuestionsFileSchema, SymptomFileSchema, UiFileSchema } from './schema';

/** JSON Schemas that let editors check the knowledge files; generated from the zod schemas. */
export function knowledgeJsonSchemas(): Record<string, unknown> {
  const gen = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  return {
    'block.schema.json': gen(BlockSchema),
    'prerequisites.schema.json': gen(PrerequisitesFileSchema),
    'other-codes.schema.json': gen(OtherCodesFileSchema),
    'symptoms.schema.json': gen(SymptomFileSchema),
    'ui.schema.json': gen(UiFileSchema),
    'questions.schema.json': gen(QuestionsFileSchema),
    'commands.schema.json': gen(CommandsFileSchema),
  };
}
