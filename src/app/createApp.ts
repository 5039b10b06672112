import {
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Dialog } from 'botbuilder-dialogs';
import type { DestinationStream } from 'pino';
import type { Server } from 'restify';
import { createFileReader } from '../bot/attachedFiles';
import type { Config } from '../config/config';
import { renderPart } from '../conversation/renderPart';
import { ERROR_TABLE, kindOf } from '../errors/errorTable';
import { catalogLocaleFor } from '../recognize/triage';
import { createServer } from '../server/createServer';
import { mountDirectLineToken } from '../server/directLineToken';
import { LOCAL_DIRECT_LINE_SECRET_KEY, mountLocalDirectLine } from '../server/localDirectLine';
import { RateLimiter } from '../server/rateLimiter';
import { mountWebChat } from '../server/webChat';
import { StrictChannelAuthentication } from '../server/strictChannelAuthentication';
import { createTelemetry, hashId } from '../server/telemetry';
import type { TriageSession } from '../conversation/session';
import type { BlobStorage } from '../storage/blobStorage';
import { TurnAdapter } from '../bot/turnAdapter';
import type { CasStorage } from '../storage/casStorage';
import { InMemoryStorage } from '../storage/inMemoryStorage';
import { startRetention, type Retention } from '../storage/retention';
import { SqliteStorage } from '../storage/sqliteStorage';
import { caseHandoff } from '../handoff/caseHandoff';
import { handoffSettings } from '../handoff/handoffSettings';
import { Outbox, OUTBOX_INDEX_KEY } from '../handoff/outbox';
import { OutboxWorker } from '../handoff/outboxWorker';
import { createBot } from './createBot';
import { createThreadedTriageDeps, createTriageDeps } from './createTriageDeps';
import { createTriagePool, type TriagePool } from '../batch/triagePool';
import type { TriageDeps } from '../recognize/triage';
import { prepareStateFile } from './prepareStateFile';
import type { GraphDialogDeps } from '../../dialogs/dialogDeps';
import type { FetchLike } from '../graph/graphClient';
import type { TriageBot } from '../bot/triageBot';

/** How often stored conversations older than STATE_RETENTION_DAYS are purged (also once at start). */
const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** How often the hand-off worker looks for due jobs when nothing was enqueued (also right after listening). */
const HANDOFF_POLL_MS = 2000;

export interface App {
  readonly server: Server;
  /** The bot the channel adapter runs (tests also drive it with a TestAdapter). */
  readonly bot: TriageBot;
  readonly localMode: boolean;
  /** Stops accepting, lets turns in flight finish, closes storage. */
  close(): Promise<void>;
}

/** The composition root: configuration in, a ready (not yet listening) server out. Tests build the app the same way. */
export interface AppOverrides {
  readonly storage?: CasStorage;
  /** The conversation to run instead of the main dialog (tests that count turns through the whole stack). */
  readonly dialog?: (session: StatePropertyAccessor<TriageSession>) => Dialog;
  readonly logDestination?: DestinationStream;
  /** How the bot signs its calls to the channel's connector (tests sign for their own fake connector). */
  readonly connectorCredentials?: ServiceClientCredentialsFactory;
  /** Where channel tokens' signing keys and issuer come from (tests serve their own on localhost). */
  readonly channelAuth?: { readonly ToBotFromChannelOpenIdMetadataUrl: string; readonly ToBotFromChannelTokenIssuer: string };
  /** How Microsoft Graph is called and retries wait (tests: a local Graph, no real waits). */
  readonly graphFetch?: FetchLike;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** "Connect your tenant" from the configuration; undefined when no OAuth connection is configured. */
function graphDeps(config: Config, overrides: AppOverrides): GraphDialogDeps | undefined {
  if (config.GRAPH_OAUTH_CONNECTION === '') return undefined;
  const sleep = overrides.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    connectionName: config.GRAPH_OAUTH_CONNECTION,
    appId: config.MicrosoftAppId,
    auditWaitMs: config.GRAPH_AUDIT_WAIT_MS,
    client: {
      endpoint: config.GRAPH_ENDPOINT,
      timeoutMs: config.GRAPH_TIMEOUT_MS,
      maxPages: config.GRAPH_MAX_PAGES,
      maxItems: config.GRAPH_MAX_ITEMS,
      maxRetries: config.GRAPH_MAX_RETRIES,
      fetch: overrides.graphFetch ?? ((url, init) => fetch(url, init)),
      sleep,
    },
  };
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  // With triage threads the model lives in them only (the cache is made right here first); else it is loaded here.
  let threads = null as TriagePool | null;
  const triage: TriageDeps =
    config.TRIAGE_THREADS > 0 ? createThreadedTriageDeps(config, (settings) => (threads = createTriagePool(settings, config.TRIAGE_THREADS))) : createTriageDeps(config);
  const sqlite = overrides.storage ? null : config.STORAGE === 'sqlite' ? new SqliteStorage(prepareStateFile(config.SQLITE_PATH)) : null;
  const blob = overrides.storage ? null : config.STORAGE === 'blob' ? blobStorage(config.BLOB_CONNECTION_STRING, config.BLOB_CONTAINER) : null;
  const storage: CasStorage = overrides.storage ?? sqlite ?? blob ?? new InMemoryStorage();
  const telemetry = createTelemetry(config, overrides.logDestination);
  const { logger } = telemetry;
  let session: StatePropertyAccessor<TriageSession> | undefined;
  const handoff = handoffSettings(config);
  const target = handoff.target;
  // The outbox lives in the conversation store itself (see Outbox): no second store to run, back up or share.
  const outbox = target ? new Outbox(storage) : null;
  const worker =
    outbox && target
      ? new OutboxWorker(outbox, {
          targets: { [target.name]: target },
          policy: handoff.policy,
          concurrency: handoff.concurrency,
          pollMs: HANDOFF_POLL_MS,
          onPending: (count) => telemetry.handoffPending.set(count),
          onRetry: (job) => {
            telemetry.handoffRetries.inc({ target: job.target });
            logger.warn({ job: job.id, attempts: job.attempts, error: job.lastError, nextAttemptAt: new Date(job.nextAttemptAt).toISOString() }, 'hand-off attempt failed, will retry');
          },
          onSettled: (job) => {
            if (job.state === 'sent') {
              telemetry.handoffSent.inc({ target: job.target });
              logger.info({ job: job.id, attempts: job.attempts, ticket: job.ticket }, 'hand-off delivered');
            } else {
              telemetry.handoffFailed.inc({ target: job.target });
              logger.error({ job: job.id, attempts: job.attempts, error: job.lastError }, 'hand-off failed for good');
            }
          },
          onError: (err) => logger.error({ err }, 'hand-off pass failed'),
        })
      : null;
  const graph = graphDeps(config, overrides);
  const { bot, session: accessor } = createBot(triage, storage, undefined, {
    ...(outbox && target && worker ? { handoff: caseHandoff(outbox, target.name, triage.catalog, () => worker.kick()) } : {}),
    allowedTenants: config.ALLOWED_TENANTS,
    readFile: createFileReader({
      maxBytes: config.UPLOAD_MAX_BYTES,
      allowedHosts: config.FILE_DOWNLOAD_HOSTS,
      allowHttp: config.FILE_DOWNLOAD_ALLOW_HTTP,
      timeoutMs: config.FILE_DOWNLOAD_TIMEOUT_MS,
    }),
    ...(overrides.dialog ? { dialog: overrides.dialog } : {}),
    appId: config.MicrosoftAppId,
    onMessageActionError: (err) => logger.warn({ err }, 'personal chat not opened'),
    ...(graph ? { graph } : {}),
    onTurnDone: async (context, { seconds, outcome }) => {
      const block = (await session?.get(context))?.blockId ?? 'none';
      telemetry.turnSeconds.observe({ outcome }, seconds);
      telemetry.turns.inc({ block, outcome });
      if (outcome === 'storage-error') telemetry.storageErrors.inc();
      logger.info(
        {
          conversation: hashId(context.activity.conversation?.id ?? ''),
          channel: context.activity.channelId,
          block,
          outcome,
          ms: Math.round(seconds * 1000),
          ...(telemetry.logMessageText ? { text: context.activity.text } : {}),
        },
        'turn',
      );
    },
  });
  session = accessor;
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: config.MicrosoftAppId, MicrosoftAppTenantId: config.MicrosoftAppTenantId, ...overrides.channelAuth },
    overrides.connectorCredentials ?? new ConfigurationServiceClientCredentialFactory(credentials),
  );
  const adapter = new TurnAdapter(new StrictChannelAuthentication(auth));
  adapter.onTurnError = async (context, error) => {
    const kind = kindOf(error);
    logger.error({ conversation: hashId(context.activity.conversation?.id ?? ''), kind, err: error }, 'turn failed');
    const locale = catalogLocaleFor(context.activity.locale ?? null);
    try {
      await context.sendActivity(renderPart(triage.catalog, locale, { m: ERROR_TABLE[kind].apology }, 'markdown'));
    } catch (err) {
      logger.error({ conversation: hashId(context.activity.conversation?.id ?? ''), err }, 'apology not delivered');
    }
  };
  const localMode = config.MicrosoftAppId === '';
  let port = config.PORT;
  const turnLimiter = () => new RateLimiter(config.RATE_LIMIT_PER_MINUTE, config.RATE_LIMIT_PER_MINUTE * 2, { maxKeys: config.RATE_LIMIT_MAX_KEYS });
  const server = createServer(config, triage, {
    messages: { adapter, bot, localMode, onAuthRejected: () => telemetry.authRejections.inc(), limiter: turnLimiter(), logger },
    telemetry,
    ...(localMode ? { localPort: () => port } : {}),
    storageReady: async () => {
      if (sqlite) return sqlite.ping();
      if (blob) return blob.ping();
      await storage.read(['readiness-probe']);
      return true;
    },
  });
  if (localMode) {
    mountLocalDirectLine(server, {
      adapter,
      bot,
      storage,
      ownUrl: () => `http://${config.HOST}:${port}`,
      postLimiter: turnLimiter(),
      uploadMaxBytes: config.UPLOAD_MAX_BYTES,
      startLimiter: new RateLimiter(config.CLIENT_RATE_LIMIT_PER_MINUTE, config.CLIENT_RATE_LIMIT_PER_MINUTE, { maxKeys: config.RATE_LIMIT_MAX_KEYS }),
    });
  }
  if (config.DIRECT_LINE_SECRET !== '') mountDirectLineToken(server, { secret: config.DIRECT_LINE_SECRET, endpoint: config.DIRECT_LINE_ENDPOINT });
  mountWebChat(server, triage.catalog, localMode ? 'local' : 'azure');
  let retention: Retention | null = null;
  server.on('listening', () => {
    port = (server.address() as { port: number }).port;
    retention ??= startRetention(storage, {
      days: config.STATE_RETENTION_DAYS,
      everyMs: RETENTION_EVERY_MS,
      keep: [LOCAL_DIRECT_LINE_SECRET_KEY, OUTBOX_INDEX_KEY],
      onPurged: (count, cutoff) => {
        if (count > 0) logger.info({ count, cutoff: cutoff.toISOString() }, 'conversations purged');
      },
      onError: (err) => logger.error({ err }, 'retention purge failed'),
    });
    worker?.start();
  });
  return {
    server,
    bot,
    localMode,
    close: () =>
      new Promise<void>((resolve) => {
        retention?.stop();
        server.close(() => {
          // An attempt in flight finishes (or times out) and is stored before the store closes.
          void (worker?.stop() ?? Promise.resolve())
            .finally(() => Promise.all([sqlite?.close(), threads?.close()]))
            .finally(resolve);
        });
      }),
  };
}

/**
 * The Azure Blob store, with its SDK loaded only when the config asks for it: the SQLite and memory stores never need
 * those ~3 MiB of code in memory.
 */
function blobStorage(connection: string, container: string): BlobStorage {
  const { BlobStorage: Store } = require('../storage/blobStorage') as typeof import('../storage/blobStorage');
  return new Store(connection, container);
}
