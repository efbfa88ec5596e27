import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions } from '../../src/db/schema/index.js';
import { PASSWORD, createSessionToken, createUser } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * Generated from the OpenAPI document: every operation, every string field of its body, every query parameter and
 * every path parameter gets NUL (and, where the transport allows, other invalid text). Each must be refused with a
 * 400 naming the field, never a 5xx: Postgres refuses NUL in text, and before the shared text type these reached it.
 */

type TSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, TSchema>;
  items?: TSchema;
  anyOf?: TSchema[];
  oneOf?: TSchema[];
  allOf?: TSchema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
};
type TOperation = {
  parameters?: { name: string; in: 'query' | 'path' | 'header'; required?: boolean; schema: TSchema }[];
  requestBody?: { content: Record<string, { schema: TSchema }> };
};
type TDoc = {
  paths: Record<string, Record<string, TOperation>>;
  components: { schemas: Record<string, TSchema> };
};

let stack: TTestStack;
let token: string;
let doc: TDoc;

beforeAll(async () => {
  stack = await startTestStack();
  const admin = await createUser(stack.db, { isPlatformAdmin: true });
  token = await createSessionToken(stack.db, admin.id);
  const res = await stack.request<TDoc>('GET', '/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => stack?.close());

const resolve = (schema: TSchema): TSchema =>
  schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]! : schema;
const isString = (s: TSchema) => s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));

/** Paths to every string leaf of a schema (arrays as their first element), with the leaf's schema. */
function stringLeaves(
  schema: TSchema,
  path: (string | number)[] = [],
  seen = new Set<TSchema>(),
): {
  path: (string | number)[];
  schema: TSchema;
}[] {
  const s = resolve(schema);
  if (seen.has(s)) return [];
  const inner = new Set(seen).add(s);
  const branches = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
  const out = branches.flatMap((b) => stringLeaves(b, path, inner));
  if (isString(s)) out.push({ path, schema: s });
  for (const [name, prop] of Object.entries(s.properties ?? {}))
    out.push(...stringLeaves(prop, [...path, name], inner));
  if (s.items) out.push(...stringLeaves(s.items, [...path, 0], inner));
  const unique = new Map(out.map((leaf) => [leaf.path.join('.'), leaf]));
  return [...unique.values()];
}

/** `{ a: { b: [ { c: value } ] } }` for the path a.b.0.c */
/** The string leaves of an operation's JSON body (a multipart upload has no text fields to try). */
const jsonBodyLeaves = (op: TOperation) => {
  const schema = op.requestBody?.content['application/json']?.schema;
  return schema ? stringLeaves(schema) : [];
};

/** A value the schema accepts, for the parameters beside the one under test. */
function validExample(s: TSchema): string {
  if (s.enum?.length) return String(s.enum[0]);
  if (s.type === 'integer' || s.type === 'number') return String(s.minimum ?? 1);
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  return 'x';
}

function bodyAt(path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [bodyAt(rest, value)] : { [head!]: bodyAt(rest, value) };
}

function operations() {
  return Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/api/'))
    .flatMap(([p, methods]) => Object.entries(methods).map(([method, op]) => ({ path: p, method, op })));
}

/** Path parameters filled with fresh UUIDs, so only the field under test is wrong. */
function concretePath(template: string, override?: { name: string; value: string }) {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    override?.name === name ? override.value : '00000000-0000-4000-8000-000000000000',
  );
}

const BODY_VALUES = [
  ['NUL', 'a\u0000b'],
  ['a control character', 'a\u0007b'],
  ['an unpaired surrogate', 'a\uD800b'],
  ['a C1 control character', 'a\u0085b'],
] as const;
const QUERY_VALUES = [
  ['NUL', 'a%00b'],
  ['a control character', 'a%07b'],
] as const;

describe('invalid text in every field of every operation (generated from /openapi.json)', () => {
  it('covers the API: bodies with string fields and query parameters exist', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(30);
    const bodyLeaves = ops.flatMap(({ op }) => jsonBodyLeaves(op));
    expect(bodyLeaves.length).toBeGreaterThan(50);
    expect(
      ops.flatMap(({ op }) => op.parameters ?? []).filter((p) => p.in === 'query').length,
    ).toBeGreaterThan(20);
  });

  it('documents the text rules: every free-text string field of a request has a pattern (and a maxLength when the pattern is unbounded)', () => {
    const undocumented: string[] = [];
    for (const { path, method, op } of operations()) {
      const leaves = [
        ...jsonBodyLeaves(op),
        ...(op.parameters ?? []).map((p) => ({ path: [`${p.in}:${p.name}`], schema: resolve(p.schema) })),
      ];
      for (const leaf of leaves) {
        const s = leaf.schema;
        if (!isString(s) || s.enum || ['uuid', 'email', 'date-time'].includes(s.format ?? '')) continue;
        // a pattern with an unbounded repetition (the text type's) needs maxLength beside it
        if (!s.pattern || (/[*+]\$$/.test(s.pattern) && s.maxLength === undefined))
          undocumented.push(`${method} ${path} ${leaf.path.join('.')}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('refuses invalid text in every body field with 400 naming the field', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, op } of operations()) {
      const schema = op.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      for (const leaf of stringLeaves(schema)) {
        for (const [label, value] of BODY_VALUES) {
          const res = await stack.request(method.toUpperCase(), concretePath(path), {
            token,
            body: bodyAt(leaf.path, value),
          });
          sent++;
          const field = leaf.path.join('.');
          const named = (res.body?.error?.details ?? []).some(
            (d: { location: string; path: string }) => d.location === 'body' && d.path === field,
          );
          if (res.status !== 400 || !named)
            failures.push(
              `${method} ${path} body.${field} with ${label}: ${res.status} ${JSON.stringify(res.body)}`,
            );
        }
      }
    }
    expect(sent).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });

  it('refuses invalid text in every query parameter with 400 naming the parameter', async () => {
    const failures: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const param of (op.parameters ?? []).filter((p) => p.in === 'query')) {
        for (const [label, value] of QUERY_VALUES) {
          // The other required parameters get valid values, so that the error can only be about this one.
          const others = (op.parameters ?? [])
            .filter((p) => p.in === 'query' && p.required && p.name !== param.name)
            .map((p) => `${p.name}=${encodeURIComponent(validExample(resolve(p.schema)))}`);
          const res = await stack.request(
            method.toUpperCase(),
            `${concretePath(path)}?${[`${param.name}=${value}`, ...others].join('&')}`,
            { token },
          );
          const named = (res.body?.error?.details ?? []).some(
            (d: { location: string; path: string }) => d.location === 'query' && d.path === param.name,
          );
          if (res.status !== 400 || !named)
            failures.push(
              `${method} ${path} ?${param.name} with ${label}: ${res.status} ${JSON.stringify(res.body)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses NUL in every path parameter with 400, never a 5xx', async () => {
    const failures: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const param of (op.parameters ?? []).filter((p) => p.in === 'path')) {
        const res = await stack.request(
          method.toUpperCase(),
          concretePath(path, { name: param.name, value: 'a%00b' }),
          { token, ...(op.requestBody ? { body: {} } : {}) },
        );
        if (res.status !== 400) failures.push(`${method} ${path} {${param.name}}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('stores header text clean: control characters dropped from User-Agent, a non-address X-Forwarded-For ignored', async () => {
    const user = await createUser(stack.db);
    const res = await stack.request('POST', '/api/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      headers: { 'user-agent': 'curl/8\u0007 (x\u0085)', 'x-forwarded-for': 'evil\u0007' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [session] = await stack.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(session!.userAgent).toBe('curl/8 (x)');
    expect(session!.ip).not.toContain('evil');
    // NUL, CR and LF cannot travel in a header at all (fetch and Node's HTTP parser refuse them); the API reads no
    // other header into storage (there is no Idempotency-Key header; Authorization must match a strict pattern).
    expect(() => new Headers({ 'user-agent': 'a\u0000b' })).toThrow();
    const bad = await stack.request('GET', '/api/v1/auth/me', {
      headers: { authorization: 'Bearer \u0007' + 'x'.repeat(30) },
    });
    expect(bad.status).toBe(401);
  });
});
