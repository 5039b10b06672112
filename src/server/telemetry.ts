import { createHash } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config/config';

/** Structured logs and Prometheus metrics of one app instance (its own registry: several apps can share a process). */
export interface Telemetry {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly turnSeconds: Histogram<'outcome'>;
  readonly turns: Counter<'block' | 'outcome'>;
  readonly authRejections: Counter;
  readonly storageErrors: Counter;
  /** Hand-off jobs not final yet (in the whole outbox, as the last pass saw it). */
  readonly handoffPending: Gauge;
  readonly handoffSent: Counter<'target'>;
  readonly handoffFailed: Counter<'target'>;
  /** Attempts that failed and will be retried. */
  readonly handoffRetries: Counter<'target'>;
  readonly logMessageText: boolean;
}

/** Conversation ids identify people's chats: logs carry a short one-way hash instead. */
export function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

export function createTelemetry(config: Pick<Config, 'LOG_LEVEL' | 'LOG_MESSAGE_TEXT'>, destination?: DestinationStream): Telemetry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    logger: destination
      ? pino({ level: config.LOG_LEVEL, base: { app: 'ndr-triage-bot' } }, destination)
      : pino({ level: config.LOG_LEVEL, base: { app: 'ndr-triage-bot' } }),
    registry,
    turnSeconds: new Histogram({
      name: 'ndr_turn_duration_seconds',
      help: 'Time to run one bot turn, state saved included',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    turns: new Counter({ name: 'ndr_turns_total', help: 'Bot turns by confirmed block and outcome', labelNames: ['block', 'outcome'], registers: [registry] }),
    authRejections: new Counter({ name: 'ndr_auth_rejections_total', help: 'Requests to /api/messages refused for authentication', registers: [registry] }),
    storageErrors: new Counter({ name: 'ndr_storage_errors_total', help: 'Turns that failed on state storage', registers: [registry] }),
    handoffPending: new Gauge({ name: 'ndr_handoff_pending', help: 'Cases queued for the helpdesk and not delivered or given up yet', registers: [registry] }),
    handoffSent: new Counter({ name: 'ndr_handoff_sent_total', help: 'Cases delivered to the helpdesk by this instance', labelNames: ['target'], registers: [registry] }),
    handoffFailed: new Counter({ name: 'ndr_handoff_failed_total', help: 'Cases this instance gave up delivering to the helpdesk', labelNames: ['target'], registers: [registry] }),
    handoffRetries: new Counter({ name: 'ndr_handoff_retries_total', help: 'Hand-off attempts that failed and will be retried', labelNames: ['target'], registers: [registry] }),
    logMessageText: config.LOG_MESSAGE_TEXT,
  };
}
