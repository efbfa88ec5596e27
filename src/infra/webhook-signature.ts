import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-CommDesk-Signature: lower-case hex HMAC-SHA256 over `${timestamp}.${rawBody}` (timestamp in Unix seconds). */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** What a receiver does: recompute, compare in constant time, reject timestamps outside the tolerance. */
export function verifyWebhook(opts: {
  secret: string;
  timestamp: string;
  signature: string;
  rawBody: string;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const ts = Number(opts.timestamp);
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(ts) || Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(opts.secret, ts, opts.rawBody), 'hex');
  const given = Buffer.from(opts.signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
