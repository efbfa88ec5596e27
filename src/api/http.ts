import { z } from '@hono/zod-openapi';
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { CONTRACT_STATUSES } from '../domain/contract.js';
import { LEDGER_ACCOUNTS, LEDGER_KINDS } from '../domain/ledger.js';
import { REQUEST_STATUSES } from '../domain/negotiation.js';
import { API_ERROR_CODES, type TErrorDetails, type TErrorFacts } from '../errors.js';

export const ZUuid = z.uuid({ message: 'must be a UUID' });

export const ZPagination = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const ZFieldIssue = z
  .object({
    location: z.string().optional().describe('body, query, param or header'),
    path: z.string().describe('the field, as a dot path (empty for the whole input)'),
    message: z.string(),
  })
  .openapi('FieldIssue');
const ZErrorFacts = z
  .object({
    rule: z
      .string()
      .nullable()
      .optional()
      .describe('the rule refused by (NOT_YOUR_TURN, PARTY_INELIGIBLE, ...)'),
    field: z.string().optional(),
    domain: z.string().optional(),
    existingOrganizationId: z.string().optional(),
    existingReviewId: z.string().optional(),
    existingLinkId: z.string().optional(),
    existingRequestId: z.string().optional(),
    proposalId: z.string().optional(),
    requestStatus: z.enum(REQUEST_STATUSES).optional(),
    contractStatus: z.enum(CONTRACT_STATUSES).nullable().optional(),
    retryAfterSeconds: z.number().optional(),
    limit: z.number().optional(),
    trust: z.enum(['restricted', 'standard']).optional(),
    reasons: z.array(z.string()).optional(),
    cause: z.string().optional().describe('what an unavailable dependency answered'),
    key: z.string().optional(),
    existing: z
      .object({
        paymentId: z.string(),
        kind: z.enum(LEDGER_KINDS),
        entries: z.array(
          z.object({
            account: z.enum(LEDGER_ACCOUNTS),
            amountMinor: z.number(),
            currency: z.string().regex(/^[A-Z]{3}$/),
          }),
        ),
      })
      .optional(),
  })
  .openapi('ErrorFacts');

type TSame<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The documented details are exactly what AppError takes: a key added to one and not the other fails to compile.
const detailsMatch: TSame<keyof TErrorFacts, keyof z.infer<typeof ZErrorFacts>> &
  TSame<TErrorDetails, z.infer<typeof ZErrorFacts> | z.infer<typeof ZFieldIssue>[]> = true;
void detailsMatch;

export const ZErrorBody = z
  .object({
    success: z.literal(false),
    message: z.string(),
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      details: z
        .union([z.array(ZFieldIssue), ZErrorFacts])
        .optional()
        .describe(
          'the refused fields (400, 422, and 404 of a referenced id), or the facts of a conflict, limit or outage',
        ),
    }),
  })
  .openapi('Error');

export const ZPageMeta = z.object({
  page: z.number(),
  limit: z.number(),
  total: z.number(),
  totalPages: z.number(),
});

export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ success: z.literal(true), data, message: z.string().optional() });
}

export function listEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ success: z.literal(true), data: z.array(item), meta: ZPageMeta });
}

export const errorResponses = {
  400: {
    description: 'Invalid input (details list each field path)',
    content: { 'application/json': { schema: ZErrorBody } },
  },
  401: { description: 'Authentication required', content: { 'application/json': { schema: ZErrorBody } } },
  403: { description: 'Not permitted', content: { 'application/json': { schema: ZErrorBody } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ZErrorBody } } },
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export function ok<T>(c: Context, data: T) {
  return c.json({ success: true as const, data }, 200);
}

export function created<T>(c: Context, data: T) {
  return c.json({ success: true as const, data }, 201);
}

export function accepted<T>(c: Context, data: T) {
  return c.json({ success: true as const, data }, 202);
}

export function okList<T>(c: Context, data: T[], meta: { page: number; limit: number; total: number }) {
  return c.json(
    { success: true as const, data, meta: { ...meta, totalPages: Math.ceil(meta.total / meta.limit) } },
    200,
  );
}

/**
 * The caller's address: the socket's, or the first X-Forwarded-For hop when TRUST_PROXY is set and that hop is an
 * IP address (anything else in the header is ignored: it is stored and used in rate-limit keys).
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded && isIP(forwarded)) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Marks a zod refinement as a business rule that JSON Schema cannot state (one field against another, such as
 * `maxMinor >= minMinor`): a request whose only problems are such rules is otherwise what the document calls valid,
 * so it is answered 422 (BUSINESS_RULE) rather than 400. Pass as the refinement's `params`.
 */
export const BUSINESS_RULE_ISSUE = { businessRule: true } as const;

type TIssue = {
  path: PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
  params?: Record<string, unknown>;
};

/** Every issue is a marked business rule (BUSINESS_RULE_ISSUE): the input is schema-valid, a rule refuses it. */
export function onlyBusinessRules(issues: readonly TIssue[]): boolean {
  return (
    issues.length > 0 &&
    issues.every((issue) => issue.code === 'custom' && issue.params?.businessRule === true)
  );
}

/** zod issues as `{ location, path, message }`; unknown keys are listed one by one with their own path. */
export function issuesToDetails(target: string, issues: readonly TIssue[]) {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      return issue.keys.map((key) => ({
        location: target,
        path: [...base, key].join('.'),
        message: 'unknown field',
      }));
    }
    return [{ location: target, path: base.join('.'), message: issue.message }];
  });
}

/** `security` of an operation anyone may call: the Authorization header is not read (a stale token is harmless). */
export const PUBLIC_OPERATION: { bearer: string[] }[] = [];
/**
 * `security` of an operation that works without a session but answers a session differently (more events, contacts):
 * a token (or session cookie), when sent, must be valid, so a stale session learns it is stale (401) instead of
 * silently seeing less.
 */
export const OPTIONAL_AUTH: Record<string, string[]>[] = [{ bearer: [] }, { sessionCookie: [] }, {}];
