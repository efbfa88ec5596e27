import type { TWebhookSweepActivities } from '../workflows/webhook-sweep/webhook-sweep.contract.js';
import { request, type Dispatcher } from 'undici';
import type { TConfig } from '../config.js';
import type { TDb, TTx } from '../db/client.js';
import { writeAudit } from '../db/repositories/audit-repository.js';
import { findUserById } from '../db/repositories/identity-repository.js';
import {
  loadDelivery,
  lockDeliveryRun,
  purgeAttemptLogs,
  recordAttempt,
  setDeliveryOutcome,
  setSubscriptionLastDelivery,
  stalledDeliveries,
  type TWebhookSubscriptionRow,
} from '../db/repositories/webhooks-repository.js';
import { WEBHOOK_LOGGED_RESPONSE_BYTES, webhookBody, type WebhookDeliveredType } from '../domain/webhooks.js';
import type { TMailer } from '../infra/mailer.js';
import type { SecretBox } from '../infra/secret-box.js';
import { signatureHeader } from '../infra/webhook-signature.js';
import {
  createWebhookDispatcher,
  createWebhookTargetGuard,
  targetRefusalIn,
} from '../infra/webhook-targets.js';
import type {
  TAttemptInput,
  TAttemptResult,
  TFinishInput,
  TWebhookDeliveryActivities,
} from '../workflows/webhook-delivery/webhook-delivery.contract.js';

export type TWebhookDeps = {
  db: TDb;
  config: Pick<
    TConfig,
    | 'WEBHOOK_CONNECT_TIMEOUT'
    | 'WEBHOOK_RESPONSE_TIMEOUT'
    | 'WEBHOOK_ALLOW_PRIVATE_TARGETS'
    | 'WEBHOOK_LOG_RETENTION'
  >;
  secretBox: SecretBox;
  mailer: TMailer;
};

type TLoggedResponse = { headers: Record<string, string> | null; body: string | null; truncated: boolean };

/** Reads at most 64 KiB of the answer (a receiver cannot make us buffer more) and keeps its start for the log. */
async function readForLog(answer: Dispatcher.ResponseData): Promise<TLoggedResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  for await (const chunk of answer.body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (chunks.reduce((n, c) => n + c.length, 0) <= WEBHOOK_LOGGED_RESPONSE_BYTES) chunks.push(buffer);
    if (size > 64 * 1024) {
      overflow = true;
      answer.body.destroy();
      break;
    }
  }
  const all = Buffer.concat(chunks);
  const kept = all.subarray(0, WEBHOOK_LOGGED_RESPONSE_BYTES);
  // Cut at a character boundary (a split multi-byte sequence would end in U+FFFD); Postgres text refuses NUL.
  const body = new TextDecoder('utf-8', { fatal: false })
    .decode(kept)
    .replace(/\uFFFD$/, '')
    .replaceAll('\u0000', '');
  return { headers, body, truncated: overflow || size > WEBHOOK_LOGGED_RESPONSE_BYTES };
}

export function createWebhookDeliveryActivities(
  deps: TWebhookDeps,
): TWebhookDeliveryActivities & TWebhookSweepActivities {
  const guard = createWebhookTargetGuard({
    policy: { allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS },
    resolveTimeoutMs: deps.config.WEBHOOK_CONNECT_TIMEOUT,
  });
  const dispatcher = createWebhookDispatcher(guard, {
    connectTimeoutMs: deps.config.WEBHOOK_CONNECT_TIMEOUT,
    responseTimeoutMs: deps.config.WEBHOOK_RESPONSE_TIMEOUT,
  });

  async function attemptWebhookDelivery(input: TAttemptInput): Promise<TAttemptResult> {
    const found = await loadDelivery(deps.db, input.deliveryId);
    if (!found || found.delivery.run !== input.run) {
      return { outcome: 'skipped', statusCode: null, latencyMs: 0, error: 'superseded or missing delivery' };
    }
    const { delivery, event, subscription } = found;
    if (subscription.status !== 'active') {
      const why = `subscription ${subscription.status}`;
      await recordAttempt(deps.db, { ...input, latencyMs: 0, outcome: 'skipped', error: why });
      return { outcome: 'skipped', statusCode: null, latencyMs: 0, error: why };
    }
    const body = webhookBody({
      id: event.id,
      type: event.type as WebhookDeliveredType,
      version: event.version,
      createdAt: event.createdAt.toISOString(),
      communityId: event.communityId,
      data: event.payload,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'CommDesk-Webhooks/1',
      'x-commdesk-webhook-id': delivery.id,
      'x-commdesk-event-type': event.type,
      'x-commdesk-event-version': event.version,
      'x-commdesk-timestamp': String(timestamp),
      'x-commdesk-signature': signatureHeader(signingSecrets(subscription), timestamp, body),
    };
    const started = performance.now();
    let statusCode: number | null = null;
    let response: TLoggedResponse = { headers: null, body: null, truncated: false };
    let error: string | null = null;
    let refused = false;
    try {
      // Checked at every attempt, not only at registration: the name may point elsewhere by now, and the
      // subscription may predate the policy. The dispatcher's lookup checks again at connect time.
      await guard.check(subscription.url);
      const answer = await request(subscription.url, {
        method: 'POST',
        headers,
        body,
        dispatcher,
      });
      statusCode = answer.statusCode;
      response = await readForLog(answer);
      if (statusCode >= 300 && statusCode < 400) {
        error = `receiver answered ${statusCode}; redirects are not followed, register the final URL`;
      } else if (statusCode < 200 || statusCode >= 300) {
        error = `receiver answered ${statusCode}`;
      }
    } catch (err) {
      const refusal = targetRefusalIn(err);
      refused = refusal !== null;
      error = refusal
        ? `target refused: ${refusal.message}`
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err);
    }
    const latencyMs = Math.round(performance.now() - started);
    // A refused target is final: no later attempt can succeed until the URL or the policy changes.
    const outcome = refused ? 'refused' : error ? 'failed' : 'delivered';
    const { 'x-commdesk-signature': _omit, ...loggedHeaders } = headers;
    await recordAttempt(deps.db, {
      ...input,
      statusCode,
      latencyMs,
      error,
      outcome,
      requestHeaders: loggedHeaders,
      responseHeaders: response.headers,
      responseBody: response.body,
      responseBodyTruncated: response.truncated,
    });
    return { outcome, statusCode, latencyMs, error };
  }

  async function finishWebhookDelivery(input: TFinishInput): Promise<void> {
    await deps.db.transaction(async (tx) => {
      const before = await lockDeliveryRun(tx, input.deliveryId, input.run);
      if (!before || before.status === input.status) return;
      const now = new Date();
      const after = await setDeliveryOutcome(tx, input.deliveryId, {
        status: input.status,
        deliveredAt: input.status === 'delivered' ? now : before.deliveredAt,
        deadLetteredAt: input.status === 'dead_lettered' ? now : before.deadLetteredAt,
        updatedAt: now,
      });
      // The dashboard shows each subscription's latest outcome without scanning its deliveries.
      await setSubscriptionLastDelivery(tx, before.subscriptionId, input.status, now);
      await writeAudit(tx, {
        actorUserId: null,
        action: `webhook_delivery.${input.status}`,
        entityType: 'webhook_delivery',
        entityId: input.deliveryId,
        before: { status: before.status, attemptCount: before.attemptCount },
        after: { status: after.status, attemptCount: after.attemptCount, run: input.run },
      });
      if (input.status === 'dead_lettered') await notifyOwner(tx, input);
    });
  }

  /** Tells the integration owner (whoever created the subscription) that a delivery gave up. */
  async function notifyOwner(tx: TTx, input: TFinishInput): Promise<void> {
    const found = await loadDelivery(tx, input.deliveryId);
    if (!found?.subscription.createdBy) return;
    const owner = await findUserById(tx, found.subscription.createdBy);
    if (!owner) return;
    await deps.mailer.send(
      {
        idempotencyKey: `webhook-dead-letter:${input.deliveryId}:${input.run}`,
        to: owner.email,
        subject: `Webhook delivery failed: ${found.event.type}`,
        body:
          `The ${found.event.type} delivery ${input.deliveryId} to ${found.subscription.url} failed ${input.attempts} times ` +
          `and was dead-lettered (last error: ${found.delivery.lastError ?? 'unknown'}).\n` +
          `Fix the receiver, then replay it: POST /api/v1/webhooks/deliveries/${input.deliveryId}/replay`,
      },
      tx,
    );
  }

  async function findStalledDeliveries({ stalledAfterMs, limit }: { stalledAfterMs: number; limit: number }) {
    return stalledDeliveries(deps.db, new Date(Date.now() - stalledAfterMs), limit);
  }

  /** The delivery log keeps requests' headers and receivers' answers for WEBHOOK_LOG_RETENTION only. */
  async function purgeWebhookLog(): Promise<number> {
    const cutoff = new Date(Date.now() - deps.config.WEBHOOK_LOG_RETENTION);
    return purgeAttemptLogs(deps.db, cutoff);
  }

  /** The current secret, and the previous one while its rotation overlap lasts. */
  function signingSecrets(subscription: TWebhookSubscriptionRow): string[] {
    const secrets = [deps.secretBox.decrypt(subscription.secretCiphertext)];
    if (
      subscription.previousSecretCiphertext &&
      subscription.previousSecretExpiresAt &&
      subscription.previousSecretExpiresAt > new Date()
    ) {
      secrets.push(deps.secretBox.decrypt(subscription.previousSecretCiphertext));
    }
    return secrets;
  }

  return { attemptWebhookDelivery, finishWebhookDelivery, findStalledDeliveries, purgeWebhookLog };
}
