import { z } from 'zod';
import { InputError } from '../errors/errors';
import { jsonShapeProblem } from './jsonShape';

const Account = z.looseObject({
  id: z.string().min(1).max(256),
  name: z.string().max(256).optional(),
  role: z.string().max(32).optional(),
});

const ServiceUrl = z
  .string()
  .max(2048)
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'expected an http(s) URL');

/**
 * The fields of a Bot Framework activity the bot and the adapter read, checked before anything runs. Other
 * fields pass through untouched (channels add their own); `value` and `channelData` are only bounded in shape.
 */
export const IncomingActivity = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(256).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: ServiceUrl,
  from: Account,
  recipient: Account,
  conversation: z.looseObject({ id: z.string().min(1).max(512), tenantId: z.string().max(64).optional() }),
  text: z.string().optional(),
  locale: z.string().max(64).optional(),
  deliveryMode: z.string().max(32).optional(),
  membersAdded: z.array(Account).max(50).optional(),
  membersRemoved: z.array(Account).max(50).optional(),
  attachments: z.array(z.unknown()).max(20).optional(),
  entities: z.array(z.unknown()).max(50).optional(),
});
export type IncomingActivity = z.infer<typeof IncomingActivity>;

/** The activity in a request body, or an InputError saying what is wrong with it. */
export function parseActivity(body: unknown): IncomingActivity {
  const shape = jsonShapeProblem(body);
  if (shape) throw new InputError(`Not a usable activity: ${shape}.`);
  const parsed = IncomingActivity.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw new InputError(`Not a usable activity: ${issues.join('; ')}.`);
  }
  return parsed.data;
}
