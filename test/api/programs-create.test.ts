import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteProgramSchedule } from '../../src/infra/program-schedule.js';
import { organizationMembers, programs } from '../../src/db/schema/index.js';
import {
  createCommunity,
  createOrganization,
  createSessionToken,
  createUser,
  orgMemberWithToken,
} from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

// POST /programs without organizationId (fuzz finding ST202): the organization is implied only when the caller
// administers exactly one. A program starting next year on the real notice calendar: its Schedule cannot fire here.
let stack: TTestStack;
let communityId: string;
const nextYear = `${new Date().getUTCFullYear() + 1}-03-01`;

beforeAll(async () => {
  stack = await startTestStack({ PROGRAM_RENEWAL_NOTICE: '7d' });
  communityId = (await createCommunity(stack.db, 'approved')).id;
});

afterAll(async () => {
  if (stack) {
    for (const p of await stack.db.select({ id: programs.id }).from(programs))
      await deleteProgramSchedule(stack.deps, p.id);
  }
  await stack?.close();
});

const programBody = (extra: Record<string, unknown> = {}) => ({
  name: 'AI Program',
  period: 'monthly',
  startDate: nextYear,
  budgetPerPeriod: { amountMinor: 700_000, currency: 'INR' },
  communityIds: [communityId],
  proposalTemplate: {
    category: 'Gold Sponsor',
    amountMinor: 300_000,
    currency: 'INR',
    benefits: [{ key: 'logo_placement' }],
    terms: 'Logo on all materials.',
  },
  ...extra,
});

async function programCount(organizationId: string) {
  return (await stack.db.select().from(programs).where(eq(programs.organizationId, organizationId))).length;
}

describe('POST /programs without organizationId', () => {
  it('answers 403 naming organizationId when the caller administers no organization, and writes nothing', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    // A manager of an organization is a member, not an admin: there is no organization it may run a program for.
    const manager = await orgMemberWithToken(stack.db, org.id, 'Sponsor Manager');
    const byManager = await stack.request('POST', '/api/v1/programs', {
      token: manager.token,
      body: programBody(),
    });
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(403);
    expect(byManager.body.error.code).toBe('FORBIDDEN');
    expect(byManager.body.message).toMatch(/administer no organization/);
    expect(byManager.body.error.details).toEqual([expect.objectContaining({ path: 'organizationId' })]);

    // A user without any membership gets the same answer.
    const loner = await createUser(stack.db);
    const byLoner = await stack.request('POST', '/api/v1/programs', {
      token: await createSessionToken(stack.db, loner.id),
      body: programBody(),
    });
    expect(byLoner.status, JSON.stringify(byLoner.body)).toBe(403);
    expect(byLoner.body.error.details).toEqual([expect.objectContaining({ path: 'organizationId' })]);
    expect(await programCount(org.id)).toBe(0);
  });

  it('answers 422 asking for organizationId when the caller administers several; naming one creates it', async () => {
    const first = await createOrganization(stack.db, { status: 'Active' });
    const second = await createOrganization(stack.db, { status: 'Active' });
    const admin = await orgMemberWithToken(stack.db, first.id, 'Sponsor Admin');
    await stack.db
      .insert(organizationMembers)
      .values({ organizationId: second.id, userId: admin.user.id, role: 'Sponsor Admin', status: 'active' });

    const ambiguous = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody(),
    });
    expect(ambiguous.status, JSON.stringify(ambiguous.body)).toBe(422);
    expect(ambiguous.body.error.code).toBe('BUSINESS_RULE');
    expect(ambiguous.body.message).toMatch(/organizationId is required: you administer 2 organizations/);
    expect(ambiguous.body.error.details).toEqual([expect.objectContaining({ path: 'organizationId' })]);
    expect((await programCount(first.id)) + (await programCount(second.id))).toBe(0);

    const named = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody({ organizationId: second.id }),
    });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(named.body.data.organizationId).toBe(second.id);
    expect(await programCount(second.id)).toBe(1);
    expect(await programCount(first.id)).toBe(0);
  });

  it('implies the one organization a sole admin administers', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    const admin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
    const res = await stack.request('POST', '/api/v1/programs', { token: admin.token, body: programBody() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.organizationId).toBe(org.id);
  });

  it('documents 403 and 422 on the operation', async () => {
    const doc = await stack.request('GET', '/openapi.json');
    const responses = doc.body.paths['/api/v1/programs'].post.responses;
    expect(responses['403'].description).toMatch(/organizationId while administering no organization/);
    expect(responses['422'].description).toMatch(/administers several organizations/);
  });
});
