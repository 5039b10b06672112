import type { Config } from '../config/config';
import type { HandoffTarget } from './handoffTarget';
import type { RetryPolicy } from './retryPolicy';
import { serviceNowTarget } from './serviceNowTarget';
import { webhookTarget } from './webhookTarget';

/** The configured hand-off target (null when none is: the bot does not offer it) and how it is retried. */
export interface HandoffSettings {
  readonly target: HandoffTarget | null;
  readonly policy: RetryPolicy;
  readonly concurrency: number;
}

export function handoffSettings(config: Config): HandoffSettings {
  const policy: RetryPolicy = {
    baseMs: config.HANDOFF_RETRY_BASE_MS,
    maxMs: config.HANDOFF_RETRY_MAX_MS,
    maxAttempts: config.HANDOFF_MAX_ATTEMPTS,
    timeoutMs: config.HANDOFF_TIMEOUT_MS,
  };
  return { target: targetOf(config), policy, concurrency: config.HANDOFF_CONCURRENCY };
}

/** The webhook alone, for `ndr-triage batch --webhook`; null when HELPDESK_WEBHOOK_URL is not set. */
export function webhookOf(config: Config): HandoffTarget | null {
  return config.HELPDESK_WEBHOOK_URL === '' ? null : webhookTarget({ url: config.HELPDESK_WEBHOOK_URL, secret: config.HELPDESK_WEBHOOK_SECRET });
}

function targetOf(config: Config): HandoffTarget | null {
  if (config.SERVICENOW_INSTANCE !== '') {
    const auth =
      config.SERVICENOW_TOKEN !== ''
        ? ({ kind: 'bearer', token: config.SERVICENOW_TOKEN } as const)
        : ({ kind: 'basic', user: config.SERVICENOW_USER, password: config.SERVICENOW_PASSWORD } as const);
    return serviceNowTarget({ instance: config.SERVICENOW_INSTANCE, auth, fields: config.SERVICENOW_FIELDS });
  }
  return webhookOf(config);
}
