import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createCommunity,
  createEvent,
  createSessionToken,
  createUser,
  memberWithToken,
  PASSWORD,
} from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { lintOpenApi } from '../helpers/openapi-lint.js';
import { API_ERROR_CODES } from '../../src/errors.js';
import { ZLoginResult, ZMe } from '../../src/api/auth/auth.types.js';
import { ZEvent } from '../../src/api/events/events.types.js';
import { envelope, listEnvelope, ZErrorBody } from '../../src/api/http.js';
import { DOCUMENT_INFO, finishDocument } from '../../src/api/openapi-contract.js';
import { ISO_4217_CODES } from '../../src/domain/money.js';

type TOperation = { security?: unknown[]; responses: Record<string, unknown> };
type TDocument = { paths: Record<string, Record<string, TOperation>> };
type TJsonSchema = {
  enum?: unknown[];
  anyOf?: unknown[];
  oneOf?: unknown[];
  properties?: Record<string, TJsonSchema>;
};

let stack: TTestStack;
let doc: TDocument;
beforeAll(async () => {
  stack = await startTestStack();
  doc = (await stack.request<TDocument>('GET', '/openapi.json')).body;
});
afterAll(() => stack?.close());

const STALE = `Bearer ${'x'.repeat(43)}`;

describe('undeclared methods', () => {
  it('answer 405 with the methods the path serves in Allow, not 404', async () => {
    const deal = await stack.request('DELETE', '/api/v1/deals/00000000-0000-4000-8000-000000000000');
    expect(deal.status).toBe(405);
    expect(deal.headers.get('allow')).toBe('GET, HEAD');
    expect(deal.body.error.code).toBe('METHOD_NOT_ALLOWED');

    const requests = await stack.request('PUT', '/api/v1/requests');
    expect(requests.status).toBe(405);
    expect(requests.headers.get('allow')).toBe('GET, HEAD, POST');

    const member = await stack.request(
      'GET',
      '/api/v1/sponsors/00000000-0000-4000-8000-000000000000/members/00000000-0000-4000-8000-000000000001',
    );
    expect(member.status).toBe(405);
    expect(member.headers.get('allow')).toBe('DELETE, PATCH');

    const spec = await stack.request('POST', '/openapi.json');
    expect(spec.status).toBe(405);
    expect(spec.headers.get('allow')).toBe('GET, HEAD');
  });

  it('an unknown path is still a 404', async () => {
    const res = await stack.request('GET', '/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
  });
});

describe('a bad bearer token', () => {
  it('is ignored by public operations: a stale token left in a client does not block login or health', async () => {
    const user = await createUser(stack.db, { email: 'stale.token@example.test' });
    const login = await stack.request('POST', '/api/v1/auth/login', {
      headers: { authorization: STALE },
      body: { email: 'stale.token@example.test', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body.data.user.id).toBe(user.id);
    for (const path of ['/api/v1/health', '/api/v1/meta/vocabulary', '/api/v1/meta/partner-categories']) {
      const res = await stack.request('GET', path, { headers: { authorization: 'Basic nonsense' } });
      expect(res.status, path).toBe(200);
    }
    // The document says so: no security requirement on these operations.
    expect(doc.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
    expect(doc.paths['/api/v1/health']!.get!.security).toEqual([]);
  });

  it('is a documented 401 where a session changes the answer (never a silent anonymous view)', async () => {
    const res = await stack.request('GET', '/api/v1/sponsors', { headers: { authorization: STALE } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    const directory = doc.paths['/api/v1/sponsors']!.get!;
    expect(directory.security).toEqual([{ bearer: [] }, { sessionCookie: [] }, {}]);
    expect(Object.keys(directory.responses)).toContain('401');
    // Without a token the same operation is public.
    expect((await stack.request('GET', '/api/v1/sponsors')).status).toBe(200);
  });

  it('is still a 401 on protected operations', async () => {
    expect(
      (await stack.request('GET', '/api/v1/auth/me', { headers: { authorization: STALE } })).status,
    ).toBe(401);
    const token = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await stack.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
  });
});

describe('the document', () => {
  it('lists 401 and 503 on every operation that reads a session and the database, 413 wherever there is a body', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const codes = Object.keys(op.responses);
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        if (!isPublic) expect(codes, `${method} ${path}`).toContain('401');
        if (!/\/(health|meta\/)/.test(path)) expect(codes, `${method} ${path}`).toContain('503');
        if ((op as { requestBody?: unknown }).requestBody)
          expect(codes, `${method} ${path}`).toContain('413');
      }
    }
  });

  it('types every response body: no free-form objects in the request, inbox, deal, opportunity and dashboard responses', () => {
    const text = JSON.stringify(doc);
    const components = (doc as unknown as { components: { schemas: Record<string, unknown> } }).components
      .schemas;
    for (const name of [
      'RequestDetail',
      'InboxItem',
      'Deal',
      'Opportunity',
      'DashboardEntry',
      'TimelineEntry',
    ])
      expect(components, name).toHaveProperty(name);
    // A `Record<string, unknown>` becomes `additionalProperties: {}` in the generated schema.
    expect(text).not.toContain('"additionalProperties":{}');
  });

  it('is exact everywhere: no schema that admits anything, no open object, no response vocabulary typed as free text', () => {
    // The Stripe event is the one documented passthrough: Stripe adds fields to its events without notice.
    expect(lintOpenApi(doc, ['StripeEvent'])).toEqual([]);
  });

  it('types error codes and details: the codes are the list the error writer is typed against', () => {
    const error = (doc as unknown as { components: { schemas: Record<string, TJsonSchema> } }).components
      .schemas.Error!;
    const { code, details } = error.properties!.error!.properties!;
    expect(code!.enum).toEqual([...API_ERROR_CODES]);
    expect(details!.anyOf?.length ?? details!.oneOf?.length).toBe(2);
  });
});

describe('real answers parse with their documented schemas', () => {
  it('errors (405, 404, 400 with field details, 401), a login, /auth/me and the event list', async () => {
    const bodies = [
      await stack.request('DELETE', '/api/v1/deals/00000000-0000-4000-8000-000000000000'),
      await stack.request('GET', '/api/v1/no-such-thing'),
      await stack.request('POST', '/api/v1/auth/login', { body: { email: 'not an address', extra: 1 } }),
      await stack.request('GET', '/api/v1/auth/me', { headers: { authorization: STALE } }),
    ];
    expect(bodies.map((r) => r.status)).toEqual([405, 404, 400, 401]);
    for (const res of bodies) ZErrorBody.parse(res.body);
    expect(ZErrorBody.parse(bodies[2]!.body).error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ location: 'body', path: 'email' })]),
    );

    const communityId = (await createCommunity(stack.db, 'approved')).id;
    await createEvent(stack.db, communityId, { isPublic: true });
    const user = await createUser(stack.db, { email: 'parsed.login@example.test' });
    await addMember(stack.db, communityId, user.id, 'Organizer');
    const login = await stack.request('POST', '/api/v1/auth/login', {
      body: { email: 'parsed.login@example.test', password: PASSWORD },
    });
    const session = envelope(ZLoginResult).parse(login.body).data;
    expect(session.communities).toEqual([
      expect.objectContaining({ communityId, role: 'Organizer', communityStatus: 'approved' }),
    ]);
    const auth = { authorization: `Bearer ${session.token}` };
    envelope(ZMe).parse((await stack.request('GET', '/api/v1/auth/me', { headers: auth })).body);
    const events = await stack.request('GET', `/api/v1/events?communityId=${communityId}`, { headers: auth });
    expect(listEnvelope(ZEvent).parse(events.body).data).toHaveLength(1);
  });
});

describe('the walk that guards the document', () => {
  it('finds what z.unknown(), z.any(), records, loose objects and a plain-string status turn into', () => {
    const app = new OpenAPIHono();
    const ZLoose = z
      .object({
        status: z.string(),
        currency: z.string(),
        orderKind: z.string().nullable(),
        code: z.string().regex(/^[A-Z]+$/),
        anything: z.unknown(),
        whatever: z.any(),
        bag: z.record(z.string(), z.unknown()),
        open: z.looseObject({ id: z.string() }),
      })
      .openapi('Loose');
    app.openapi(
      createRoute({
        method: 'get',
        path: '/loose',
        responses: { 200: { description: 'x', content: { 'application/json': { schema: ZLoose } } } },
      }),
      (c) => c.json({} as never, 200),
    );
    const found = lintOpenApi(
      app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } }),
    );
    for (const spot of ['status', 'currency', 'orderKind'])
      expect(found).toContain(`#Loose.${spot}: free text where a vocabulary is expected`);
    expect(found).not.toContain('#Loose.code: free text where a vocabulary is expected');
    expect(found).toContain('#Loose.anything: empty schema (admits anything)');
    expect(found).toContain('#Loose.whatever: empty schema (admits anything)');
    expect(found).toContain('#Loose.bag{*}: empty schema (admits anything)');
    expect(found.filter((f) => f.startsWith('#Loose.open'))).not.toEqual([]);
  });
});

describe('literal paths beside parameterised ones', () => {
  it('PATCH /sponsors/apply is a 405 (Allow: POST), not a PATCH of an organization whose id is "apply"', async () => {
    const res = await stack.request('PATCH', '/api/v1/sponsors/apply', { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const dashboard = await stack.request('DELETE', '/api/v1/sponsors/dashboard');
    expect(dashboard.status).toBe(405);
    expect(dashboard.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('405 comes before authentication', () => {
  it('an undeclared method with a stale token is a 405, not a 401', async () => {
    const res = await stack.request('PUT', '/api/v1/requests/00000000-0000-4000-8000-000000000000', {
      headers: { authorization: STALE },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('documents 422 on every operation whose body carries money, and minProperties on PATCH bodies', () => {
    expect(Object.keys(doc.paths['/api/v1/requests']!.post!.responses)).toContain('422');
    expect(Object.keys(doc.paths['/api/v1/requests/{requestId}/negotiate']!.patch!.responses)).toContain(
      '422',
    );
    expect(Object.keys(doc.paths['/api/v1/sponsors/{organizationId}']!.patch!.responses)).toContain('422');
    const schemas = (
      doc as unknown as { components: { schemas: Record<string, { minProperties?: number }> } }
    ).components.schemas;
    expect(schemas.SponsorProfilePatch!.minProperties).toBe(1);
    expect(schemas.UpdateOpportunity!.minProperties).toBe(1);
  });
});

describe('found by npm run fuzz', () => {
  it('GET /opportunities?sort=fit without an organization to fit is a 200, not a 500 (ORDER BY 0)', async () => {
    const communityId = (await createCommunity(stack.db, 'approved')).id;
    const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
    const res = await stack.request('GET', '/api/v1/opportunities?sort=fit', { token: organizer.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});

describe('the currency of money a body writes (fuzz: schema-valid bodies refused with 422)', () => {
  type TSchemas = Record<string, TJsonSchema & { $ref?: string; allOf?: { $ref?: string }[] }>;
  const refOf = (schema: TJsonSchema & { $ref?: string; allOf?: { $ref?: string }[] }) =>
    schema.$ref ?? schema.allOf?.find((s) => s.$ref)?.$ref;
  const schemasOf = (document: unknown) =>
    (document as { components: { schemas: TSchemas } }).components.schemas;

  it('is SupportedCurrency wherever a use case refuses an unsupported one; filters and answers keep Currency', () => {
    const schemas = schemasOf(doc);
    const supported = '#/components/schemas/SupportedCurrency';
    // Each of these is checked by requireSupportedCurrency (or openRequest) before anything is written.
    expect(refOf(schemas.Proposal!.properties!.currency!)).toBe(supported);
    for (const body of [
      'SponsorApplication',
      'SponsorProfilePatch',
      'CreateOpportunity',
      'UpdateOpportunity',
    ]) {
      // A nullable range is anyOf [object, null].
      const range = schemas[body]!.properties!.budgetRange!;
      const object = range.properties ? range : (range.anyOf as TJsonSchema[]).find((s) => s.properties)!;
      expect(refOf(object.properties!.currency!), body).toBe(supported);
    }
    for (const body of ['CreateProgram', 'PatchProgram'])
      expect(refOf(schemas[body]!.properties!.budgetPerPeriod!.properties!.currency!), body).toBe(supported);
    // A filter may name any ISO code, and money already written keeps its currency.
    const filter = (
      doc.paths['/api/v1/sponsors']!.get as unknown as { parameters: { name: string; schema: TJsonSchema }[] }
    ).parameters.find((p) => p.name === 'budgetCurrency')!;
    expect(refOf(filter.schema)).toBe('#/components/schemas/Currency');
    expect(schemas.Currency!.enum).toEqual([...ISO_4217_CODES]);
  });

  it('lists exactly the SUPPORTED_CURRENCIES it is built with, and only there', () => {
    const built = finishDocument(stack.app.getOpenAPI31Document(DOCUMENT_INFO), {
      supportedCurrencies: ['USD', 'INR'],
    });
    expect(schemasOf(built).SupportedCurrency!.enum).toEqual(['USD', 'INR']);
    expect(schemasOf(built).Currency!.enum).toEqual([...ISO_4217_CODES]);
    // Built without them, the document does not narrow what it cannot know.
    const plain = finishDocument(stack.app.getOpenAPI31Document(DOCUMENT_INFO));
    expect(schemasOf(plain).SupportedCurrency!.enum).toEqual([...ISO_4217_CODES]);
    // The served document is built with the deployment's own list.
    expect(schemasOf(doc).SupportedCurrency!.enum).toEqual([...stack.deps.config.SUPPORTED_CURRENCIES]);
  });

  it('every SupportedCurrency value is taken and every other ISO code is the documented 422', async () => {
    const built = finishDocument(stack.app.getOpenAPI31Document(DOCUMENT_INFO), {
      supportedCurrencies: stack.deps.config.SUPPORTED_CURRENCIES,
    });
    const listed = schemasOf(built).SupportedCurrency!.enum as string[];
    const communityId = (await createCommunity(stack.db, 'approved')).id;
    const organizer = await memberWithToken(stack.db, communityId, 'Organizer');
    const eventId = (await createEvent(stack.db, communityId)).id;
    const opportunity = (currency: string) =>
      stack.request('POST', '/api/v1/opportunities', {
        token: organizer.token,
        body: {
          eventId,
          title: `Sponsor in ${currency}`,
          desiredCategory: 'Gold Sponsor',
          budgetRange: { minMinor: 1, maxMinor: 2, currency },
          decisionDeadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      });
    for (const currency of listed) {
      const res = await opportunity(currency);
      expect(res.status, `${currency}: ${JSON.stringify(res.body)}`).toBe(201);
    }
    const others = ISO_4217_CODES.filter((code) => !listed.includes(code));
    // A sample across the alphabet: each is refused by the same rule, before anything is written.
    for (const currency of others.filter((_, i) => i % 20 === 0)) {
      const res = await opportunity(currency);
      expect(res.status, currency).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'budgetRange.currency' })]);
    }
  });
});
