import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-CommDesk-Signature: lower-case hex HMAC-SHA256 over `${timestamp}.${rawBody}` (timestamp in Unix seconds). */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/**
 * The X-CommDesk-Signature header: one signature per active secret, comma-separated, the newest first. After a
 * rotation both the new and the previous secret sign until the overlap ends (as Stripe's "roll secret"), so a receiver
 * still configured with the old secret keeps verifying while it is updated.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, rawBody: string): string {
  return secrets.map((secret) => signWebhook(secret, timestamp, rawBody)).join(',');
}

/**
 * What a receiver does: recompute, compare in constant time against each signature of the header, reject timestamps
 * outside the tolerance.
 */
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
  return opts.signature.split(',').some((one) => {
    const given = Buffer.from(one.trim(), 'hex');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
