import { OpenAPIHono } from '@hono/zod-openapi';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { classifyDbError } from '../db/pg-errors.js';
import { DocumentStoreUnavailableError } from '../documents/document-store.js';
import { AppError, type ApiErrorCode, type TErrorDetails } from '../errors.js';
import { authRoutes } from './auth/auth.routes.js';
import type { TApiDeps, TAppEnv } from './context.js';
import { docsRoutes } from './docs/docs.routes.js';
import { eventPartnerRoutes } from './event-partners/event-partners.routes.js';
import { eventRoutes } from './events/events.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { metaRoutes } from './meta/meta.routes.js';
import {
  allowedMethods,
  completeOperationResponses,
  DOCUMENT_INFO,
  finishDocument,
  publicOperations,
} from './openapi-contract.js';
import { sessionMiddleware } from './middleware/session.js';
import { corsMiddleware } from './middleware/cors.js';
import { csrfMiddleware } from './middleware/csrf.js';
import { SESSION_COOKIE } from './auth/browser-session.js';
import { webhookRoutes } from './webhooks/webhooks.routes.js';
import { memberRoutes } from './sponsors/members.routes.js';
import { opportunityRoutes } from './opportunities/opportunities.routes.js';
import { matchingRoutes } from './matching/matching.routes.js';
import { reputationRoutes } from './reputation/reputation.routes.js';
import { openingIdsOf, requestRoutes, stepRequestIdOf } from './requests/requests.routes.js';
import { contractRoutes } from './contracts/contracts.routes.js';
import { fulfillmentRoutes } from './fulfillment/fulfillment.routes.js';
import { programRoutes } from './programs/programs.routes.js';
import { invoiceRoutes } from './payments/invoices.routes.js';
import { isTemporalUnreachable } from '../infra/temporal-client.js';
import { paymentRoutes } from './payments/payments.routes.js';
import { opsRoutes } from './ops/ops.routes.js';
import { payoutAccountRoutes } from './stripe/payout-accounts.routes.js';
import { stripeRoutes } from './stripe/stripe.routes.js';
import { sponsorRoutes } from './sponsors/sponsors.routes.js';

const MAX_BODY_BYTES = 1024 * 1024;

function errorBody(code: ApiErrorCode, message: string, details?: TErrorDetails) {
  return { success: false as const, message, error: { code, ...(details === undefined ? {} : { details }) } };
}

export function createApp(deps: TApiDeps) {
  const app = new OpenAPIHono<TAppEnv>();

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  // Before everything else: a preflight is answered here, and every answer (errors too) carries the CORS headers.
  app.use('*', corsMiddleware(deps.config.CORS_ORIGINS));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  // A method the path does not serve is a 405 before anything reads a token or a body (so TRACE with a stale token
  // is a 405, not a 401), and a literal path (/sponsors/apply) asked with a method only a parameterised sibling
  // serves (PATCH /sponsors/:id) is a 405 too, not that sibling's "organizationId must be a UUID". Filled once every
  // route is registered.
  let allowedOn: (path: string) => string[] = () => [];
  app.use('*', async (c, next) => {
    const allow = allowedOn(c.req.path);
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    if (allow.length > 0 && !allow.includes(method)) {
      c.header('Allow', allow.join(', '));
      return c.json(
        errorBody(
          'METHOD_NOT_ALLOWED',
          `${c.req.method} is not allowed on ${c.req.path} (allowed: ${allow.join(', ')})`,
        ),
        405,
      );
    }
    await next();
  });
  // The rest of the body is never read, and a chunked one is cut off mid-stream: the connection cannot carry another
  // request, so the client is told not to reuse it (without it, a keep-alive client's next request on that socket
  // failed with "other side closed").
  const tooLarge = () => {
    throw new AppError('PAYLOAD_TOO_LARGE', `the request body exceeds ${MAX_BODY_BYTES} bytes`, undefined, {
      Connection: 'close',
    });
  };
  const countedBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use('/api/*', async (c, next) => {
    // Hono's bodyLimit first reads c.req.raw.body, which makes @hono/node-server build a web Request around a stream
    // of the incoming message (about 0.5 ms of CPU a request) even when Content-Length settles the question, and the
    // JSON body is then read through that stream instead of node-server's direct path. So a declared length is
    // checked here as bodyLimit checks it; only a body without one (chunked) is counted by bodyLimit as it arrives.
    // GET and HEAD bodies are never read (node-server gives their Request none).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return countedBodyLimit(c, next);
    return Number.parseInt(length || '0', 10) > MAX_BODY_BYTES ? tooLarge() : next();
  });
  // Public operations (`security: []` in the document) never read the Authorization header: a stale token left
  // in a client must not block a login or a health check. Filled once every route is registered, below.
  let anonymous: ReturnType<typeof publicOperations> = [];
  app.use(
    '/api/*',
    sessionMiddleware(deps, {
      ignoresToken: (method, path) =>
        anonymous.some((op) => op.method === (method === 'HEAD' ? 'GET' : method) && op.pattern.test(path)),
      stepRequestOf: stepRequestIdOf,
      openingIdsOf,
    }),
  );
  app.use('/api/*', csrfMiddleware(deps));

  app.route('/api/v1/health', healthRoutes(deps));
  app.route('/api/v1/meta', metaRoutes(deps));
  app.route('/api/v1/auth', authRoutes(deps));
  app.route('/api/v1/events', eventRoutes(deps));
  app.route('/api/v1/events', eventPartnerRoutes(deps));
  app.route('/api/v1/webhooks', webhookRoutes(deps));
  app.route('/api/v1/sponsors', sponsorRoutes(deps));
  app.route('/api/v1/sponsors', memberRoutes(deps));
  app.route('/api/v1/opportunities', opportunityRoutes(deps));
  app.route('/api/v1', requestRoutes(deps));
  app.route('/api/v1', contractRoutes(deps));
  app.route('/api/v1', fulfillmentRoutes(deps));
  app.route('/api/v1', programRoutes(deps));
  app.route('/api/v1', invoiceRoutes(deps));
  app.route('/api/v1', paymentRoutes(deps));
  app.route('/api/v1', opsRoutes(deps));
  app.route('/api/v1/stripe', stripeRoutes(deps));
  app.route('/api/v1', payoutAccountRoutes(deps));
  app.route('/api/v1', reputationRoutes(deps));
  app.route('/api/v1', matchingRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
  });
  // Built once, on first request, after every route is registered (see openapi-contract.ts for what is added).
  let document: ReturnType<typeof app.getOpenAPI31Document> | null = null;
  app.get('/openapi.json', (c) =>
    c.json(
      (document ??= finishDocument(app.getOpenAPI31Document(DOCUMENT_INFO), {
        supportedCurrencies: deps.config.SUPPORTED_CURRENCIES,
      })),
    ),
  );
  app.route('/docs', docsRoutes());
  app.get('/', (c) => c.redirect('/docs'));

  anonymous = publicOperations(app);
  completeOperationResponses(app);
  const methods = allowedMethods(app.routes);
  allowedOn = (path) => {
    const literal = methods.onLiteralPath(path);
    return literal.length > 0 ? literal : methods.on(path);
  };

  // A known path asked with a method it does not serve is a 405 with the methods it does serve (RFC 9110 15.5.6).
  app.notFound((c) => {
    const allow = methods.on(c.req.path);
    if (allow.length > 0) {
      c.header('Allow', allow.join(', '));
      return c.json(
        errorBody(
          'METHOD_NOT_ALLOWED',
          `${c.req.method} is not allowed on ${c.req.path} (allowed: ${allow.join(', ')})`,
        ),
        405,
      );
    }
    return c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404);
  });

  app.onError((err, c) => {
    if (err instanceof AppError) {
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return c.json(errorBody(err.code, err.message, err.details), err.status as ContentfulStatusCode);
    }
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return c.json(errorBody('CONFLICT', 'This process is already running'), 409);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code =
        status === 400
          ? 'BAD_JSON'
          : status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : status === 413
              ? 'PAYLOAD_TOO_LARGE'
              : 'HTTP_ERROR';
      const message =
        status === 400
          ? 'The request body is not valid JSON'
          : status === 415
            ? 'Send the body as application/json'
            : err.message;
      return c.json(errorBody(code, message), status as ContentfulStatusCode);
    }
    // Before the database's classifier, which would read the store's refused connection as the database's.
    if (err instanceof DocumentStoreUnavailableError) {
      deps.logger.warn({ err, requestId: c.get('requestId') }, 'document store unavailable');
      c.header('Retry-After', '5');
      return c.json(errorBody('UNAVAILABLE', 'The document store is unavailable; try again shortly'), 503);
    }
    // Temporal down or unreachable in a route that did not map it itself: nothing was done, a 503 to retry.
    if (isTemporalUnreachable(err)) {
      deps.logger.warn({ err, requestId: c.get('requestId') }, 'workflow service unavailable');
      c.header('Retry-After', '5');
      return c.json(
        errorBody('UNAVAILABLE', 'The workflow service is unavailable; nothing was done, retry shortly'),
        503,
      );
    }
    // An Update the workflow did not answer within the call's deadline (a saturated worker): it may still apply, so
    // the caller is told to look before repeating; a repeat with the same revision or Idempotency-Key is harmless.
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      deps.logger.warn({ err, requestId: c.get('requestId') }, 'workflow update not answered in time');
      c.header('Retry-After', '5');
      return c.json(
        errorBody(
          'UNAVAILABLE',
          'The workflow did not answer in time; the change may still be applied: read its state before repeating it',
        ),
        503,
      );
    }
    // A database error that escaped a route: a refused value is the caller's (400/409), an outage is a 503.
    const dbFailure = classifyDbError(err);
    if (dbFailure?.kind === 'invalid_data')
      return c.json(errorBody('VALIDATION', `The database refused a value: ${dbFailure.message}`), 400);
    if (dbFailure?.kind === 'constraint')
      return c.json(
        errorBody('CONFLICT', `The change conflicts with existing data: ${dbFailure.message}`),
        409,
      );
    if (dbFailure?.kind === 'unavailable') {
      deps.logger.warn({ err, requestId: c.get('requestId') }, 'database unavailable');
      c.header('Retry-After', '5');
      return c.json(errorBody('UNAVAILABLE', 'The database is unavailable; try again shortly'), 503);
    }
    deps.logger.error({ err, requestId: c.get('requestId') }, 'unhandled error');
    return c.json(errorBody('INTERNAL', `Internal error (request ${c.get('requestId')})`), 500);
  });

  return app;
}
