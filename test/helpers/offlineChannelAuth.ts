import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Bot Framework's channel authentication, offline: our own RSA key and OpenID metadata served on localhost,
 * endorsed for the given channels. `token` signs channel tokens the real CloudAdapter accepts.
 */
export interface OfflineChannelAuth {
  readonly channelAuth: { readonly ToBotFromChannelOpenIdMetadataUrl: string; readonly ToBotFromChannelTokenIssuer: string };
  token(appId: string, serviceUrl: string): string;
  close(): Promise<void>;
}

const ISSUER = 'https://api.botframework.com';
const KID = 'test-signing-key';

export async function startOfflineChannelAuth(endorsements: readonly string[]): Promise<OfflineChannelAuth> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const metadata: Server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${origin}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements }] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  const port = (metadata.address() as AddressInfo).port;
  const b64url = (data: string) => Buffer.from(data).toString('base64url');
  return {
    channelAuth: { ToBotFromChannelOpenIdMetadataUrl: `http://127.0.0.1:${port}/.well-known/openidconfiguration`, ToBotFromChannelTokenIssuer: ISSUER },
    token(appId, serviceUrl) {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: ISSUER, aud: appId, nbf: now - 60, exp: now + 3600, serviceurl: serviceUrl };
      const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID }))}.${b64url(JSON.stringify(claims))}`;
      return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    },
    close: () => new Promise<void>((resolve) => metadata.close(() => resolve())),
  };
}
