import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Catalog } from '../catalog/catalog';
import { sendHtml } from './sendHtml';
import { webChatPage, type DirectLineMode } from './webChatPage';

/** GET / (the help-portal page) and GET /webchat.js (Web Chat's own bundle from npm, cached by the browser). */
export function mountWebChat(server: Server, catalog: Catalog, mode: DirectLineMode): void {
  const page = webChatPage(catalog, mode);
  // In production Web Chat talks to Azure Bot Service's Direct Line; locally only to this server.
  // blob: lets Direct Line JS read a file the user attached (it fetches the file's blob: URL to upload it).
  const connect = mode === 'azure' ? "'self' blob: https://*.botframework.com wss://*.botframework.com" : "'self' blob:";
  // The package's "exports" hide dist/; its CommonJS entry (lib/index.js) tells where the package is.
  const bundle = join(dirname(dirname(require.resolve('botframework-webchat'))), 'dist', 'webchat.js');
  server.get('/', async (_req: Request, res: Response) => {
    sendHtml(res, page, `default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src ${connect}`);
  });
  server.get('/webchat.js', async (_req: Request, res: Response) => {
    res.setHeader('content-type', 'application/javascript; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=86400');
    res.writeHead(200);
    await new Promise<void>((resolve, reject) => createReadStream(bundle).on('error', reject).on('end', resolve).pipe(res));
  });
}
