import { LRUCache } from 'lru-cache';
import { ConnectorFactory, type ClaimsIdentity, type ConnectorClient, type UserTokenClient } from 'botframework-connector';

/** Service URLs kept at once: a Teams bot talks to a handful of regional endpoints; anything past this is dropped oldest first. */
const MAX_CLIENTS = 64;

/** The bot's app id a turn's claims speak for (as the SDK reads it): the token's audience, else its appid claim. */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

/**
 * Connector and user-token clients shared between turns. The SDK builds a new ConnectorClient and a new
 * UserTokenClient — credentials, an HTTP pipeline of about a dozen policies each — for every activity, even when the
 * reply goes back in the HTTP response and neither is ever called; that was about a quarter of a plain dialog bot's
 * turn. A client holds no per-turn data (its credentials cache the token by themselves), so one per bot app id,
 * service URL and audience serves every turn. Bounded, because in local mode the service URL is whatever the caller
 * wrote. A client whose build failed is not kept: the next turn tries again.
 */
export class ConnectorClients {
  private readonly clients = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_CLIENTS });
  private readonly tokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: MAX_CLIENTS });

  /** A factory for the turns of `claims` that hands out the shared clients, building them with `inner` when missing. */
  factoryFor(claims: ClaimsIdentity, inner: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claims);
    const shared = (key: string, build: () => Promise<ConnectorClient>) => this.shared(this.clients, key, build);
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return shared(JSON.stringify([appId, serviceUrl, audience ?? null]), () => inner.create(serviceUrl, audience));
      }
    })();
  }

  /** The user-token client for the turns of `claims`, built with `build` when missing. */
  userTokenClient(claims: ClaimsIdentity, build: () => Promise<UserTokenClient>): Promise<UserTokenClient> {
    return this.shared(this.tokenClients, appIdOf(claims), build);
  }

  private shared<T>(cache: LRUCache<string, Promise<T>>, key: string, build: () => Promise<T>): Promise<T> {
    let client = cache.get(key);
    if (!client) {
      const building = build();
      client = building;
      cache.set(key, building);
      building.catch(() => cache.get(key) === building && cache.delete(key));
    }
    return client;
  }

  /** How many clients are kept (tests). */
  get size(): number {
    return this.clients.size + this.tokenClients.size;
  }
}
