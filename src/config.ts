import { z } from 'zod';
import { parseCurrencyAmounts, parseSupportedCurrencies } from './domain/money.js';
import { parseTaxRateOverrides } from './domain/tax.js';

/** Durations in config accept "250ms", "30s", "2m", "2h", "1d" or plain milliseconds. */
const DURATION_RE = /^(\d+)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string): number {
  const match = DURATION_RE.exec(text.trim());
  if (!match) throw new Error(`invalid duration "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!;
}

const zDuration = z.string().transform((value, ctx) => {
  try {
    return parseDurationMs(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 2m or 500ms, got "${value}"` });
    return z.NEVER;
  }
});

const zDurationList = z.string().transform((value, ctx) => {
  try {
    return value.split(',').map(parseDurationMs);
  } catch {
    ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of durations, got "${value}"` });
    return z.NEVER;
  }
});

const zCurrencyList = z.string().transform((value, ctx) => {
  try {
    return parseSupportedCurrencies(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message} (got "${value}")` });
    return z.NEVER;
  }
});

/** An origin as browsers send it: scheme://host[:port], no path; `tauri://localhost` included. */
const zOriginList = z.string().transform((value, ctx) => {
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected origins like https://app.example.com, got "${origin}"`,
      });
      return z.NEVER;
    }
  }
  return origins;
});

/** About USD 1,000,000 each (late-2026 rates): EUR 900,000.00, GBP 750,000.00, INR 85,000,000.00, in minor units. */
export const DEFAULT_SECOND_APPROVAL_BY_CURRENCY = 'EUR=90000000,GBP=75000000,INR=8500000000';

const zBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  TEMPORAL_ADDRESS: z.string().min(3).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('commdesk-marketplace'),
  PUBLIC_BASE_URL: z.url().optional(),
  TRUST_PROXY: zBool.default(false),
  /** base64 32-byte keys as "keyId:base64,keyId2:base64"; the first encrypts, all decrypt (rotation). */
  ENCRYPTION_KEYS: z.string().optional(),
  SESSION_TTL: zDuration.default(parseDurationMs('7d')),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_THROTTLE_WINDOW: zDuration.default(parseDurationMs('15m')),
  /**
   * Browser sessions: a refresh extends a session by SESSION_TTL but never past SESSION_ABSOLUTE_TTL after its login;
   * the token a refresh replaced keeps working for SESSION_REFRESH_GRACE (requests already in flight, other tabs).
   * SESSION_COOKIE_SAMESITE: Lax when the frontend is on the API's site (localhost ports), None for another site
   * (the Tauri app's tauri://localhost), which browsers accept only with Secure, i.e. over https.
   */
  SESSION_ABSOLUTE_TTL: zDuration.default(parseDurationMs('30d')),
  SESSION_REFRESH_GRACE: zDuration.default(parseDurationMs('30s')),
  SESSION_COOKIE_SAMESITE: z.enum(['Strict', 'Lax', 'None']).default('Lax'),
  /** Browser origins (scheme://host[:port], comma-separated) that may call the API with CORS; others get no CORS headers. */
  CORS_ORIGINS: zOriginList.default(['http://localhost:1420', 'tauri://localhost', 'http://tauri.localhost']),
  WEBHOOK_RETRY_SCHEDULE: zDurationList.default([
    0, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 28_800_000, 86_400_000,
  ]),
  WEBHOOK_CONNECT_TIMEOUT: zDuration.default(5_000),
  WEBHOOK_RESPONSE_TIMEOUT: zDuration.default(10_000),
  /**
   * Lets webhooks go to loopback, private (RFC 1918), unique-local and carrier-grade NAT addresses: for
   * tests and local experiments only. Off by default everywhere, `npm start` included.
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: zBool.default(false),
  /** How often the sweep looks for deliveries whose workflow never started, and how old they must be. */
  WEBHOOK_SWEEP_INTERVAL: zDuration.default(parseDurationMs('1m')),
  WEBHOOK_STALLED_AFTER: zDuration.default(parseDurationMs('1m')),
  /** How long each delivery's request payload and the receiver's response (status, headers, truncated body) are kept. */
  WEBHOOK_LOG_RETENTION: zDuration.default(parseDurationMs('30d')),
  /** After a secret rotation, how long the previous secret keeps signing beside the new one (unless the call says). */
  WEBHOOK_SECRET_OVERLAP: zDuration.default(parseDurationMs('24h')),
  /** How often queued email is delivered (the outbox is written in the transaction of each change). */
  MAIL_DISPATCH_INTERVAL: zDuration.default(parseDurationMs('5s')),
  OUTBOX_DIR: z.string().optional(),
  MEILI_URL: z.url().optional(),
  MEILI_KEY: z.string().optional(),
  /** Applications scoring below this risk are verified without an admin. */
  VERIFICATION_AUTO_APPROVE_BELOW: z.coerce.number().int().min(0).max(101).default(30),
  VERIFICATION_REMINDER_AFTER: zDuration.default(parseDurationMs('2d')),
  VERIFICATION_EXPIRE_AFTER: zDuration.default(parseDurationMs('14d')),
  ACTIVATION_TOKEN_TTL: zDuration.default(parseDurationMs('72h')),
  /** How long a claimant of a "Community Added" organization has to open the link sent to their address at the domain. */
  CLAIM_CONFIRMATION_WINDOW: zDuration.default(parseDurationMs('72h')),
  APPLY_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
  APPLY_MAX_PER_EMAIL_DOMAIN: z.coerce.number().int().min(1).default(5),
  APPLY_RATE_WINDOW: zDuration.default(parseDurationMs('1h')),
  /** Negotiation defaults (market-defaults.md): response window, reminders before it ends, counter-offer limit. */
  NEGOTIATION_RESPONSE_WINDOW: zDuration.default(parseDurationMs('7d')),
  NEGOTIATION_REMINDERS: zDurationList.default([parseDurationMs('2d'), parseDurationMs('1d')]),
  COUNTER_OFFERS_PER_WINDOW: z.coerce.number().int().min(1).default(3),
  COUNTER_OFFER_WINDOW: zDuration.default(parseDurationMs('1h')),
  REQUESTS_PER_COMMUNITY_PER_DAY: z.coerce.number().int().min(1).default(50),
  /**
   * Reputation (docs/reputation-and-matching.md): the nightly recomputation's cron (UTC), and a deal's review window
   * after its event ends. New or low-trust organizations (younger than TRUST_NEW_FOR, a score under
   * TRUST_LOW_SCORE_BELOW, or a confidence under TRUST_LOW_CONFIDENCE_BELOW) get the LOW_TRUST_ limits on the
   * applications they open and the negotiation messages they send; others the ORG_ limits. REPUTATION_IDLE_FOR: how
   * long a subject's `reputation:<type>:<id>` run waits for its next event before it ends.
   */
  REPUTATION_NIGHTLY_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, { message: 'expected a five-field cron expression, e.g. "0 3 * * *"' })
    .default('0 3 * * *'),
  REPUTATION_IDLE_FOR: zDuration.default(parseDurationMs('1h')),
  REVIEW_WINDOW: zDuration.default(parseDurationMs('30d')),
  TRUST_NEW_FOR: zDuration.default(parseDurationMs('30d')),
  TRUST_LOW_SCORE_BELOW: z.coerce.number().min(0).max(100).default(40),
  TRUST_LOW_CONFIDENCE_BELOW: z.coerce.number().min(0).max(1).default(0.2),
  ORG_APPLICATIONS_PER_DAY: z.coerce.number().int().min(1).default(50),
  LOW_TRUST_ORG_APPLICATIONS_PER_DAY: z.coerce.number().int().min(1).default(10),
  ORG_MESSAGES_PER_HOUR: z.coerce.number().int().min(1).default(200),
  LOW_TRUST_ORG_MESSAGES_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Currencies money may be written in (ISO 4217 codes, comma-separated); other ISO codes get a 422. */
  SUPPORTED_CURRENCIES: zCurrencyList.default(['INR', 'USD', 'EUR', 'GBP']),
  /** How far ahead a decision deadline (request or opportunity) may be set. */
  MAX_DECISION_DEADLINE: zDuration.default(parseDurationMs('365d')),
  /** Contracts (market-defaults.md): signing deadline, reminders that long before it, the document link lifetime. */
  CONTRACT_SIGNING_WINDOW: zDuration.default(parseDurationMs('30d')),
  CONTRACT_REMINDERS: zDurationList.default([parseDurationMs('7d'), parseDurationMs('1d')]),
  CONTRACT_DOCUMENT_LINK_TTL: zDuration.default(parseDurationMs('5m')),
  /** How long the other side has to confirm or decline a proposal to cancel a signed contract before it lapses. */
  CONTRACT_CANCELLATION_WINDOW: zDuration.default(parseDurationMs('14d')),
  /** The platform certificate that seals signed contracts (PKCS#12); default DATA_DIR/contract-seal.p12. */
  CONTRACT_SEAL_P12: z.string().min(1).optional(),
  CONTRACT_SEAL_P12_PASSPHRASE: z.string().default('commdesk-local-seal'),
  /**
   * Benefit fulfillment (market-defaults.md): reminders to an item's owner that long before its due date; the alarm
   * when completion is under the threshold (percent) that long before the event ends; the sponsor report that long
   * after the event ends (the practice: within 10 days); due dates of a deal without an event, counted from signing.
   */
  FULFILLMENT_REMINDERS: zDurationList.default([parseDurationMs('3d'), parseDurationMs('1d')]),
  FULFILLMENT_ALARM_BEFORE_END: zDuration.default(parseDurationMs('7d')),
  FULFILLMENT_ALARM_THRESHOLD: z.coerce.number().int().min(1).max(100).default(90),
  FULFILLMENT_REPORT_AFTER_END: zDuration
    .default(parseDurationMs('7d'))
    .refine((ms) => ms <= parseDurationMs('10d'), {
      message: 'the sponsor report is due within 10 days of the event',
    }),
  FULFILLMENT_DEFAULT_DUE: zDuration.default(parseDurationMs('30d')),
  /**
   * Long-term programs: each period's renewal notice goes to the organization this long before the period starts
   * (its Schedule fires then); a Schedule that could not fire (server down) catches up within the window; a cycle
   * checks its renewals' outcomes at this interval. PROGRAM_SCHEDULE_EVERY (tests, demos) replaces the calendar
   * with a fixed interval: every firing still names the period whose notice time came last.
   */
  PROGRAM_RENEWAL_NOTICE: zDuration.default(parseDurationMs('7d')),
  PROGRAM_CATCHUP_WINDOW: zDuration.default(parseDurationMs('1d')),
  PROGRAM_OUTCOME_POLL_INTERVAL: zDuration.default(parseDurationMs('1h')),
  PROGRAM_SCHEDULE_EVERY: zDuration.optional(),
  /**
   * Escrow (market-defaults.md): the sponsor pays by the invoice's due date (INVOICE_DUE_AFTER), reminded
   * ESCROW_PAYMENT_REMINDERS before it, then the payment fails; a requested release is reviewed within the review
   * window, then released automatically (Upwork: 14 days); a release above the payment currency's threshold (minor
   * units; 0 = never) needs a second approver; disputes are filed within the file window after the event ends,
   * answered within the answer window and resolved by an admin within the resolve window; money pending a transfer
   * longer than ESCROW_STUCK_AFTER raises an ops alert.
   */
  ESCROW_PAYMENT_REMINDERS: zDurationList.default([parseDurationMs('3d'), parseDurationMs('1d')]),
  ESCROW_REVIEW_WINDOW: zDuration.default(parseDurationMs('14d')),
  ESCROW_SECOND_APPROVAL_ABOVE: z.coerce.number().int().min(0).default(1_000_000_00),
  /**
   * Per-currency second-approval thresholds, `<ISO code>=<minor units>,...` (0 = never in that currency); a currency
   * not listed uses ESCROW_SECOND_APPROVAL_ABOVE. Unset, it is DEFAULT_SECOND_APPROVAL_BY_CURRENCY (see loadConfig).
   */
  ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseCurrencyAmounts(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  ESCROW_DISPUTE_FILE_WINDOW: zDuration.default(parseDurationMs('7d')),
  ESCROW_DISPUTE_ANSWER_WINDOW: zDuration.default(parseDurationMs('5d')),
  ESCROW_DISPUTE_RESOLVE_WINDOW: zDuration.default(parseDurationMs('30d')),
  ESCROW_STUCK_AFTER: zDuration.default(parseDurationMs('3d')),
  DATA_DIR: z.string().default('data'),
  /**
   * Documents (contracts, proofs, reports) go to this S3 bucket instead of DATA_DIR/documents when it is set.
   * ENDPOINT names an S3-compatible server (MinIO, Ceph, R2...), unset for AWS; FORCE_PATH_STYLE puts the bucket
   * in the path (most S3-compatible servers); without the key pair the AWS SDK's default credential chain applies.
   */
  DOCUMENT_STORE_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      message: 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens',
    })
    .optional(),
  DOCUMENT_STORE_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  DOCUMENT_STORE_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,32}$/, { message: 'expected a region like us-east-1' })
    .default('us-east-1'),
  DOCUMENT_STORE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  DOCUMENT_STORE_S3_FORCE_PATH_STYLE: zBool.default(false),
  /**
   * Money (issue 10): the platform fee in basis points (a program may override it); invoices: the issuer shown on
   * them, a tax rate in basis points applied to the sponsorship (0 until tax registration is set up: the invoice
   * says no tax was charged), the issuer's tax id, and how long after issue an invoice is due. The ledger is
   * verified nightly by the `ledger-verify` Schedule at LEDGER_VERIFY_CRON (UTC).
   */
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(500),
  INVOICE_ISSUER_NAME: z.string().trim().min(1).max(200).default('CommDesk Marketplace'),
  INVOICE_ISSUER_ADDRESS: z.string().trim().max(500).optional(),
  INVOICE_ISSUER_TAX_ID: z.string().trim().max(64).optional(),
  INVOICE_TAX_RATE_BPS: z.coerce.number().int().min(0).max(10_000).default(0),
  /** Per-community tax rates (their jurisdiction) overriding INVOICE_TAX_RATE_BPS: `<community id>=<bps>,...`. */
  INVOICE_TAX_RATE_BY_COMMUNITY: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseTaxRateOverrides(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  INVOICE_DUE_AFTER: zDuration.default(parseDurationMs('7d')),
  LEDGER_VERIFY_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, { message: 'expected a five-field cron expression, e.g. "30 2 * * *"' })
    .default('30 2 * * *'),
  /** Ports of the embedded stack that `npm start` runs when DATABASE_URL / TEMPORAL_ADDRESS are unset. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
  /**
   * As root, where the embedded PostgreSQL's binaries and data go when the `postgres` user cannot reach the
   * checkout (a private home directory): a folder that user can traverse.
   */
  EMBEDDED_PG_SHARED_DIR: z.string().min(1).default('/var/lib/commdesk-marketplace'),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  SEED_PASSWORD: z.string().min(8).default('commdesk-demo'),
  /**
   * Stripe (src/infra/stripe.ts). With STRIPE_SECRET_KEY the SDK talks to Stripe (test or live keys); without it,
   * to the stripe-mock at STRIPE_API_BASE (`npm start` and the test harness start one on a loopback port) with the
   * key sk_test_commdesklocal. STRIPE_WEBHOOK_SECRET verifies incoming webhooks; its local default is refused in
   * production. The Connect onboarding link sends the user back to STRIPE_CONNECT_RETURN_URL when done and to
   * STRIPE_CONNECT_REFRESH_URL when the link expired (default: the frontend's page
   * <first http(s) CORS origin>/communities/<id>/payout-account?onboarding=done|expired).
   */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, {
      message: 'expected a Stripe secret or restricted key (sk_test_..., sk_live_..., rk_...)',
    })
    .optional(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9_]+$/, { message: 'expected a webhook signing secret (whsec_...)' })
    .default('whsec_commdesk_local'),
  STRIPE_CONNECT_RETURN_URL: z.url({ protocol: /^https?$/ }).optional(),
  STRIPE_CONNECT_REFRESH_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** Where the S3 document store is, when DOCUMENT_STORE_S3_BUCKET is set (src/documents/s3-document-store.ts). */
export type TDocumentStoreS3Config = {
  bucket: string;
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
};

export type TConfig = z.infer<typeof ZEnv> & {
  outboxDir: string;
  documentStoreS3: TDocumentStoreS3Config | null;
  contractSealP12: string;
  publicBaseUrl: string;
};

export class ConfigError extends Error {}

/** The webhook secret of local runs (stripe-mock, tests): public, so never accepted in production. */
export const LOCAL_STRIPE_WEBHOOK_SECRET = 'whsec_commdesk_local';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // The default list gives EUR, GBP and INR about the same money as the USD default, so an INR release does not need
  // a second approver at a hundredth of a USD one's value. An operator who sets the one number alone meant it for
  // every currency (0 = never anywhere), as before the list existed.
  if (
    cleaned.ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY === undefined &&
    cleaned.ESCROW_SECOND_APPROVAL_ABOVE === undefined
  )
    cleaned.ESCROW_SECOND_APPROVAL_ABOVE_BY_CURRENCY = DEFAULT_SECOND_APPROVAL_BY_CURRENCY;
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  if (cfg.NODE_ENV === 'production' && cfg.STRIPE_WEBHOOK_SECRET === LOCAL_STRIPE_WEBHOOK_SECRET)
    throw new ConfigError(
      `Invalid configuration:\n  - STRIPE_WEBHOOK_SECRET: the local default ${LOCAL_STRIPE_WEBHOOK_SECRET} is refused in production (anyone could sign Stripe events); set the endpoint's secret from the Stripe dashboard`,
    );
  const documentStoreS3 = documentStoreS3Of(cfg, cleaned);
  return {
    ...cfg,
    documentStoreS3,
    outboxDir: cfg.OUTBOX_DIR ?? `${cfg.DATA_DIR}/outbox`,
    contractSealP12: cfg.CONTRACT_SEAL_P12 ?? `${cfg.DATA_DIR}/contract-seal.p12`,
    publicBaseUrl: (cfg.PUBLIC_BASE_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/$/, ''),
  };
}

/**
 * The S3 settings only mean something together: any of them without a bucket, or half a key pair, would quietly
 * leave documents on the local disk or send unsigned requests, so start-up refuses them.
 */
function documentStoreS3Of(
  cfg: z.infer<typeof ZEnv>,
  env: Record<string, string | undefined>,
): TDocumentStoreS3Config | null {
  const problems: string[] = [];
  const {
    DOCUMENT_STORE_S3_ACCESS_KEY_ID: accessKeyId,
    DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: secretAccessKey,
  } = cfg;
  if (!cfg.DOCUMENT_STORE_S3_BUCKET) {
    const orphans = Object.keys(env).filter((name) => name.startsWith('DOCUMENT_STORE_S3_'));
    if (orphans.length > 0)
      problems.push(
        `  - DOCUMENT_STORE_S3_BUCKET: required when ${orphans.sort().join(', ')} ${orphans.length > 1 ? 'are' : 'is'} set`,
      );
  } else if (!accessKeyId !== !secretAccessKey) {
    const missing = accessKeyId ? 'DOCUMENT_STORE_S3_SECRET_ACCESS_KEY' : 'DOCUMENT_STORE_S3_ACCESS_KEY_ID';
    problems.push(`  - ${missing}: required with the other half of the key pair`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  if (!cfg.DOCUMENT_STORE_S3_BUCKET) return null;
  return {
    bucket: cfg.DOCUMENT_STORE_S3_BUCKET,
    endpoint: cfg.DOCUMENT_STORE_S3_ENDPOINT,
    region: cfg.DOCUMENT_STORE_S3_REGION,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: cfg.DOCUMENT_STORE_S3_FORCE_PATH_STYLE,
  };
}

/** Entry points call this: a bad environment prints every problem once and exits, never a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): TConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
