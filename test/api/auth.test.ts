import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions } from '../../src/db/schema/index.js';
import { sha256Hex } from '../../src/infra/secret-box.js';
import {
  addMember,
  createCommunity,
  createOrganization,
  createSessionToken,
  createUser,
  PASSWORD,
} from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { organizationMembers } from '../../src/db/schema/index.js';

let stack: TTestStack;
beforeAll(async () => {
  stack = await startTestStack({
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    LOGIN_MAX_FAILURES_PER_IP: '6',
    LOGIN_THROTTLE_WINDOW: '1m',
  });
});
afterAll(() => stack?.close());

const login = (email: string, password: string, ip = '198.51.100.1') =>
  stack.request('POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': ip },
  });

describe('POST /api/v1/auth/login', () => {
  it('returns a bearer token and the user; only the token hash is stored', async () => {
    const user = await createUser(stack.db, { email: 'Login.Case@Example.test' });
    const res = await login('login.case@example.test', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      data: { token: expect.any(String), user: { id: user.id, email: 'login.case@example.test' } },
    });
    const stored = await stack.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(sha256Hex(res.body.data.token));
    expect(JSON.stringify(stored)).not.toContain(res.body.data.token);
  });

  it('answers 401 with one message for a wrong password and an unknown account', async () => {
    await createUser(stack.db, { email: 'wrong-pw@example.test' });
    const wrong = await login('wrong-pw@example.test', 'nope', '198.51.100.2');
    const unknown = await login('nobody@example.test', 'nope', '198.51.100.2');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('refuses disabled users', async () => {
    await createUser(stack.db, { email: 'disabled@example.test', status: 'disabled' });
    expect((await login('disabled@example.test', PASSWORD, '198.51.100.3')).status).toBe(401);
  });

  it('throttles an account after repeated failures, even with the right password, from any address', async () => {
    await createUser(stack.db, { email: 'throttled@example.test' });
    for (let i = 0; i < 3; i++)
      expect((await login('throttled@example.test', 'bad', `192.0.2.${i}`)).status).toBe(401);
    const blocked = await login('throttled@example.test', PASSWORD, '192.0.2.99');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
  });

  it('throttles an address that fails across many accounts', async () => {
    for (let i = 0; i < 6; i++)
      expect((await login(`spray-${i}@example.test`, 'bad', '203.0.113.77')).status).toBe(401);
    await createUser(stack.db, { email: 'innocent@example.test' });
    expect((await login('innocent@example.test', PASSWORD, '203.0.113.77')).status).toBe(429);
    expect((await login('innocent@example.test', PASSWORD, '203.0.113.78')).status).toBe(200);
  });

  it.each([
    ['bad JSON', { rawBody: '{' }, 'BAD_JSON'],
    ['missing password', { body: { email: 'a@b.co' } }, 'VALIDATION'],
    ['bad email', { body: { email: 'not-an-email', password: 'x' } }, 'VALIDATION'],
    ['unknown field', { body: { email: 'a@b.co', password: 'x', remember: true } }, 'VALIDATION'],
    ['oversized password', { body: { email: 'a@b.co', password: 'x'.repeat(2000) } }, 'VALIDATION'],
  ] as const)('%s -> 400', async (_name, opts, code) => {
    const res = await stack.request('POST', '/api/v1/auth/login', opts as object);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
  });
});

describe('sessions', () => {
  it('GET /me returns the user with community and organization memberships', async () => {
    const user = await createUser(stack.db);
    const community = await createCommunity(stack.db, 'active');
    await addMember(stack.db, community.id, user.id, 'Partnerships Lead');
    const org = await createOrganization(stack.db);
    await stack.db
      .insert(organizationMembers)
      .values({ organizationId: org.id, userId: user.id, role: 'Sponsor Admin' });
    const res = await login(user.email, PASSWORD, '198.51.100.20');
    const me = await stack.request('GET', '/api/v1/auth/me', { token: res.body.data.token });
    expect(me.status).toBe(200);
    expect(me.body.data.user.id).toBe(user.id);
    expect(me.body.data.communities).toEqual([
      {
        communityId: community.id,
        communityName: community.name,
        communityStatus: 'active',
        role: 'Partnerships Lead',
        status: 'Active',
      },
    ]);
    expect(me.body.data.organizations).toMatchObject([
      { organizationId: org.id, role: 'Sponsor Admin', kind: 'sponsor' },
    ]);
  });

  it('logout revokes the session (then 401), and is audited', async () => {
    const user = await createUser(stack.db);
    const token = (await login(user.email, PASSWORD, '198.51.100.21')).body.data.token;
    expect((await stack.request('POST', '/api/v1/auth/logout', { token })).status).toBe(200);
    const after = await stack.request('GET', '/api/v1/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    const audit = await stack.db.select().from(auditLog).where(eq(auditLog.action, 'session.revoked'));
    expect(audit.some((a) => a.actorUserId === user.id)).toBe(true);
  });

  it('expired sessions are 401', async () => {
    const user = await createUser(stack.db);
    const token = await createSessionToken(stack.db, user.id, { expiresInMs: -1000 });
    expect((await stack.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  it('a session of a user disabled later is 401', async () => {
    const user = await createUser(stack.db, { status: 'disabled' });
    const token = await createSessionToken(stack.db, user.id);
    expect((await stack.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  it('malformed or unknown tokens are 401, never anonymous', async () => {
    for (const header of ['Bearer', 'Basic abc', 'Bearer short', `Bearer ${'x'.repeat(43)}`]) {
      const res = await stack.request('GET', '/api/v1/events', { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
    }
    expect((await stack.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await stack.request('POST', '/api/v1/auth/logout')).status).toBe(401);
  });
});
