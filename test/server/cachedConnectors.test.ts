import { ClaimsIdentity, ConnectorClient, ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import { ConnectorClients } from '../../src/server/cachedConnectors';

/** A factory that counts the clients it builds (and fails when told to). */
class CountingFactory extends ConnectorFactory {
  built: string[] = [];
  failNext = false;
  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.built.push(`${serviceUrl} ${audience ?? ''}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('credentials unavailable');
    }
    return new ConnectorClient({ signRequest: async (r: unknown) => r } as never, { baseUri: serviceUrl });
  }
}

const claims = (appId: string) => new ClaimsIdentity([{ type: 'aud', value: appId }], true);

describe('ConnectorClients', () => {
  it('hands every turn of one app, service URL and audience the same client, built once', async () => {
    const clients = new ConnectorClients();
    const inner = new CountingFactory();
    const first = await clients.factoryFor(claims('app-1'), inner).create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com');
    for (let i = 0; i < 50; i++) {
      // Each turn gets a fresh factory from the SDK, as CloudAdapter does.
      expect(await clients.factoryFor(claims('app-1'), new CountingFactory()).create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com')).toBe(first);
    }
    expect(inner.built).toHaveLength(1);
  });

  it('keeps clients apart by app id, service URL and audience', async () => {
    const clients = new ConnectorClients();
    const inner = new CountingFactory();
    const a = await clients.factoryFor(claims('app-1'), inner).create('https://a.example/', 'aud-1');
    const b = await clients.factoryFor(claims('app-2'), inner).create('https://a.example/', 'aud-1');
    const c = await clients.factoryFor(claims('app-1'), inner).create('https://b.example/', 'aud-1');
    const d = await clients.factoryFor(claims('app-1'), inner).create('https://a.example/', 'aud-2');
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect(inner.built).toHaveLength(4);
  });

  it('does not keep a client whose build failed: the next turn builds again', async () => {
    const clients = new ConnectorClients();
    const inner = new CountingFactory();
    inner.failNext = true;
    await expect(clients.factoryFor(claims('app-1'), inner).create('https://a.example/')).rejects.toThrow('credentials unavailable');
    await expect(clients.factoryFor(claims('app-1'), inner).create('https://a.example/')).resolves.toBeInstanceOf(ConnectorClient);
    expect(inner.built).toHaveLength(2);
    expect(clients.size).toBe(1);
  });

  it('stays bounded when callers write any service URL (local mode)', async () => {
    const clients = new ConnectorClients();
    const inner = new CountingFactory();
    for (let i = 0; i < 1000; i++) await clients.factoryFor(claims(''), inner).create(`http://127.0.0.1:${1000 + i}/`);
    expect(clients.size).toBeLessThanOrEqual(64);
  });

  it('shares one user-token client per app id', async () => {
    const clients = new ConnectorClients();
    let builds = 0;
    const build = async () => ({ built: ++builds }) as unknown as UserTokenClient;
    const one = await clients.userTokenClient(claims('app-1'), build);
    expect(await clients.userTokenClient(claims('app-1'), build)).toBe(one);
    expect(await clients.userTokenClient(claims('app-2'), build)).not.toBe(one);
    expect(builds).toBe(2);
  });
});
