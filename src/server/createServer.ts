import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { CATALOG_LOCALES } from '../catalog/schema';
import type { Config } from '../config/config';
import { triage, type TriageDeps } from '../recognize/triage';

const TriageRequest = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string().min(1, 'text must not be empty'),
  lang: z.enum(CATALOG_LOCALES).optional(),
});

/** An RFC 9457 problem body. */
function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status);
  res.setHeader('content-type', 'application/problem+json');
  res.end(JSON.stringify({ type: 'about:blank', status, title, detail }));
}

/** The HTTP surface: health and the triage API used by helpdesk tooling. Built, not started. */
export function createServer(config: Pick<Config, 'MAX_INPUT_BYTES'>, deps: TriageDeps): Server {
  const server = restify.createServer({ name: 'ndr-triage-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.MAX_INPUT_BYTES * 2, mapParams: false, rejectUnknown: true }));

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ready', blocks: deps.catalog.blocks.length, model: deps.recognizer.fingerprint });
  });

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
