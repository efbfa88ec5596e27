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

/** The one error vocabulary shared by API, repositories, activities and workflows. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
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
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);

/**
 * ApplicationFailure types raised by activities and workflow steps that the API maps to HTTP: a value the
 * database refused (400), a constraint it refused (409), a database that did not answer in time (503).
 */
export const STEP_FAILURE = {
  INVALID_DATA: 'INVALID_DATA',
  CONSTRAINT_VIOLATION: 'CONSTRAINT_VIOLATION',
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
