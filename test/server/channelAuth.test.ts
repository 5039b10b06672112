import { createSign, createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/config';

jest.setTimeout(120_000);

/**
 * Channel authentication, offline: our own RSA keys and OpenID metadata served on localhost stand in for the
 * Bot Framework's. Every bad token gets 401 (never 500) and the bot does not run.
 */
const APP_ID = '5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190';
const ISSUER = 'https://api.botframework.com';
const KID = 'test-signing-key';
const CHANNEL = 'webchat';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function jwt(payload: object, options: { alg?: string; kid?: string; key?: KeyObject; hmacSecret?: string } = {}): string {
  const header = { alg: options.alg ?? 'RS256', typ: 'JWT', kid: options.kid ?? KID };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (header.alg === 'none') return `${input}.`;
  if (options.hmacSecret !== undefined) return `${input}.${createHmac('sha256', options.hmacSecret).update(input).digest('base64url')}`;
  const signer = createSign('RSA-SHA256');
  signer.update(input);
  return `${input}.${signer.sign(options.key ?? privateKey).toString('base64url')}`;
}

let metadata: Server;
let metadataUrl: string;
let app: App;
let base: string;
let turns = 0;

beforeAll(async () => {
  const jwk = publicKey.export({ format: 'jwk' });
  metadata = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${origin}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: [CHANNEL] }] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/.well-known/openidconfiguration`;
  const config = loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'unused-in-these-tests' });
  app = createApp(config, {
    storage: new InMemoryStorage(),
    channelAuth: { ToBotFromChannelOpenIdMetadataUrl: metadataUrl, ToBotFromChannelTokenIssuer: ISSUER },
    logDestination: { write: (line: string) => void (JSON.parse(line).msg === 'turn' && turns++) },
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
  await new Promise((resolve) => metadata.close(resolve));
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: object = {}) => ({ iss: ISSUER, aud: APP_ID, nbf: now() - 60, exp: now() + 3600, serviceurl: base, ...over });

async function send(authorization: string | null) {
  const body = {
    type: 'message',
    id: `m-${Math.random()}`,
    channelId: CHANNEL,
    serviceUrl: base,
    from: { id: 'user' },
    recipient: { id: 'bot' },
    conversation: { id: `auth-${Math.random()}` },
    text: '550 5.7.750',
    deliveryMode: 'expectReplies',
  };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  return fetch(`${base}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
}

it('accepts a valid channel token and runs the bot', async () => {
  const res = await send(`Bearer ${jwt(claims())}`);
  expect(res.status).toBe(200);
  expect(JSON.stringify(await res.json())).toContain('This looks like 5.7.750');
});

describe('refuses with 401, without running the bot', () => {
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  it.each<[string, () => string | null]>([
    ['no Authorization header', () => null],
    ['not a bearer token', () => 'Basic dXNlcjpwYXNz'],
    ['garbage', () => 'Bearer not.a.jwt'],
    ['alg none', () => `Bearer ${jwt(claims(), { alg: 'none' })}`],
    ['a signature from another key', () => `Bearer ${jwt(claims(), { key: other.privateKey })}`],
    ['an unknown key id', () => `Bearer ${jwt(claims(), { kid: 'someone-elses-key' })}`],
    ['HS256 signed with the public key as secret', () => `Bearer ${jwt(claims(), { alg: 'HS256', hmacSecret: pem })}`],
    ['an expired token', () => `Bearer ${jwt(claims({ nbf: now() - 7200, exp: now() - 3600 }))}`],
    ['a token not valid yet', () => `Bearer ${jwt(claims({ nbf: now() + 3600 }))}`],
    ['the wrong audience', () => `Bearer ${jwt(claims({ aud: '00000000-0000-0000-0000-000000000000' }))}`],
    ['the wrong issuer', () => `Bearer ${jwt(claims({ iss: 'https://attacker.example' }))}`],
    ['a serviceUrl claim that does not match the activity', () => `Bearer ${jwt(claims({ serviceurl: 'https://evil.example/' }))}`],
  ])('%s', async (_name, header) => {
    const before = turns;
    const res = await send(header());
    expect(res.status).toBe(401);
    expect(turns).toBe(before);
  });
});

describe('rate limit after authentication', () => {
  it('does not let forged requests naming a conversation use up its budget', async () => {
    const config = loadConfig({ ...process.env, STORAGE: 'memory', LOG_LEVEL: 'silent', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'unused-in-these-tests', RATE_LIMIT_PER_MINUTE: '1' });
    const limited = createApp(config, { storage: new InMemoryStorage(), channelAuth: { ToBotFromChannelOpenIdMetadataUrl: metadataUrl, ToBotFromChannelTokenIssuer: ISSUER } });
    await new Promise<void>((resolve) => limited.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(limited.server.address() as AddressInfo).port}`;
    const victim = (authorization: string | null) => {
      const body = { type: 'message', channelId: CHANNEL, serviceUrl: url, from: { id: 'victim' }, recipient: { id: 'bot' }, conversation: { id: 'victim-conversation' }, text: 'hello', deliveryMode: 'expectReplies' };
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      return fetch(`${url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.status);
    };
    try {
      const forged = [];
      for (let i = 0; i < 5; i++) forged.push(await victim(i % 2 === 0 ? null : `Bearer ${jwt(claims({ serviceurl: url }), { key: other.privateKey })}`));
      expect(forged).toEqual([401, 401, 401, 401, 401]);
      const token = `Bearer ${jwt(claims({ serviceurl: url }))}`;
      // The victim still has its whole burst (two turns at one a minute), and the limit does apply to it.
      expect([await victim(token), await victim(token), await victim(token)]).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
