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
import { CALENDAR_DATE } from '../../src/api/programs/programs.types.js';
import { parseDateOnly } from '../../src/domain/programs.js';

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

// npm run fuzz drew bodies the document admitted and the API refused or failed on: each rule is now in the schema.
describe('POST /programs: what the document admits is what the validator admits', () => {
  type TProgramSchema = {
    anyOf: { required: string[] }[];
    properties: Record<string, { pattern?: string }>;
  };
  const createProgramSchema = async () =>
    (await stack.request('GET', '/openapi.json')).body.components.schemas.CreateProgram as TProgramSchema;

  it('needs communityIds or communities (anyOf): a body with neither is a 400 at communityIds, with either one it is created', async () => {
    expect((await createProgramSchema()).anyOf).toEqual([
      { required: ['communityIds'] },
      { required: ['communities'] },
    ]);
    const org = await createOrganization(stack.db, { status: 'Active' });
    const admin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
    const { communityIds: _communityIds, ...neither } = programBody();
    const refused = await stack.request('POST', '/api/v1/programs', { token: admin.token, body: neither });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({
        path: 'communityIds',
        message: "required unless communities is { mode: 'matched' }",
      }),
    ]);
    expect(await programCount(org.id)).toBe(0);
    const matched = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: { ...neither, communities: { mode: 'matched', limit: 3 } },
    });
    expect(matched.status, JSON.stringify(matched.body)).toBe(201);
    const listed = await stack.request('POST', '/api/v1/programs', {
      token: admin.token,
      body: programBody(),
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
  });

  it('takes an end date exactly when it is a calendar date: the pattern is the validator’s, and it agrees with the calendar', async () => {
    expect((await createProgramSchema()).properties.endDate!.pattern).toBe(CALENDAR_DATE.source);
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    let leapDays = 0;
    for (let year = 1000; year <= 2999; year++) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${pad(month, 2)}-${pad(day, 2)}`;
          const isDate = parseDateOnly(text) !== null;
          if (CALENDAR_DATE.test(text) !== isDate)
            expect.fail(`${text}: pattern ${!isDate}, calendar ${isDate}`);
          if (isDate && month === 2 && day === 29) leapDays++;
        }
      }
    }
    // 485 leap years in 1000-2999: every fourth year (500) less the centuries not divisible by 400 (15).
    expect(leapDays).toBe(485);

    const admin = await orgMemberWithToken(
      stack.db,
      (await createOrganization(stack.db, { status: 'Active' })).id,
      'Sponsor Admin',
    );
    const withEnd = (endDate: string) =>
      stack.request('POST', '/api/v1/programs', {
        token: admin.token,
        body: programBody({ startDate: '2027-01-01', endDate }),
      });
    const notADate = await withEnd('2027-02-29');
    expect(notADate.status, JSON.stringify(notADate.body)).toBe(400);
    expect(notADate.body.error.details).toEqual([expect.objectContaining({ path: 'endDate' })]);
    expect((await withEnd('2028-02-29')).status).toBe(201);
  });

  it('starts in 2000-2099 (the years a Schedule calendar is written for); a start in early January 2000 is scheduled', async () => {
    expect((await createProgramSchema()).properties.startDate!.pattern).toMatch(/^\^20\\d\{2\}-/);
    const admin = await orgMemberWithToken(
      stack.db,
      (await createOrganization(stack.db, { status: 'Active' })).id,
      'Sponsor Admin',
    );
    const startingOn = (startDate: string) =>
      stack.request('POST', '/api/v1/programs', { token: admin.token, body: programBody({ startDate }) });
    for (const startDate of ['1999-12-01', '2100-01-01', '1024-10-07']) {
      const refused = await startingOn(startDate);
      expect(refused.status, startDate).toBe(400);
      expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'startDate' })]);
    }
    // Its first notice (7 days before) lies in 1999: Temporal refused the calendar ("Year Start is not in range
    // [2000-2100]") and the create was a 500. The calendar now starts at 2000; the notices it leaves out are past.
    const early = await startingOn('2000-01-03');
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    const late = await startingOn('2099-12-28');
    expect(late.status, JSON.stringify(late.body)).toBe(201);
  });
});
