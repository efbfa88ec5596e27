import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { TAppEnv } from './context.js';
import { ZErrorBody } from './http.js';

/**
 * What every operation can answer besides what its route lists, added to the document in one place so that no route
 * can forget it: the app-wide middleware and error handler produce these for any route.
 */
const errorContent = { 'application/json': { schema: ZErrorBody } };
const COMMON = {
  400: 'Invalid input (details list each field path)',
  401: 'Authentication required, or the token sent is invalid, expired or revoked',
  403: 'Not permitted; a cookie session also needs X-CSRF-Token and an allowed Origin on unsafe methods',
  413: 'The request body is larger than 1 MiB',
  503: 'The database is unavailable; retry after the Retry-After seconds',
} as const;

type TOperationMatcher = { method: string; pattern: RegExp };
type TRoute = {
  method: string;
  path: string;
  security?: Record<string, string[]>[];
  request?: { body?: unknown; params?: unknown; query?: unknown };
  responses: Record<string, { description?: string; content?: unknown }>;
};

/** A Hono route path (`/a/:id/b`, `/docs/*`) as an anchored regular expression. */
export function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      segment === '*'
        ? '.*'
        : segment.startsWith(':')
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

function routesOf(app: OpenAPIHono<TAppEnv>): TRoute[] {
  return app.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route as TRoute] : []));
}

/**
 * Completes every operation's responses: error statuses without a body schema get the Error schema, and the statuses
 * the shared middleware produces are listed (400 where there is input, 401 where a token is read, 413 where there is
 * a body, 503 everywhere the database is read). Response objects are replaced, never mutated: routes share them.
 */
export function completeOperationResponses(app: OpenAPIHono<TAppEnv>) {
  for (const route of routesOf(app)) {
    const responses = { ...route.responses };
    for (const [status, response] of Object.entries(responses)) {
      if (Number(status) >= 400 && !response.content)
        responses[status] = { ...response, content: errorContent };
    }
    const add = (status: keyof typeof COMMON) => {
      responses[status] ??= { description: COMMON[status], content: errorContent };
    };
    const isPublic = Array.isArray(route.security) && route.security.length === 0;
    if (route.request?.body || route.request?.params || route.request?.query) add(400);
    if (!isPublic) add(401);
    // The CSRF check answers 403 on any unsafe method a session cookie authenticates.
    if (!isPublic && !['get', 'head'].includes(route.method)) add(403);
    if (route.request?.body) add(413);
    // Health answers its own 503; meta is static and reads no database.
    if (!/\/(health$|meta\/)/.test(route.path)) add(503);
    route.responses = responses;
  }
}

/** The operations that never read the Authorization header (`security: []` in the document). */
export function publicOperations(app: OpenAPIHono<TAppEnv>): TOperationMatcher[] {
  return routesOf(app)
    .filter((route) => Array.isArray(route.security) && route.security.length === 0)
    .map((route) => ({
      method: route.method.toUpperCase(),
      pattern: pathPattern(route.path.replace(/\{(\w+)\}/g, ':$1')),
    }));
}

/**
 * The methods the app answers on a path, from its route table (middleware, registered for ALL, is not a route).
 * `onStaticPath` answers for a path that is a literal route (`/sponsors/apply`): the methods of the literal routes
 * only, so that PATCH /sponsors/apply is a 405 rather than a PATCH of an organization whose id is "apply".
 */
export function allowedMethods(routes: readonly { method: string; path: string }[]) {
  const table = new Map<string, TOperationMatcher & { literal: boolean }>();
  for (const route of routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    if (!table.has(key))
      table.set(key, {
        method: route.method.toUpperCase(),
        pattern: pathPattern(route.path),
        literal: !/[:*]/.test(route.path),
      });
  }
  // Every request asks this (the 405 middleware), so the matchers are grouped by a path's first three segments: a
  // request tests its own group's patterns and those of the routes with a parameter or wildcard among their first
  // three (none of ours), instead of every route's pattern. A literal segment matches only itself, so no route whose
  // pattern could match is left out of the path's group.
  const ANY = '\0any';
  const groupOf = (path: string) => path.split('/').filter(Boolean).slice(0, 3);
  const groups = new Map<string, (TOperationMatcher & { literal: boolean })[]>();
  for (const [route, matcher] of table) {
    const head = groupOf(route.slice(route.indexOf(' ') + 1));
    const key = head.some((segment) => segment.includes('*') || segment.startsWith(':'))
      ? ANY
      : head.join('/');
    groups.set(key, [...(groups.get(key) ?? []), matcher]);
  }
  const candidates = (path: string) => [
    ...(groups.get(groupOf(path).join('/')) ?? []),
    ...(groups.get(ANY) ?? []),
  ];
  const methodsOf = (found: TOperationMatcher[]) => {
    const methods = new Set(found.map((m) => m.method));
    // Hono answers HEAD with the GET handler.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
  return {
    on: (path: string): string[] => methodsOf(candidates(path).filter((m) => m.pattern.test(path))),
    onLiteralPath: (path: string): string[] =>
      methodsOf(candidates(path).filter((m) => m.literal && m.pattern.test(path))),
  };
}

/**
 * Components whose schema reaches Currency or SupportedCurrency (directly or through other components): bodies that
 * carry money.
 */
function componentsWithMoney(schemas: Record<string, unknown>): Set<string> {
  const refsOf = (name: string) =>
    [...JSON.stringify(schemas[name] ?? {}).matchAll(/#\/components\/schemas\/([\w.-]+)/g)].map((m) => m[1]!);
  const found = new Set<string>(['Currency', 'SupportedCurrency']);
  for (let grew = true; grew;) {
    grew = false;
    for (const name of Object.keys(schemas)) {
      if (!found.has(name) && refsOf(name).some((ref) => found.has(ref))) {
        found.add(name);
        grew = true;
      }
    }
  }
  return found;
}

export const DOCUMENT_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'CommDesk Marketplace API',
    version: '1.0.0',
    description:
      'Sponsors and partners meet developer communities. Authenticate with `Authorization: Bearer <token>` from POST /api/v1/auth/login, ' +
      'or, in a browser, with the session cookie a login with `"session": "cookie"` sets (unsafe methods then need `X-CSRF-Token`).',
  },
  security: [{ bearer: [] }, { sessionCookie: [] }] as Record<string, string[]>[],
};

export type TDocumentSettings = {
  /** SUPPORTED_CURRENCIES of the deployment that serves the document: the values of SupportedCurrency. */
  supportedCurrencies?: readonly string[];
};

/**
 * What zod checks but its JSON Schema output leaves out, written into the document so that it says exactly what the
 * validators accept: `.int()` is a safe integer (±2^53-1); `z.email()` is zod's email pattern (which is neither
 * stricter nor looser than the `email` format everywhere, so the format goes); an operation whose body carries
 * money lists 422, a currency that is an ISO code but not one the platform handles; and SupportedCurrency, the
 * currency of money a body writes, lists the deployment's SUPPORTED_CURRENCIES. Its zod schema admits every ISO 4217
 * code (the list is configuration, read when the app is built, not when the schemas are), and the use case refuses
 * the ones outside the list with that 422 (requireSupportedCurrency), so the document lists exactly what is accepted.
 */
export function finishDocument<T>(document: T, settings: TDocumentSettings = {}): T {
  const EMAIL = z.regexes.email.source;
  const doc = document as {
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    components?: { schemas?: Record<string, unknown> };
  };
  const supported = doc.components?.schemas?.SupportedCurrency as { enum?: string[] } | undefined;
  if (supported?.enum && settings.supportedCurrencies) {
    const listed = new Set(supported.enum);
    supported.enum = settings.supportedCurrencies.filter((code) => listed.has(code));
  }
  const money = componentsWithMoney(doc.components?.schemas ?? {});
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      const body = JSON.stringify(operation.requestBody ?? null);
      const refs = [...body.matchAll(/#\/components\/schemas\/([\w.-]+)/g)].map((m) => m[1]!);
      if (refs.some((ref) => money.has(ref)) && !operation.responses['422'])
        operation.responses['422'] = {
          description:
            'A business rule refuses the request (the message and details name it), e.g. a currency the platform does not ' +
            'handle (see SupportedCurrency), a budget range whose maxMinor is below its minMinor, a deadline out of bounds',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
    }
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    // A coerced query number is documented as [integer, null].
    if (schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'))) {
      schema.minimum ??= -Number.MAX_SAFE_INTEGER;
      schema.maximum ??= Number.MAX_SAFE_INTEGER;
    }
    // A nullable email is typed [string, null].
    const isString =
      schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));
    if (isString && schema.format === 'email') {
      schema.pattern ??= EMAIL;
      delete schema.format;
    }
    Object.values(schema).forEach(visit);
  };
  visit(document);
  return document;
}
