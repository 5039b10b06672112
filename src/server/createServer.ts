import { timingSafeEqual } from 'node:crypto';
import pino, { type Logger } from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { CATALOG_LOCALES } from '../catalog/schema';
import type { Config } from '../config/config';
import { kindOfStatus, problemOf } from '../errors/errorTable';
import { InputError, RateLimitedError, RefusedError, UnavailableError } from '../errors/errors';
import { triage, type TriageDeps } from '../recognize/triage';
import { mountLegalPages, type LegalConfig } from './legalPages';
import { localOriginGuard } from './localOriginGuard';
import { messagesRoute, type MessagesOptions } from './messagesRoute';
import { sendProblem } from './problem';
import { RateLimiter } from './rateLimiter';
import { requireJson } from './requireJson';
import type { Telemetry } from './telemetry';

const TriageRequest = z.object({
  id: z.union([z.string().max(256), z.number()]).optional(),
  text: z.string().min(1, 'text must not be empty'),
  lang: z.enum(CATALOG_LOCALES).optional(),
});

export type ServerConfig = Pick<Config, 'MAX_INPUT_BYTES' | 'CLIENT_RATE_LIMIT_PER_MINUTE' | 'RATE_LIMIT_MAX_KEYS' | 'METRICS_TOKEN'> & LegalConfig;

export interface ServerParts {
  /** The bot endpoint; absent when the server only offers the triage API. */
  readonly messages?: MessagesOptions;
  /** Reports whether state storage answers (readiness). */
  readonly storageReady?: () => boolean | Promise<boolean>;
  /** Logs and metrics; GET /metrics serves its registry. */
  readonly telemetry?: Telemetry;
  /** Local mode: our port, to answer only requests addressed to this machine (Host and Origin checked). */
  readonly localPort?: () => number;
}

/** Who is asking, for per-client limits: the peer address (a proxy in front makes every client one). */
export function clientKey(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * restify logs some failures with the whole request (body and headers included): its logger only ever gets
 * the method and path of a request and the name of an error.
 */
function httpLogger(logger: Logger | undefined): Logger {
  const serializers = {
    req: (req: { method?: string; url?: string }) => ({ method: req.method, path: (req.url ?? '').split('?')[0] }),
    err: (err: { name?: string; statusCode?: number }) => ({ name: err.name, statusCode: err.statusCode }),
    value: () => '[not logged]',
  };
  return logger ? logger.child({ component: 'http' }, { serializers }) : pino({ level: 'silent' });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The HTTP surface: the bot endpoint, health, the triage API used by helpdesk tooling, the privacy and terms pages. Built, not started. */
export function createServer(config: ServerConfig, deps: TriageDeps, parts: ServerParts = {}): Server {
  const server = restify.createServer({
    name: 'ndr-triage-bot',
    handleUncaughtExceptions: false,
    // @types/restify still describes restify 7's bunyan logger; restify 11 logs through pino.
    log: httpLogger(parts.telemetry?.logger) as unknown as restify.ServerOptions['log'],
    formatters: { 'application/problem+json': (_req: Request, _res: Response, body: unknown) => JSON.stringify(body) },
  });
  if (parts.localPort) server.pre(localOriginGuard(parts.localPort));
  server.use(requireJson);
  server.use(restify.plugins.bodyReader({ maxBodySize: config.MAX_INPUT_BYTES * 2 }));
  server.use(restify.plugins.jsonBodyParser({ mapParams: false, bodyReader: true }));

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    let storage = true;
    try {
      storage = (await parts.storageReady?.()) ?? true;
    } catch {
      storage = false;
    }
    if (!storage) return sendProblem(res, new UnavailableError('State storage does not answer.'));
    res.send(200, { status: 'ready', blocks: deps.catalog.blocks.length, model: deps.recognizer.fingerprint });
  });
  mountLegalPages(server, config, deps.catalog);
  if (parts.messages) server.post('/api/messages', messagesRoute(parts.messages).handler);
  const telemetry = parts.telemetry;
  if (telemetry && (config.METRICS_TOKEN !== '' || parts.localPort)) {
    // With a token, /metrics wants it; without one it exists only in local mode (loopback, this machine).
    server.get('/metrics', async (req: Request, res: Response) => {
      const given = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
      if (config.METRICS_TOKEN !== '' && !sameSecret(given, config.METRICS_TOKEN)) {
        return sendProblem(res, new RefusedError('unauthorized', 'GET /metrics needs the METRICS_TOKEN bearer token.'));
      }
      res.setHeader('content-type', telemetry.registry.contentType);
      res.end(await telemetry.registry.metrics());
    });
  }
  if (telemetry) {
    server.on('after', (req: Request, res: Response) => {
      telemetry.logger.info({ reqId: req.id(), method: req.method, path: req.path(), status: res.statusCode, ms: Date.now() - req.time() }, 'request');
    });
  }

  const triageLimiter = new RateLimiter(config.CLIENT_RATE_LIMIT_PER_MINUTE, config.CLIENT_RATE_LIMIT_PER_MINUTE, { maxKeys: config.RATE_LIMIT_MAX_KEYS });
  server.post('/api/triage', async (req: Request, res: Response) => {
    const wait = triageLimiter.take(clientKey(req));
    if (wait > 0) return sendProblem(res, new RateLimitedError(wait));
    const parsed = TriageRequest.safeParse(req.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return sendProblem(res, new InputError(`Invalid triage request: ${detail}`));
    }
    try {
      const result = await triage(parsed.data.text, deps, { locale: parsed.data.lang, maxBytes: config.MAX_INPUT_BYTES });
      res.send(200, parsed.data.id === undefined ? result : { id: parsed.data.id, ...result });
    } catch (err) {
      telemetry?.logger.error({ err }, 'triage failed');
      sendProblem(res, err);
    }
  });

  server.on('restifyError', (req: Request, res: Response, err: { statusCode?: number; message: string }, next: () => void) => {
    // restify answers its own errors (404, 405, 413, malformed JSON) with the same problem bodies as ours.
    const body = problemOf(kindOfStatus(err.statusCode ?? 500), err.statusCode === 400 ? 'The body is not valid JSON.' : `${req.method} ${req.path()}: ${err.message}`);
    res.setHeader('content-type', 'application/problem+json');
    (err as { toJSON?: () => unknown }).toJSON = () => body;
    next();
  });
  return server;
}
