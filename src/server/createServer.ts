import pino, { type Logger } from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Config } from '../config/config';
import { packageVersion } from '../config/packageVersion';
import { kindOfStatus, problemOf } from '../errors/errorTable';
import { RefusedError, UnavailableError } from '../errors/errors';
import type { TriageDeps } from '../recognize/triage';
import { mountLegalPages, type LegalConfig } from './legalPages';
import { localOriginGuard } from './localOriginGuard';
import { messagesRoute, type MessagesOptions } from './messagesRoute';
import { sendProblem } from './problem';
import { openApiDocument } from './openApi';
import { sameSecret } from './sameSecret';
import { triageApi } from './triageApi';
import { readJsonBody } from './readJsonBody';
import { requireJson } from './requireJson';
import type { Telemetry } from './telemetry';

export type ServerConfig = Pick<Config, 'MAX_INPUT_BYTES' | 'CLIENT_RATE_LIMIT_PER_MINUTE' | 'RATE_LIMIT_MAX_KEYS' | 'METRICS_TOKEN' | 'TRIAGE_API' | 'TRIAGE_API_KEYS'> & LegalConfig;

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
  server.use(readJsonBody(config.MAX_INPUT_BYTES * 2));

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
    res.send(200, { status: 'ready', blocks: deps.catalog.blocks.length, model: deps.fingerprint ?? deps.recognizer.fingerprint });
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

  if (config.TRIAGE_API === 'on') {
    server.post('/api/triage', triageApi(config, deps, { clientKey, onError: (err) => telemetry?.logger.error({ err }, 'triage failed') }));
    // Generated once, on the first request: nothing is added to start-up.
    let openApi: Record<string, unknown> | undefined;
    server.get('/api/openapi.json', async (_req: Request, res: Response) => {
      openApi ??= openApiDocument(packageVersion());
      res.send(200, openApi);
    });
  }

  server.on('restifyError', (req: Request, res: Response, err: { statusCode?: number; message: string }, next: () => void) => {
    // restify answers its own errors (404, 405) with the same problem bodies as ours.
    const body = problemOf(kindOfStatus(err.statusCode ?? 500), `${req.method} ${req.path()}: ${err.message}`);
    res.setHeader('content-type', 'application/problem+json');
    (err as { toJSON?: () => unknown }).toJSON = () => body;
    next();
  });
  return server;
}
