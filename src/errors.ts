import type { TContractStatus } from './domain/contract.js';
import type { TLedgerEntry, TLedgerKind } from './domain/ledger.js';
import type { TRequestStatus } from './domain/negotiation.js';

export const APP_ERROR_STATUS = {
  VALIDATION: 400,
  BAD_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_REVISION: 409,
  /** A signature named a document hash other than the contract's current document. */
  DOCUMENT_CHANGED: 409,
  /** A sequential contract signed by a side whose turn it is not. */
  OUT_OF_ORDER: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BUSINESS_RULE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

/**
 * Every `error.code` the API answers with: the shared vocabulary above plus the two the HTTP layer adds itself (a
 * method the path does not serve, any other transport refusal). The Error schema of the OpenAPI document is this
 * list and the app's error writer is typed against it, so a new code cannot reach a client undocumented.
 */
export const API_ERROR_CODES = [
  ...(Object.keys(APP_ERROR_STATUS) as AppErrorCode[]),
  'METHOD_NOT_ALLOWED',
  'HTTP_ERROR',
] as const satisfies readonly string[];
export type ApiErrorCode = AppErrorCode | 'METHOD_NOT_ALLOWED' | 'HTTP_ERROR';

/** One refused input: where (body, query, param, header), which field (dot path; empty for the whole) and why. */
export type TFieldIssue = { location?: string; path: string; message: string };
/**
 * Facts about a refusal that is not one input field's shape: the rule broken, what it collides with, when to retry.
 * Every key any error sets is listed here (and in the document's ErrorFacts), so clients can rely on them.
 */
export type TErrorFacts = {
  /** The rule a workflow or the domain refused by (NOT_YOUR_TURN, PARTY_INELIGIBLE, ...). */
  rule?: string | null;
  field?: string;
  domain?: string;
  existingOrganizationId?: string;
  existingReviewId?: string;
  existingLinkId?: string;
  existingRequestId?: string;
  proposalId?: string;
  requestStatus?: TRequestStatus;
  contractStatus?: TContractStatus | null;
  retryAfterSeconds?: number;
  limit?: number;
  trust?: 'restricted' | 'standard';
  reasons?: string[];
  /** What an unavailable dependency answered. */
  cause?: string;
  /** A ledger transaction key posted before with other content, and what it holds. */
  key?: string;
  existing?: { paymentId: string; kind: TLedgerKind; entries: TLedgerEntry[] };
};
export type TErrorDetails = TFieldIssue[] | TErrorFacts;

/** The one error vocabulary shared by API, repositories, activities and workflows. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: TErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('FORBIDDEN', message);
export const conflict = (message: string, details?: TErrorDetails) =>
  new AppError('CONFLICT', message, details);

/**
 * ApplicationFailure types raised by activities and workflow steps that the API maps to HTTP: a value the
 * database refused (400), a constraint it refused (409), a database that did not answer in time (503).
 */
export const STEP_FAILURE = {
  INVALID_DATA: 'INVALID_DATA',
  CONSTRAINT_VIOLATION: 'CONSTRAINT_VIOLATION',
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
