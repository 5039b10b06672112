import type { Request, Response } from 'restify';
import { z } from 'zod';
import { buildCase } from '../case/buildCase';
import { CaseSummarySchema, type CaseSummary } from '../case/caseSummary';
import { blockById, type Catalog } from '../catalog/catalog';
import { explainCode } from '../catalog/explainCode';
import { fill } from '../catalog/messageKeys';
import { CATALOG_LOCALES, LIFTERS, type CatalogLocale } from '../catalog/schema';
import type { Config } from '../config/config';
import { InputError, RateLimitedError, RefusedError } from '../errors/errors';
import { findingText, problemText } from '../conversation/findingText';
import { catalogLocaleFor, triage, type TriageDeps, type TriageResult } from '../recognize/triage';
import { sendProblem } from './problem';
import { RateLimiter } from './rateLimiter';
import { sameSecret } from './sameSecret';

/** Standard base64 (with or without padding), once line breaks and spaces are taken out. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (s: string) => BASE64.test(s.replace(/\s+/g, ''));

export const TriageApiRequest = z
  .object({
    id: z.union([z.string().max(256), z.number()]).optional().describe('Your ticket id, returned as is'),
    text: z.string().min(1, 'text must not be empty').optional().describe('The NDR, a log line or a description of the problem, as text'),
    eml: z.string().min(1, 'eml must not be empty').optional().describe('An .eml file, base64-encoded'),
    lang: z.enum(CATALOG_LOCALES).optional().describe("Language of the explanation and the reply; default: the input's language, else en"),
  })
  .strict()
  .refine((r) => (r.text === undefined) !== (r.eml === undefined), { message: 'give exactly one of text and eml' })
  .refine((r) => r.eml === undefined || isBase64(r.eml), { message: 'eml must be base64', path: ['eml'] });
export type TriageApiRequest = z.infer<typeof TriageApiRequest>;

const Candidate = z.object({ block: z.string(), confidence: z.number() });
const Link = z.object({ url: z.string(), title: z.string() });

export const TriageApiResponse = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  block: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(Candidate).readonly(),
  needsConfirmation: z.boolean(),
  decidedBy: z.enum(['code', 'alert', 'symptoms', 'nothing']),
  codes: z.array(z.object({ smtp: z.string().nullable(), enhanced: z.string() })).readonly(),
  source: z.enum(['microsoft', 'other', 'unknown']),
  sourceHost: z.string().nullable(),
  language: z.string().nullable(),
  sender: z.string().nullable(),
  senderDomain: z.string().nullable(),
  tenantId: z.string().nullable().describe('The tenant id of an X-MS-Exchange-CrossTenant-Id header in the input, when there is one'),
  recipients: z.array(z.string()).readonly(),
  generatingServer: z.string().nullable(),
  diagnostic: z.string().nullable(),
  arrivalTime: z.string().nullable(),
  outOfScope: z.object({ code: z.string(), title: z.string(), explanation: z.string(), server: z.string().nullable() }).nullable(),
  truncated: z.boolean(),
  explanation: z
    .object({ title: z.string(), cause: z.string(), liftedBy: z.array(z.enum(LIFTERS)), duration: z.string().nullable(), steps: z.array(z.string()) })
    .nullable()
    .describe('What the block is, who lifts it, how long it lasts and the first steps; null when no block was found'),
  replyToUser: z.string().describe('A short first reply to the person who reported the bounce, in their language'),
  caseDraft: CaseSummarySchema.nullable().describe('The support case as far as the bounce tells (not ready: every prerequisite open); null without a block'),
  links: z.array(Link),
});
export type TriageApiResponse = z.infer<typeof TriageApiResponse>;

export type TriageApiConfig = Pick<Config, 'MAX_INPUT_BYTES' | 'CLIENT_RATE_LIMIT_PER_MINUTE' | 'RATE_LIMIT_MAX_KEYS' | 'TRIAGE_API_KEYS'>;

export interface TriageApiOptions {
  readonly clientKey: (req: Request) => string;
  readonly onError?: (err: unknown) => void;
  readonly now?: () => Date;
  readonly random?: () => number;
}

/**
 * POST /api/triage. With API keys configured, a request needs `Authorization: Bearer <key>` (compared in constant
 * time); each key (else each client address) has its own rate limit. Every refusal is a problem+json body.
 */
export function triageApi(config: TriageApiConfig, deps: TriageDeps, options: TriageApiOptions) {
  const keys = config.TRIAGE_API_KEYS;
  const limiter = new RateLimiter(config.CLIENT_RATE_LIMIT_PER_MINUTE, config.CLIENT_RATE_LIMIT_PER_MINUTE, { maxKeys: config.RATE_LIMIT_MAX_KEYS });
  return async (req: Request, res: Response): Promise<void> => {
    let caller = `ip:${options.clientKey(req)}`;
    if (keys.length > 0) {
      const given = /^Bearer ([^\s]+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
      const index = keys.findIndex((k) => sameSecret(given, k));
      if (index < 0) {
        res.setHeader('www-authenticate', 'Bearer realm="ndr-triage"');
        return sendProblem(res, new RefusedError('unauthorized', 'POST /api/triage needs an API key: Authorization: Bearer <key> (TRIAGE_API_KEYS).'));
      }
      caller = `key:${index}`;
    }
    const wait = limiter.take(caller);
    if (wait > 0) return sendProblem(res, new RateLimitedError(wait));
    const parsed = TriageApiRequest.safeParse(req.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return sendProblem(res, new InputError(`Invalid triage request: ${detail}`));
    }
    try {
      res.send(200, await answer(parsed.data, deps, config, options));
    } catch (err) {
      options.onError?.(err);
      sendProblem(res, err);
    }
  };
}

async function answer(request: TriageApiRequest, deps: TriageDeps, config: TriageApiConfig, options: TriageApiOptions): Promise<TriageApiResponse> {
  const input = request.eml !== undefined ? Buffer.from(request.eml, 'base64') : request.text!;
  if (request.eml !== undefined && input.length === 0) throw new InputError('Invalid triage request: eml: decodes to nothing');
  const result = await triage(input, deps, { locale: request.lang, maxBytes: config.MAX_INPUT_BYTES });
  const locale = request.lang ?? catalogLocaleFor(result.language);
  const explained = result.block ? explainCode(deps.catalog, result.block, locale) : null;
  const e = explained?.kind === 'found' ? explained.explanation : null;
  return {
    ...(request.id !== undefined ? { id: request.id } : {}),
    ...result,
    explanation: e ? { title: e.title, cause: e.cause, liftedBy: [...e.liftedBy], duration: e.duration, steps: [...e.steps] } : null,
    replyToUser: replyToUser(result, deps.catalog, locale),
    caseDraft: result.block ? caseDraft(result, typeof input === 'string' ? input : input.toString('utf8'), deps.catalog, locale, options) : null,
    links: e ? e.links.map((l) => ({ url: l.url, title: l.title })) : [],
  };
}

/** The first reply an agent can send to whoever reported the bounce: what it is and that it is being handled. */
export function replyToUser(result: TriageResult, catalog: Catalog, locale: CatalogLocale): string {
  const m = catalog.messages[locale];
  const block = result.block ? blockById(catalog, result.block) : undefined;
  if (block) return fill(m[result.needsConfirmation ? 'api.reply.confirm' : 'api.reply.block'], { code: block.id, title: block.title[locale] });
  if (result.outOfScope) return fill(m['api.reply.outOfScope'], { code: result.outOfScope.code, title: result.outOfScope.title });
  return m['api.reply.nothing'];
}

/** The case as far as the bounce goes: block, codes and NDR sample filled in, every prerequisite still open. */
function caseDraft(result: TriageResult, text: string, catalog: Catalog, locale: CatalogLocale, options: TriageApiOptions): CaseSummary | null {
  const block = blockById(catalog, result.block!);
  if (!block) return null;
  return buildCase(
    {
      triage: result,
      blockId: block.id,
      ndrText: text,
      tenant: { name: null, defaultDomain: null, id: null },
      contact: { name: null, email: null, phone: null },
      preferredLanguage: null,
      affectedUsers: null,
      impactDescription: null,
      blockStartedAt: null,
      prerequisites: block.prerequisites.map((id) => ({ id, outcome: { kind: 'skipped' as const } })),
      actionsTaken: [],
      summaryLanguage: locale,
    },
    {
      catalog,
      messages: catalog.messages[locale],
      findingText: (f) => findingText(catalog, locale, f, 'plain'),
      problemText: (p) => problemText(catalog, locale, p, 'plain'),
      random: options.random ?? Math.random,
      now: (options.now ?? (() => new Date()))(),
    },
  );
}
