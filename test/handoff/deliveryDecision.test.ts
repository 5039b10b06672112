import { afterAttempt, verdictOf, type DeliveryOutcome, type Verdict } from '../../src/handoff/deliveryDecision';
import { jobId, newJob, type HandoffJob } from '../../src/handoff/handoffJob';
import { backoffMs, retryAfterMs, RETRY_AFTER_CAP_MS, type RetryPolicy } from '../../src/handoff/retryPolicy';
import { verifyWebhookSignature, webhookSignature } from '../../src/handoff/webhookSignature';

const status = (s: number, retryAfter: string | null = null, ticket: string | null = null): DeliveryOutcome => ({ kind: 'status', status: s, retryAfter, ticket });

describe('what a response means', () => {
  it.each<[string, DeliveryOutcome, Verdict]>([
    ['200', status(200), 'sent'],
    ['201', status(201), 'sent'],
    ['204', status(204), 'sent'],
    ['301 (redirects are not followed)', status(301), 'fail'],
    ['400', status(400), 'fail'],
    ['401', status(401), 'fail'],
    ['403', status(403), 'fail'],
    ['404', status(404), 'fail'],
    ['409', status(409), 'fail'],
    ['422', status(422), 'fail'],
    ['408', status(408), 'retry'],
    ['429', status(429, '30'), 'retry'],
    ['500', status(500), 'retry'],
    ['502', status(502), 'retry'],
    ['503', status(503), 'retry'],
    ['timeout', { kind: 'timeout' }, 'retry'],
    ['connection reset', { kind: 'network', message: 'ECONNRESET' }, 'retry'],
    ['2xx without an incident number', { kind: 'unreadable', message: 'no number' }, 'retry'],
  ])('%s → %s', (_name, outcome, expected) => {
    expect(verdictOf(outcome)).toBe(expected);
  });
});

const POLICY: RetryPolicy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5, timeoutMs: 5000 };

describe('backoff schedule (equal jitter: between half and all of min(max, base·2^(n-1)))', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [2, 1, 2000],
    [3, 0.5, 3000],
    [6, 0, 16_000],
    [7, 1, 60_000],
    [8, 0, 30_000],
    [50, 1, 60_000],
  ])('failed attempt %d, random %d → %d ms', (attempt, r, expected) => {
    expect(backoffMs(attempt, POLICY, () => r)).toBe(expected);
  });
});

it('the default policy tries a job for 18 to 36 minutes (README)', () => {
  const defaults = { baseMs: 5000, maxMs: 15 * 60_000 };
  const total = (r: number) => Array.from({ length: 9 }, (_, i) => backoffMs(i + 1, defaults, () => r)).reduce((a, b) => a + b, 0);
  expect(total(0)).toBe(1_087_500);
  expect(total(1)).toBe(2_175_000);
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it.each<[string | null, number | null]>([
    [null, null],
    ['', null],
    ['0', 0],
    ['120', 120_000],
    [' 7 ', 7000],
    ['Mon, 23 Nov 2026 10:01:00 GMT', 60_000],
    ['Mon, 23 Nov 2026 09:00:00 GMT', 0],
    ['99999999', RETRY_AFTER_CAP_MS],
    ['soon', null],
    ['-5', null],
    ['1.5', null],
  ])('%p → %p ms', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});

describe('the job after an attempt', () => {
  const now = 1_000_000;
  const job = (attempts: number): HandoffJob => ({ ...newJob('webhook', { reference: 'NDR-20261123-7K3Q', title: 't', markdown: 'm', body: '{}' }, 0), attempts });

  it.each<[string, number, DeliveryOutcome, Partial<HandoffJob>]>([
    ['2xx with a ticket', 1, status(201, null, 'INC0010001'), { state: 'sent', ticket: 'INC0010001', lastError: null }],
    ['2xx without one', 1, status(200), { state: 'sent', ticket: null }],
    ['400 fails at once', 1, status(400), { state: 'failed', lastError: 'HTTP 400' }],
    ['500 on the first attempt waits the backoff', 1, status(500), { state: 'pending', nextAttemptAt: now + 500, lastError: 'HTTP 500' }],
    ['500 on the third waits longer', 3, status(503), { state: 'pending', nextAttemptAt: now + 2000 }],
    ['429 waits its Retry-After when longer', 1, status(429, '30'), { state: 'pending', nextAttemptAt: now + 30_000 }],
    ['429 waits the backoff when Retry-After is shorter', 4, status(429, '1'), { state: 'pending', nextAttemptAt: now + 4000 }],
    ['timeout retries', 2, { kind: 'timeout' }, { state: 'pending', nextAttemptAt: now + 1000, lastError: 'timed out' }],
    ['the last allowed attempt failing is final', 5, status(500), { state: 'failed', lastError: 'HTTP 500' }],
    ['even a timeout on it', 5, { kind: 'timeout' }, { state: 'failed', lastError: 'timed out' }],
  ])('%s', (_name, attempts, outcome, expected) => {
    expect(afterAttempt(job(attempts), outcome, POLICY, now, () => 0)).toMatchObject({ ...expected, leaseUntil: 0 });
  });
});

describe('idempotency key', () => {
  it('is the target and the case reference', () => {
    expect(jobId('servicenow', 'NDR-20261123-7K3Q')).toBe('servicenow:NDR-20261123-7K3Q');
    expect(jobId('webhook', 'NDR-20261123-7K3Q')).toBe('webhook:NDR-20261123-7K3Q');
  });
  it('hashes a reference that is not a plain token, the same way every time', () => {
    const key = jobId('webhook', 'INC 42 / line 7');
    expect(key).toMatch(/^webhook:sha256-[0-9a-f]{40}$/);
    expect(jobId('webhook', 'INC 42 / line 7')).toBe(key);
    expect(jobId('webhook', 'INC 42 / line 8')).not.toBe(key);
  });
});

describe('webhook signature', () => {
  const secret = 'a-shared-secret-of-thirty-two-chars!';
  const body = '{"type":"ndr-triage.case","reference":"NDR-20261123-7K3Q","note":"é"}';
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" (checked against a value computed by hand)', () => {
    // printf '%s' '1795000000.{"a":1}' | openssl dgst -sha256 -hmac 'k'
    expect(webhookSignature('k', 1795000000, '{"a":1}')).toBe('sha256=523328ccca391c367720dc84e58e92a5dc5180008192426367892acec62578f6');
  });
  it('verifies, and refuses a changed body, timestamp, secret or an old request', () => {
    const ts = 1_795_000_000;
    const signature = webhookSignature(secret, ts, body);
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts) }, body, ts + 10)).toBe(true);
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts) }, `${body} `, ts)).toBe(false);
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts + 1) }, body, ts)).toBe(false);
    expect(verifyWebhookSignature(`${secret}x`, { signature, timestamp: String(ts) }, body, ts)).toBe(false);
    expect(verifyWebhookSignature(secret, { signature, timestamp: String(ts) }, body, ts + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, { signature: undefined, timestamp: String(ts) }, body, ts)).toBe(false);
  });
});
