import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { CATALOG_LOCALES } from '../catalog/schema';
import type { Config } from '../config/config';
import { triage, type TriageDeps } from '../recognize/triage';
import { messagesRoute, type MessagesOptions } from './messagesRoute';
import { problem } from './problem';
import type { Telemetry } from './telemetry';

const TriageRequest = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string().min(1, 'text must not be empty'),
  lang: z.enum(CATALOG_LOCALES).optional(),
});

export interface ServerParts {
  /** The bot endpoint; absent when the server only offers the triage API. */
  readonly messages?: MessagesOptions;
  /** Reports whether state storage answers (readiness). */
  readonly storageReady?: () => boolean | Promise<boolean>;
  /** Logs and metrics; GET /metrics serves its registry. */
  readonly telemetry?: Telemetry;
}

/** The HTTP surface: the bot endpoint, health and the triage API used by helpdesk tooling. Built, not started. */
export function createServer(config: Pick<Config, 'MAX_INPUT_BYTES'>, deps: TriageDeps, parts: ServerParts = {}): Server {
  const server = restify.createServer({ name: 'ndr-triage-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.MAX_INPUT_BYTES * 2, mapParams: false, rejectUnknown: true }));

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
    if (!storage) return problem(res, 503, 'Not ready', 'State storage does not answer.');
    res.send(200, { status: 'ready', blocks: deps.catalog.blocks.length, model: deps.recognizer.fingerprint });
  });
  if (parts.messages) server.post('/api/messages', messagesRoute(parts.messages).handler);
  const telemetry = parts.telemetry;
  if (telemetry) {
    server.get('/metrics', async (_req: Request, res: Response) => {
      res.setHeader('content-type', telemetry.registry.contentType);
      res.end(await telemetry.registry.metrics());
    });
    server.on('after', (req: Request, res: Response) => {
      telemetry.logger.info({ reqId: req.id(), method: req.method, path: req.path(), status: res.statusCode, ms: Date.now() - req.time() }, 'request');
    });
  }

  server.post('/api/triage', async (req: Request, res: Response) => {
    const parsed = TriageRequest.safeParse(req.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return problem(res, 400, 'Invalid triage request', detail);
    }
    try {
      const result = await triage(parsed.data.text, deps, { locale: parsed.data.lang, maxBytes: config.MAX_INPUT_BYTES });
      res.send(200, parsed.data.id === undefined ? result : { id: parsed.data.id, ...result });
    } catch (err) {
      problem(res, 500, 'Triage failed', (err as Error).message);
    }
  });

  server.on('restifyError', (req: Request, res: Response, err: { statusCode?: number; message: string }, next: () => void) => {
    const status = err.statusCode ?? 500;
    // restify answers its own errors (404, 405, 413, malformed JSON) as problem+json too.
    res.setHeader('content-type', 'application/problem+json');
    (err as { toJSON?: () => unknown }).toJSON = () => ({ type: 'about:blank', status, title: err.message, detail: `${req.method} ${req.url}` });
    next();
  });
  return server;
}
