import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { auditLog, organizationMembers, organizations, users } from '../../src/db/schema/index.js';
import type { OrganizationRole } from '../../src/domain/commdesk-facts.js';
import {
  createCommunity,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import {
  adminToken,
  emailsTo,
  linkTokenFor,
  STRONG_PASSWORD,
  waitForVerification,
} from '../helpers/onboarding.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let admin: string;

beforeAll(async () => {
  stack = await startTestStack();
  admin = await adminToken(stack);
});
afterAll(() => stack?.close());

async function orgWithMember(
  role: OrganizationRole,
  status: 'Active' | 'Verified' | 'Pending Verification' = 'Active',
) {
  const org = await createOrganization(stack.db, { status });
  const user = await createUser(stack.db);
  await stack.db
    .insert(organizationMembers)
    .values({ organizationId: org.id, userId: user.id, role, status: 'active' });
  return { org, user, token: await createSessionToken(stack.db, user.id) };
}

async function memberOf(orgId: string, role: OrganizationRole) {
  const user = await createUser(stack.db);
  await stack.db
    .insert(organizationMembers)
    .values({ organizationId: orgId, userId: user.id, role, status: 'active' });
  return { user, token: await createSessionToken(stack.db, user.id) };
}

const url = (orgId: string, rest = '') => `/api/v1/sponsors/${orgId}${rest}`;

describe('GET /api/v1/sponsors/:organizationId', () => {
  it('shows a public profile without contacts to outsiders, with derived trust figures', async () => {
    const { org } = await orgWithMember('Sponsor Admin');
    const res = await stack.request('GET', url(org.id));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: org.id,
      identity: { displayName: org.displayName, normalizedDomain: org.normalizedDomain },
      contacts: null,
      verification: null,
      trust: {
        verificationStatus: 'Active',
        communitiesSupportedCount: 0,
        eventsSponsoredCount: 0,
        developersReachedCount: 0,
      },
    });
  });

  it('hides organizations that are not verified from everyone but members and admins', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin', 'Pending Verification');
    expect((await stack.request('GET', url(org.id))).status).toBe(404);
    const outsider = await createSessionToken(stack.db, (await createUser(stack.db)).id);
    expect((await stack.request('GET', url(org.id), { token: outsider })).status).toBe(404);
    expect((await stack.request('GET', url(org.id), { token })).status).toBe(200);
    expect((await stack.request('GET', url(org.id), { token: admin })).status).toBe(200);
    expect((await stack.request('GET', url('not-a-uuid'))).status).toBe(400);
  });
});

describe('PATCH /api/v1/sponsors/:organizationId', () => {
  it('stores contacts encrypted, readable only by members and admins', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const res = await stack.request('PATCH', url(org.id), {
      token,
      body: {
        contacts: { billingEmail: 'billing@secret-billing.io', devRelEmail: 'devrel@secret-billing.io' },
        technologies: ['Kubernetes'],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.contacts).toMatchObject({
      billingEmail: 'billing@secret-billing.io',
      devRelEmail: 'devrel@secret-billing.io',
      hiringEmail: null,
    });
    const raw = await stack.db.execute<{ row: string }>(
      sql`select row_to_json(o)::text as row from organizations o where id = ${org.id}`,
    );
    expect(raw.rows[0]!.row).not.toContain('secret-billing');
    const audits = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, org.id));
    expect(JSON.stringify(audits)).not.toContain('secret-billing');
    expect((await stack.request('GET', url(org.id))).body.data.contacts).toBeNull();
    expect((await stack.request('GET', url(org.id), { token: admin })).body.data.contacts.billingEmail).toBe(
      'billing@secret-billing.io',
    );
  });

  it('lets managers edit capability but only admins edit identity', async () => {
    const { org } = await orgWithMember('Sponsor Admin');
    const manager = await memberOf(org.id, 'Sponsor Manager');
    const hiring = await memberOf(org.id, 'Hiring Manager');
    expect(
      (
        await stack.request('PATCH', url(org.id), {
          token: manager.token,
          body: { supportedRegions: ['APAC'] },
        })
      ).status,
    ).toBe(200);
    const identity = await stack.request('PATCH', url(org.id), {
      token: manager.token,
      body: { displayName: 'Renamed' },
    });
    expect(identity.status).toBe(403);
    expect(
      (await stack.request('PATCH', url(org.id), { token: hiring.token, body: { supportedRegions: ['EU'] } }))
        .status,
    ).toBe(403);
    const outsider = await orgWithMember('Sponsor Admin');
    expect(
      (
        await stack.request('PATCH', url(org.id), {
          token: outsider.token,
          body: { supportedRegions: ['EU'] },
        })
      ).status,
    ).toBe(403);
    expect((await stack.request('PATCH', url(org.id), { body: { supportedRegions: ['EU'] } })).status).toBe(
      401,
    );
    const [row] = await stack.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row!.supportedRegions).toEqual(['APAC']);
    expect(row!.displayName).toBe(org.displayName);
  });

  it.each([
    [{}, undefined],
    [{ technologies: 'Go' }, 'technologies'],
    [{ preferredEventTypes: ['Party'] }, 'preferredEventTypes.0'],
    [{ contacts: { billingEmail: 'nope' } }, 'contacts.billingEmail'],
    [{ contacts: { faxNumber: '123' } }, 'contacts.faxNumber'],
    [{ verificationStatus: 'Active' }, 'verificationStatus'],
    [{ longDescription: 'x'.repeat(10_001) }, 'longDescription'],
  ])('rejects %j with 400, changing nothing', async (body, path) => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const res = await stack.request('PATCH', url(org.id), { token, body });
    expect(res.status).toBe(400);
    if (path) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    const [row] = await stack.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row!.updatedAt).toEqual(org.updatedAt);
  });

  it('refuses a budget range whose maxMinor is below its minMinor with 422, changing nothing', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const res = await stack.request('PATCH', url(org.id), {
      token,
      body: { budgetRange: { minMinor: 5, maxMinor: 1, currency: 'USD' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('BUSINESS_RULE');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('budgetRange.maxMinor');
    const [row] = await stack.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row!.updatedAt).toEqual(org.updatedAt);
  });

  it('a website change to a taken domain is 409; to a new domain it re-runs verification', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const other = await createOrganization(stack.db);
    expect(
      (await stack.request('PATCH', url(org.id), { token, body: { website: other.website } })).status,
    ).toBe(409);
    const moved = await stack.request('PATCH', url(org.id), {
      token,
      body: { website: `https://moved-${org.normalizedDomain}` },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.trust.verificationStatus).toBe('Pending Verification');
    // The editor's email (example.test) does not belong to the new domain: a human decides.
    const pending = await waitForVerification(stack, org.id, 'pending_review');
    expect(pending.reason).toBe('website_change');
    const approved = await stack.request('POST', url(org.id, '/verify'), {
      token: admin,
      body: { decision: 'approve', reason: 'domain moved' },
    });
    expect(approved.body.data).toMatchObject({ phase: 'active', status: 'Active' });
  });
});

describe('organization members', () => {
  it('invites with a role; the invitee activates through the link and joins', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const email = `invitee-${org.normalizedDomain}`.replace(/\.com$/, '') + '@example.test';
    const invited = await stack.request('POST', url(org.id, '/members'), {
      token,
      body: { email, role: 'DevRel Manager' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.data).toMatchObject({ email, role: 'DevRel Manager', status: 'invited' });
    expect(
      (
        await stack.request('POST', url(org.id, '/members'), {
          token,
          body: { email, role: 'DevRel Manager' },
        })
      ).status,
    ).toBe(409);
    const linkToken = await linkTokenFor(stack, email, 'invite:');
    const joined = await stack.request('POST', '/api/v1/auth/activate', {
      body: { token: linkToken, password: STRONG_PASSWORD },
    });
    expect(joined.status).toBe(200);
    const list = await stack.request('GET', url(org.id, '/members'), { token });
    expect(list.body.data.find((m: { email: string }) => m.email === email).status).toBe('active');
  });

  it('answers an invitation the same for an existing account and a new address; the member shows only once they accept', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const existing = await createUser(stack.db);
    await stack.db.update(users).set({ name: 'Grace Existing' }).where(eq(users.id, existing.id));
    const fresh = `fresh-${randomUUID().slice(0, 8)}@example.test`;
    const invite = (email: string) =>
      stack.request('POST', url(org.id, '/members'), { token, body: { email, role: 'Sponsor Manager' } });

    const toExisting = await invite(existing.email);
    const toFresh = await invite(fresh);
    for (const [res, email] of [
      [toExisting, existing.email],
      [toFresh, fresh],
    ] as const) {
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({
        invitationId: expect.any(String),
        email,
        role: 'Sponsor Manager',
        status: 'invited',
        expiresAt: expect.any(String),
      });
    }
    // Field for field the same kind of answer: nothing tells an existing account from a new address.
    const shape = (data: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v]));
    expect(shape(toExisting.body.data)).toEqual(shape(toFresh.body.data));
    expect(JSON.stringify(toExisting.body)).not.toContain(existing.id);
    expect(JSON.stringify(toExisting.body)).not.toContain('Grace Existing');
    // An invitation is sent either way.
    expect(await emailsTo(stack, existing.email, 'invite:')).toHaveLength(1);
    expect(await emailsTo(stack, fresh, 'invite:')).toHaveLength(1);

    const members = async () => (await stack.request('GET', url(org.id, '/members'), { token })).body;
    const pending = await members();
    expect(JSON.stringify(pending)).not.toContain(existing.id);
    expect(JSON.stringify(pending)).not.toContain('Grace Existing');
    for (const res of [toExisting, toFresh]) {
      expect(pending.data).toContainEqual({
        userId: null,
        invitationId: res.body.data.invitationId,
        email: res.body.data.email,
        name: null,
        role: 'Sponsor Manager',
        status: 'invited',
        since: expect.any(String),
      });
    }

    // Accepting reveals the member.
    const accepted = await stack.request('POST', '/api/v1/auth/activate', {
      body: { token: await linkTokenFor(stack, existing.email, 'invite:') },
    });
    expect(accepted.status).toBe(200);
    expect((await members()).data).toContainEqual({
      userId: existing.id,
      invitationId: null,
      email: existing.email,
      name: 'Grace Existing',
      role: 'Sponsor Manager',
      status: 'active',
      since: expect.any(String),
    });

    // A pending invitation is changed or revoked by its invitationId.
    const changed = await stack.request('PATCH', url(org.id, `/members/${toFresh.body.data.invitationId}`), {
      token,
      body: { role: 'DevRel Manager' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({
      userId: null,
      name: null,
      role: 'DevRel Manager',
      email: fresh,
    });
    expect(
      (await stack.request('DELETE', url(org.id, `/members/${toFresh.body.data.invitationId}`), { token }))
        .status,
    ).toBe(200);
    expect((await members()).data.map((m: { email: string }) => m.email)).not.toContain(fresh);
  });

  it('documents invitations and members exactly in the OpenAPI document', async () => {
    const spec = (await stack.request('GET', '/openapi.json')).body;
    const invite = spec.paths['/api/v1/sponsors/{organizationId}/members'].post.responses['201'];
    expect(JSON.stringify(invite)).toContain('#/components/schemas/OrganizationInvitation');
    const { OrganizationInvitation, OrganizationMember } = spec.components.schemas;
    expect(Object.keys(OrganizationInvitation.properties).sort()).toEqual(
      ['email', 'expiresAt', 'invitationId', 'role', 'status'].sort(),
    );
    expect(OrganizationInvitation.properties.status.enum).toEqual(['invited']);
    expect(OrganizationMember.properties.userId.type).toEqual(['string', 'null']);
    expect(OrganizationMember.properties.name.type).toEqual(['string', 'null']);
    expect(OrganizationMember.properties.invitationId.type).toEqual(['string', 'null']);
    expect(OrganizationMember.properties.status.enum).toEqual(['invited', 'active']);
  });

  it('rejects roles of the other kind, and non-admin managers', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    expect(
      (
        await stack.request('POST', url(org.id, '/members'), {
          token,
          body: { email: 'p@x.io', role: 'Partner Admin' },
        })
      ).status,
    ).toBe(422);
    const manager = await memberOf(org.id, 'Sponsor Manager');
    expect(
      (
        await stack.request('POST', url(org.id, '/members'), {
          token: manager.token,
          body: { email: 'q@x.io', role: 'Hiring Manager' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await stack.request('POST', url(org.id, '/members'), {
          token,
          body: { email: 'bad', role: 'Hiring Manager' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await stack.request('POST', url(org.id, '/members'), {
          token,
          body: { email: 'r@x.io', role: 'Boss' },
        })
      ).status,
    ).toBe(400);
  });

  it('changes roles and removes members, but never the last admin; every change is audited', async () => {
    const { org, user, token } = await orgWithMember('Sponsor Admin');
    const demoteSelf = await stack.request('PATCH', url(org.id, `/members/${user.id}`), {
      token,
      body: { role: 'Sponsor Manager' },
    });
    expect(demoteSelf.status).toBe(422);
    expect((await stack.request('DELETE', url(org.id, `/members/${user.id}`), { token })).status).toBe(422);
    const second = await memberOf(org.id, 'Sponsor Manager');
    const promoted = await stack.request('PATCH', url(org.id, `/members/${second.user.id}`), {
      token,
      body: { role: 'Sponsor Admin' },
    });
    expect(promoted.status).toBe(200);
    expect((await stack.request('DELETE', url(org.id, `/members/${user.id}`), { token })).status).toBe(200);
    expect((await stack.request('GET', url(org.id, '/members'), { token })).status).toBe(403);
    const actions = (
      await stack.db.select().from(auditLog).where(eq(auditLog.entityType, 'organization_member'))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['organization_member.role_changed', 'organization_member.removed']),
    );
  });
});

describe('admin controls and dashboard', () => {
  it('a disabled organization cannot act and is hidden; re-enabling restores it', async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const member = await memberWithToken(stack.db, (await createCommunity(stack.db)).id, 'Organizer');
    expect(
      (await stack.request('POST', url(org.id, '/disable'), { token: member.token, body: { reason: 'x' } }))
        .status,
    ).toBe(403);
    const disabled = await stack.request('POST', url(org.id, '/disable'), {
      token: admin,
      body: { reason: 'fraud report' },
    });
    expect(disabled.body.data.status).toBe('Disabled');
    expect(
      (await stack.request('PATCH', url(org.id), { token, body: { supportedRegions: ['EU'] } })).status,
    ).toBe(403);
    expect((await stack.request('GET', url(org.id))).status).toBe(404);
    expect(
      (await stack.request('POST', url(org.id, '/disable'), { token: admin, body: { reason: 'again' } }))
        .status,
    ).toBe(409);
    const enabled = await stack.request('POST', url(org.id, '/enable'), { token: admin });
    expect(enabled.body.data.status).toBe('Active');
    expect((await stack.request('GET', url(org.id))).status).toBe(200);
  });

  it("the dashboard lists the caller's organizations and what waits on them", async () => {
    const { org, token } = await orgWithMember('Sponsor Admin');
    const res = await stack.request('GET', '/api/v1/sponsors/dashboard', { token });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      organization: { id: org.id, status: 'Active' },
      role: 'Sponsor Admin',
    });
    expect(res.body.data[0].waitingOnYou.map((w: { type: string }) => w.type)).toContain(
      'profile_incomplete',
    );
    expect((await stack.request('GET', '/api/v1/sponsors/dashboard')).status).toBe(401);
  });
});
