import { loadConfig } from '../../src/config/config';
import { handoffSettings } from '../../src/handoff/handoffSettings';

const SECRET = 'x'.repeat(32);
const PROD = { NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', TRIAGE_API: 'off', HOST: '0.0.0.0' };

describe('hand-off settings', () => {
  it('no target by default: the bot offers no hand-off', () => {
    const s = handoffSettings(loadConfig({}));
    expect(s.target).toBeNull();
    expect(s.policy).toEqual({ baseMs: 5000, maxMs: 900_000, maxAttempts: 10, timeoutMs: 15_000 });
    expect(s.concurrency).toBe(4);
  });

  it('ServiceNow with a token, or a user and password, and extra fields', () => {
    expect(handoffSettings(loadConfig({ SERVICENOW_INSTANCE: 'https://acme.service-now.com', SERVICENOW_TOKEN: 't' })).target?.name).toBe('servicenow');
    const c = loadConfig({ SERVICENOW_INSTANCE: 'https://acme.service-now.com', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p', SERVICENOW_FIELDS: '{"category":"email","assignment_group":"Messaging"}' });
    expect(c.SERVICENOW_FIELDS).toEqual({ category: 'email', assignment_group: 'Messaging' });
    expect(handoffSettings(c).target?.name).toBe('servicenow');
  });

  it('the webhook with its secret', () => {
    expect(handoffSettings(loadConfig({ ...PROD, HELPDESK_WEBHOOK_URL: 'https://helpdesk.example/hooks/ndr', HELPDESK_WEBHOOK_SECRET: SECRET })).target?.name).toBe('webhook');
  });

  it.each<[string, Record<string, string>, string]>([
    ['both targets', { SERVICENOW_INSTANCE: 'https://a.service-now.com', SERVICENOW_TOKEN: 't', HELPDESK_WEBHOOK_URL: 'https://h.example', HELPDESK_WEBHOOK_SECRET: SECRET }, 'SERVICENOW_INSTANCE, HELPDESK_WEBHOOK_URL: set one hand-off target, not both'],
    ['ServiceNow without credentials', { SERVICENOW_INSTANCE: 'https://a.service-now.com' }, 'SERVICENOW_TOKEN: required with SERVICENOW_INSTANCE'],
    ['a user without a password', { SERVICENOW_INSTANCE: 'https://a.service-now.com', SERVICENOW_USER: 'u' }, 'SERVICENOW_USER, SERVICENOW_PASSWORD: both are needed'],
    ['a token and a user', { SERVICENOW_INSTANCE: 'https://a.service-now.com', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p', SERVICENOW_TOKEN: 't' }, 'SERVICENOW_TOKEN: set a token or'],
    ['not a URL', { SERVICENOW_INSTANCE: 'acme', SERVICENOW_TOKEN: 't' }, 'SERVICENOW_INSTANCE: expected an https URL'],
    ['ftp', { HELPDESK_WEBHOOK_URL: 'ftp://h.example/x', HELPDESK_WEBHOOK_SECRET: SECRET }, 'HELPDESK_WEBHOOK_URL: expected an https URL'],
    ['credentials in the URL', { HELPDESK_WEBHOOK_URL: 'https://u:p@h.example/x', HELPDESK_WEBHOOK_SECRET: SECRET }, 'HELPDESK_WEBHOOK_URL: credentials do not belong in the URL'],
    ['http in production', { ...PROD, HELPDESK_WEBHOOK_URL: 'http://h.example/x', HELPDESK_WEBHOOK_SECRET: SECRET }, 'HELPDESK_WEBHOOK_URL: expected an https URL (plain http is refused in production)'],
    ['a webhook without a secret', { HELPDESK_WEBHOOK_URL: 'https://h.example/x' }, 'HELPDESK_WEBHOOK_SECRET: required with HELPDESK_WEBHOOK_URL'],
    ['a short secret', { HELPDESK_WEBHOOK_URL: 'https://h.example/x', HELPDESK_WEBHOOK_SECRET: 'short' }, 'HELPDESK_WEBHOOK_SECRET: expected at least 32 characters'],
    ['fields that are no JSON object', { SERVICENOW_FIELDS: '[1,2]' }, 'SERVICENOW_FIELDS: '],
    ['fields that are no JSON', { SERVICENOW_FIELDS: '{category: email}' }, 'SERVICENOW_FIELDS: expected a JSON object'],
    ['a field name that is not one', { SERVICENOW_FIELDS: '{"Category!":"x"}' }, 'SERVICENOW_FIELDS'],
    ['a max below the base', { HANDOFF_RETRY_BASE_MS: '10000', HANDOFF_RETRY_MAX_MS: '5000' }, 'HANDOFF_RETRY_MAX_MS: must not be less than'],
    ['no attempts', { HANDOFF_MAX_ATTEMPTS: '0' }, 'HANDOFF_MAX_ATTEMPTS: '],
  ])('refuses %s, saying which setting', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(`Invalid configuration:\n  ${message}`);
  });

  it('plain http is fine outside production (a test helpdesk on this machine)', () => {
    expect(loadConfig({ HELPDESK_WEBHOOK_URL: 'http://127.0.0.1:8080/hook', HELPDESK_WEBHOOK_SECRET: SECRET }).HELPDESK_WEBHOOK_URL).toBe('http://127.0.0.1:8080/hook');
  });
});
