import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';

/** One call the bot made to the connector. */
export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
}

/**
 * A Bot Connector service on localhost, as far as the bot uses it: create a conversation, send to a conversation,
 * reply to an activity. It records every call and answers with made-up ids.
 */
export interface FakeConnector {
  readonly url: string;
  readonly calls: ConnectorCall[];
  /** The id the next created conversation gets. */
  createdConversationId: string;
  /** When set, creating a conversation fails with this HTTP status (Teams refuses, e.g. the app is not installed for the user). */
  refuseCreate: number | null;
  close(): Promise<void>;
}

export const OUTBOUND_TOKEN = 'outbound-test-token';

export async function startFakeConnector(): Promise<FakeConnector> {
  let n = 0;
  const fake = {
    url: '',
    calls: [] as ConnectorCall[],
    createdConversationId: 'a:1new-personal-chat',
    refuseCreate: null as number | null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      fake.calls.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && path === '/v3/conversations') {
        if (fake.refuseCreate !== null) {
          res.statusCode = fake.refuseCreate;
          return res.end(JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'refused' } }));
        }
        return res.end(JSON.stringify({ id: fake.createdConversationId }));
      }
      if ((req.method === 'POST' || req.method === 'PUT') && path.startsWith('/v3/conversations/')) return res.end(JSON.stringify({ id: `sent-${n++}` }));
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Signs the bot's calls to the fake connector with a fixed token (no Microsoft Entra ID in tests). */
export class FixedTokenCredentials extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }
  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }
  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  override async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return request;
      },
    };
  }
}
