import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header's value for `body` sent at `timestamp` (unix seconds): `sha256=<hex>`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body, 'utf8').digest('hex');
  return `sha256=${mac}`;
}

/**
 * What a receiver checks (the README shows the same in a few lines): the HMAC-SHA256, keyed with the shared
 * secret, of the timestamp header, a dot and the raw body bytes, compared in constant time; and a timestamp no
 * further than `toleranceSeconds` from now, so a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { readonly signature: string | undefined; readonly timestamp: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!headers.signature || !headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp)) return false;
  const ts = Number(headers.timestamp);
  if (Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
