import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors/errors';
import { projectRoot } from './projectRoot';
import { CANONICAL_GUID } from '../text/guid';

const root = projectRoot();

/** Every setting the triage core and its adapters read, parsed once from the environment. */
export const ConfigSchema = z.object({
  KNOWLEDGE_DIR: z.string().min(1).default(join(root, 'knowledge')),
  /** Where the trained symptom model is cached; retrained when the phrases change. */
  MODEL_CACHE: z.string().min(1).default(join(root, 'dist', 'model', 'recognizer.json')),
  /** Inputs longer than this are triaged on their first part only (and say so). */
  MAX_INPUT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(512 * 1024),
  /** Largest file a user may attach (Web Chat upload, Teams file download); more gets "too large" and is not read on. */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
  /**
   * Hosts the bot downloads Teams file attachments from, comma-separated: a host matches when it is one of them or
   * ends with "." and one of them. Only https, unless FILE_DOWNLOAD_ALLOW_HTTP (tests against a local server).
   */
  FILE_DOWNLOAD_HOSTS: z
    .string()
    .default('sharepoint.com,sharepoint.us,sharepoint-mil.us,sharepoint.cn,onedrive.com')
    .transform((s) => s.split(',').map((t) => t.trim().toLowerCase().replace(/^\.+/, '')).filter((t) => t !== ''))
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]{1,253}$/, 'expected host names, comma-separated'))),
  FILE_DOWNLOAD_ALLOW_HTTP: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** How long one file download may take, in milliseconds (connecting, redirects and the body). */
  FILE_DOWNLOAD_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Loopback by default: nothing is exposed to the network unless asked for. */
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Bot Framework registration; without an app id the bot runs in local mode (never in production). */
  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().trim().default(''),
  /** Where conversation state lives: a SQLite file (default) or memory (lost on restart; tests only). */
  STORAGE: z.enum(['sqlite', 'blob', 'memory']).default('sqlite'),
  /** Azure Blob Storage for several instances (STORAGE=blob). */
  BLOB_CONNECTION_STRING: z.string().default(''),
  BLOB_CONTAINER: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'expected a blob container name (3-63 lower-case letters, digits, dashes)').default('ndr-triage-state'),
  /** Azure Bot Service Direct Line secret: enables POST /api/directline/token (the secret never reaches a browser). */
  DIRECT_LINE_SECRET: z.string().default(''),
  DIRECT_LINE_ENDPOINT: z.url().default('https://directline.botframework.com/v3/directline'),
  /** Teams tenant ids allowed to use the bot, comma-separated; empty allows all. */
  ALLOWED_TENANTS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))
    .pipe(z.array(z.string().regex(CANONICAL_GUID, 'expected tenant ids (GUIDs), comma-separated'))),
  SQLITE_PATH: z.string().min(1).default(join(root, 'data', 'state.db')),
  /** Days a conversation is kept after its last turn before it is purged (state holds NDRs, names, phone numbers). */
  STATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Turns a conversation may take per minute (bursts of twice that); more get 429. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Requests per minute per client address on the unauthenticated routes (triage API, Direct Line token). */
  CLIENT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** How many callers each rate limiter remembers (least recently seen forgotten first): bounded memory. */
  RATE_LIMIT_MAX_KEYS: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  /**
   * API keys for POST /api/triage, comma-separated (each at least 16 characters), sent as `Authorization: Bearer
   * <key>`. Required in production unless TRIAGE_API is off; without keys (development) the API answers callers on
   * this machine, rate-limited per address.
   */
  TRIAGE_API_KEYS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter((k) => k !== ''))
    .refine((keys) => keys.every((k) => k.length >= 16), 'each key needs at least 16 characters'),
  /**
   * Threads the server triages on (each with its own copy of the catalog and model), so that reading a bounce never
   * holds up the other conversations; 0 triages on the event loop itself. `auto`: one thread when the machine has two
   * cores or more (a thread on a single core only adds its memory and the hand-over), else 0.
   */
  TRIAGE_THREADS: z
    .string()
    .trim()
    .default('auto')
    .refine((v) => v === 'auto' || (/^\d$/.test(v) && Number(v) <= 8), "expected 'auto' or a whole number from 0 to 8")
    .transform((v) => (v === 'auto' ? (availableParallelism() >= 2 ? 1 : 0) : Number(v))),
  /** Serve POST /api/triage (on) or not (off). */
  TRIAGE_API: z.enum(['on', 'off']).default('on'),
  /** Bearer token GET /metrics requires; without one, /metrics is served in local mode only. */
  METRICS_TOKEN: z.string().default('').refine((t) => t === '' || t.length >= 16, 'expected at least 16 characters'),
  /** ServiceNow instance a finished case can be handed off to, e.g. https://acme.service-now.com (an incident per case). */
  SERVICENOW_INSTANCE: z.string().trim().default(''),
  /** Basic authentication for ServiceNow (or SERVICENOW_TOKEN). */
  SERVICENOW_USER: z.string().default(''),
  SERVICENOW_PASSWORD: z.string().default(''),
  /** OAuth bearer token for ServiceNow, instead of a user and password. */
  SERVICENOW_TOKEN: z.string().default(''),
  /** Extra incident fields as a JSON object of field → value, e.g. {"category":"email","assignment_group":"Messaging"}. */
  SERVICENOW_FIELDS: z
    .string()
    .default('')
    .transform((s, ctx) => {
      if (s.trim() === '') return {};
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object of field names to text values' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().regex(/^[a-z_][a-z0-9_]{0,79}$/, 'expected ServiceNow field names (lower case, digits, _)'), z.string().max(4000))),
  /** A helpdesk's webhook a finished case can be handed off to (POST of the case, signed with HELPDESK_WEBHOOK_SECRET). */
  HELPDESK_WEBHOOK_URL: z.string().trim().default(''),
  /** Shared secret of the webhook signature (HMAC-SHA256), at least 32 characters. */
  HELPDESK_WEBHOOK_SECRET: z.string().default('').refine((t) => t === '' || t.length >= 32, 'expected at least 32 characters'),
  /** Hand-off retries: the first waits about HANDOFF_RETRY_BASE_MS, each next twice as long, up to HANDOFF_RETRY_MAX_MS. */
  HANDOFF_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
  HANDOFF_RETRY_MAX_MS: z.coerce.number().int().min(10).max(24 * 3_600_000).default(15 * 60_000),
  /** Attempts in all before a hand-off is given up (failed). */
  HANDOFF_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  /** The longest one delivery attempt may take. */
  HANDOFF_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Deliveries at once (the bot's worker, and `ndr-triage batch --webhook`). */
  HANDOFF_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * "Connect your tenant": the Azure Bot OAuth connection the admin signs in with, to read prerequisites live through
   * Microsoft Graph. Empty (the default) turns the feature off: nothing is offered and Graph is never called.
   */
  GRAPH_OAUTH_CONNECTION: z.string().trim().max(200).default(''),
  /** Microsoft Graph's root; https (http only on a loopback address outside production, for tests). */
  GRAPH_ENDPOINT: z
    .url()
    .default('https://graph.microsoft.com')
    .transform((u) => new URL(u).origin)
    .refine((o) => o.startsWith('https://') || (o.startsWith('http://') && isLoopback(new URL(o).hostname)), 'expected an https URL (http only on a loopback address)'),
  /** How long one Graph request may take, in milliseconds. */
  GRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  /** Pages one Graph list is read for (@odata.nextLink); past this the result says it is partial. */
  GRAPH_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(20),
  /** Items one Graph list is read for; past this the result says it is partial. */
  GRAPH_MAX_ITEMS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  /** Retries of a throttled (429) or unavailable (503) Graph request, waiting as Retry-After says (bounded). */
  GRAPH_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /**
   * How long a turn waits for the Purview audit search before falling back to the paste, in milliseconds. Short by
   * default: a channel waits for the turn, and a search still running is looked at again later.
   */
  GRAPH_AUDIT_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log what users type (debugging only: NDRs hold addresses and names). */
  LOG_MESSAGE_TEXT: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment; a bad value is reported by name with what was expected. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new InputError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && c.MicrosoftAppId === '') {
    throw new InputError('Invalid configuration:\n  MicrosoftAppId: required in production (local mode, without channel authentication, is for development only)');
  }
  if (c.NODE_ENV === 'production' && c.TRIAGE_API === 'on' && c.TRIAGE_API_KEYS.length === 0) {
    throw new InputError('Invalid configuration:\n  TRIAGE_API_KEYS: required in production while TRIAGE_API is on (or set TRIAGE_API=off)');
  }
  if (c.MicrosoftAppId === '' && !isLoopback(c.HOST)) {
    throw new InputError(
      `Invalid configuration:\n  HOST: "${c.HOST}" is not a loopback address; local mode (no MicrosoftAppId, no channel authentication) only binds to 127.0.0.1, ::1 or localhost`,
    );
  }
  if (c.MicrosoftAppId !== '' && c.MicrosoftAppType !== 'UserAssignedMSI' && c.MicrosoftAppPassword === '') {
    throw new InputError('Invalid configuration:\n  MicrosoftAppPassword: required with MicrosoftAppId');
  }
  if (c.STORAGE === 'blob' && c.BLOB_CONNECTION_STRING === '') {
    throw new InputError('Invalid configuration:\n  BLOB_CONNECTION_STRING: required when STORAGE is blob');
  }
  if (c.GRAPH_OAUTH_CONNECTION !== '' && c.MicrosoftAppId === '') {
    throw new InputError('Invalid configuration:\n  GRAPH_OAUTH_CONNECTION: needs MicrosoftAppId (the OAuth connection belongs to the Azure Bot registration; local mode has no token service)');
  }
  if (c.NODE_ENV === 'production' && !c.GRAPH_ENDPOINT.startsWith('https://')) {
    throw new InputError('Invalid configuration:\n  GRAPH_ENDPOINT: https is required in production');
  }
  if (c.MicrosoftAppType === 'SingleTenant' && c.MicrosoftAppTenantId === '') {
    throw new InputError('Invalid configuration:\n  MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant');
  }
  for (const problem of handoffProblems(c)) throw new InputError(`Invalid configuration:\n  ${problem}`);
  return c;
}

/** What is wrong with the hand-off settings, one line per setting (nothing when no hand-off is configured). */
function handoffProblems(c: Config): string[] {
  const problems: string[] = [];
  const url = (name: 'SERVICENOW_INSTANCE' | 'HELPDESK_WEBHOOK_URL') => {
    let parsed: URL;
    try {
      parsed = new URL(c[name]);
    } catch {
      return problems.push(`${name}: expected an https URL`);
    }
    if (parsed.protocol !== 'https:' && (c.NODE_ENV === 'production' || parsed.protocol !== 'http:')) {
      problems.push(`${name}: expected an https URL${c.NODE_ENV === 'production' ? ' (plain http is refused in production)' : ''}`);
    } else if (parsed.username !== '' || parsed.password !== '') {
      problems.push(`${name}: credentials do not belong in the URL`);
    }
    return problems.length;
  };
  if (c.SERVICENOW_INSTANCE !== '' && c.HELPDESK_WEBHOOK_URL !== '') {
    problems.push('SERVICENOW_INSTANCE, HELPDESK_WEBHOOK_URL: set one hand-off target, not both');
  }
  if (c.SERVICENOW_INSTANCE !== '') {
    url('SERVICENOW_INSTANCE');
    const basic = c.SERVICENOW_USER !== '' || c.SERVICENOW_PASSWORD !== '';
    if (basic && c.SERVICENOW_TOKEN !== '') problems.push('SERVICENOW_TOKEN: set a token or SERVICENOW_USER and SERVICENOW_PASSWORD, not both');
    else if (basic && (c.SERVICENOW_USER === '' || c.SERVICENOW_PASSWORD === '')) problems.push('SERVICENOW_USER, SERVICENOW_PASSWORD: both are needed for basic authentication');
    else if (!basic && c.SERVICENOW_TOKEN === '') problems.push('SERVICENOW_TOKEN: required with SERVICENOW_INSTANCE (or SERVICENOW_USER and SERVICENOW_PASSWORD)');
  }
  if (c.HELPDESK_WEBHOOK_URL !== '') {
    url('HELPDESK_WEBHOOK_URL');
    if (c.HELPDESK_WEBHOOK_SECRET === '') problems.push('HELPDESK_WEBHOOK_SECRET: required with HELPDESK_WEBHOOK_URL (at least 32 characters)');
  }
  if (c.HANDOFF_RETRY_MAX_MS < c.HANDOFF_RETRY_BASE_MS) problems.push('HANDOFF_RETRY_MAX_MS: must not be less than HANDOFF_RETRY_BASE_MS');
  return problems;
}

/** 127.0.0.0/8, ::1 and localhost: addresses nobody else on the network can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
