import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, users } from '../../src/db/schema/index.js';
import { eq } from 'drizzle-orm';
import {
  adminToken,
  apply,
  applicationBody,
  emailsTo,
  linkTokenFor,
  STRONG_PASSWORD,
  waitForStatus,
  waitForVerification,
} from '../helpers/onboarding.js';
import { createCommunity, createEvent, memberWithToken } from '../helpers/fixtures.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
beforeAll(async () => {
  stack = await startTestStack({
    VERIFICATION_REMINDER_AFTER: '300ms',
    VERIFICATION_EXPIRE_AFTER: '1200ms',
    ACTIVATION_TOKEN_TTL: '1500ms',
    CLAIM_CONFIRMATION_WINDOW: '1s',
  });
  await adminToken(stack);
});
afterAll(() => stack?.close());

describe('verification deadlines', () => {
  it('expires an application nobody decides, after reminding the admins', async () => {
    const body = applicationBody({ officialEmail: 'owner@gmail.com' });
    const orgId = (await apply(stack, body)).body.data.id;
    const verification = await waitForVerification(stack, orgId, 'expired');
    await waitForStatus(stack, orgId, 'Rejected');
    const [admin] = await stack.db
      .select({ email: users.email })
      .from(users)
      .where(eq(users.isPlatformAdmin, true));
    expect(await emailsTo(stack, admin!.email, `verification-reminder:${verification.id}`)).toHaveLength(1);
    expect(await emailsTo(stack, body.officialEmail, 'verification-expired')).toHaveLength(1);
  });

  it('an expired activation link is 410; a resend issues a new one and retires the old', async () => {
    const body = applicationBody();
    const orgId = (await apply(stack, body)).body.data.id;
    await waitForStatus(stack, orgId, 'Verified');
    const first = await linkTokenFor(stack, body.officialEmail);
    await new Promise((r) => setTimeout(r, 1600));
    const expired = await stack.request('POST', '/api/v1/auth/activate', {
      body: { token: first, password: STRONG_PASSWORD },
    });
    expect(expired.status).toBe(410);
    expect(expired.body.message).toContain('expired');

    const resend = await stack.request('POST', `/api/v1/sponsors/${orgId}/activation/resend`, {
      body: { email: body.officialEmail },
    });
    expect(resend.status).toBe(202);
    const second = await linkTokenFor(stack, body.officialEmail, 'activation:', 2);
    expect(second).not.toBe(first);
    // A wrong email is accepted silently and sends nothing.
    expect(
      (
        await stack.request('POST', `/api/v1/sponsors/${orgId}/activation/resend`, {
          body: { email: 'someone@else.io' },
        })
      ).status,
    ).toBe(202);
    const ok = await stack.request('POST', '/api/v1/auth/activate', {
      body: { token: second, password: STRONG_PASSWORD },
    });
    expect(ok.status).toBe(200);
    await waitForStatus(stack, orgId, 'Active');
    expect(await emailsTo(stack, body.officialEmail, 'activation:')).toHaveLength(2);
  });

  it('a link replaced by a resend is 410', async () => {
    const body = applicationBody();
    const orgId = (await apply(stack, body)).body.data.id;
    await waitForStatus(stack, orgId, 'Verified');
    const first = await linkTokenFor(stack, body.officialEmail);
    await stack.request('POST', `/api/v1/sponsors/${orgId}/activation/resend`, {
      body: { email: body.officialEmail },
    });
    const second = await linkTokenFor(stack, body.officialEmail, 'activation:', 2);
    const replaced = await stack.request('POST', '/api/v1/auth/activate', {
      body: { token: first, password: STRONG_PASSWORD },
    });
    expect(replaced.status).toBe(410);
    expect(replaced.body.message).toContain('replaced');
    expect(
      (
        await stack.request('POST', '/api/v1/auth/activate', {
          body: { token: second, password: STRONG_PASSWORD },
        })
      ).status,
    ).toBe(200);
  });

  it('an unconfirmed claim expires after its window, leaving the organization as it was; its link is then 410', async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const event = await createEvent(stack.db, community.id);
    const claimant = applicationBody();
    const added = await stack.request('POST', `/api/v1/events/${event.id}/partners`, {
      token: organizer.token,
      body: { name: 'Panel Name', website: claimant.website, category: 'Gold Sponsor' },
    });
    const orgId: string = added.body.data.organizationId;
    const row = async () =>
      (await stack.db.select().from(organizations).where(eq(organizations.id, orgId)))[0]!;
    const original = await row();
    expect((await apply(stack, claimant)).status).toBe(201);
    const token = await linkTokenFor(stack, claimant.officialEmail, 'claim-confirmation:');
    const verification = await waitForVerification(stack, orgId, 'expired');
    expect(verification.decision).toBe('expire');
    expect(await row()).toEqual(original);
    const late = await stack.request('POST', '/api/v1/sponsors/claims/confirm', { body: { token } });
    expect(late.status).toBe(410);
    expect(late.body.message).toContain('expired');
    expect((await stack.request('GET', `/api/v1/sponsors/${orgId}`, { token: organizer.token })).status).toBe(
      200,
    );
  });
});
