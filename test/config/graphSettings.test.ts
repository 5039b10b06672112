import { loadConfig } from '../../src/config/config';

describe('Graph settings', () => {
  it('is off by default, on graph.microsoft.com, with bounded waits and pages', () => {
    const c = loadConfig({});
    expect(c.GRAPH_OAUTH_CONNECTION).toBe('');
    expect(c.GRAPH_ENDPOINT).toBe('https://graph.microsoft.com');
    expect(c.GRAPH_TIMEOUT_MS).toBe(20_000);
    expect(c.GRAPH_MAX_PAGES).toBe(20);
    expect(c.GRAPH_MAX_ITEMS).toBe(50_000);
    expect(c.GRAPH_MAX_RETRIES).toBe(3);
    expect(c.GRAPH_AUDIT_WAIT_MS).toBe(10_000);
  });

  it('keeps the origin of the endpoint and takes http on a loopback address outside production', () => {
    expect(loadConfig({ GRAPH_ENDPOINT: 'https://graph.microsoft.us/v1.0/' }).GRAPH_ENDPOINT).toBe('https://graph.microsoft.us');
    expect(loadConfig({ GRAPH_ENDPOINT: 'http://127.0.0.1:8123' }).GRAPH_ENDPOINT).toBe('http://127.0.0.1:8123');
  });

  it.each([
    ['GRAPH_ENDPOINT', 'http://graph.microsoft.com'],
    ['GRAPH_ENDPOINT', 'graph.microsoft.com'],
    ['GRAPH_TIMEOUT_MS', '5'],
    ['GRAPH_MAX_PAGES', '0'],
    ['GRAPH_MAX_RETRIES', '50'],
  ])('refuses %s=%s by name', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('needs a bot registration for the OAuth connection', () => {
    expect(() => loadConfig({ GRAPH_OAUTH_CONNECTION: 'graph' })).toThrow(/GRAPH_OAUTH_CONNECTION: needs MicrosoftAppId/);
    expect(loadConfig({ GRAPH_OAUTH_CONNECTION: 'graph', MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' }).GRAPH_OAUTH_CONNECTION).toBe('graph');
  });

  it('requires https in production, even on a loopback address', () => {
    const production = { NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', TRIAGE_API: 'off', HOST: '0.0.0.0' };
    expect(() => loadConfig({ ...production, GRAPH_ENDPOINT: 'http://127.0.0.1:8123' })).toThrow(/GRAPH_ENDPOINT: https is required in production/);
    expect(loadConfig({ ...production, GRAPH_OAUTH_CONNECTION: 'graph' }).GRAPH_OAUTH_CONNECTION).toBe('graph');
  });
});
