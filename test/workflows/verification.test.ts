import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  eventPartnerLinks,
  organizationMembers,
  organizations,
  organizationVerifications,
  users,
} from '../../src/db/schema/index.js';
import { createCommunity, createEvent, memberWithToken } from '../helpers/fixtures.js';
import {
  adminToken,
  apply,
  applicationBody,
  emailsTo,
  latestVerificationStatus,
  linkTokenFor,
  STRONG_PASSWORD,
  waitForStatus,
  waitForVerification,
} from '../helpers/onboarding.js';
import { waitFor } from '../helpers/receiver.js';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { verificationWorkflowId } from '../../src/workflows/verification/verification.contract.js';
import {
  insertOrganizationIfNew,
  insertVerificationRun,
} from '../../src/db/repositories/organizations-repository.js';
import { startVerification } from '../../src/api/sponsors/verification-client.js';

let stack: TTestStack;
let admin: string;
let adminEmail: string;

beforeAll(async () => {
  stack = await startTestStack({
    VERIFICATION_REMINDER_AFTER: '600ms',
    VERIFICATION_EXPIRE_AFTER: '60s',
    ACTIVATION_TOKEN_TTL: '1h',
    APPLY_MAX_PER_EMAIL_DOMAIN: '3',
  });
  admin = await adminToken(stack);
  const [row] = await stack.db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.isPlatformAdmin, true));
  adminEmail = row!.email;
});
afterAll(() => stack?.close());

const verify = (orgId: string, decision: string, reason = 'checked by a human') =>
  stack.request('POST', `/api/v1/sponsors/${orgId}/verify`, { token: admin, body: { decision, reason } });
const confirmClaim = (token: string) =>
  stack.request('POST', '/api/v1/sponsors/claims/confirm', { body: { token } });
const activate = (token: string, password = STRONG_PASSWORD) =>
  stack.request('POST', '/api/v1/auth/activate', { body: { token, password } });
// Free-mail addresses are risky; each case uses another provider so the per-email-domain limit (3) stays clear.
const FREE_PROVIDERS = [
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'aol.com',
  'gmx.com',
  'yandex.com',
  'zoho.com',
];
let provider = 0;
const risky = () =>
  applicationBody({
    officialEmail: `founder.${Math.random().toString(36).slice(2, 8)}@${FREE_PROVIDERS[provider++ % FREE_PROVIDERS.length]}`,
  });

describe('organization verification workflow', () => {
  it('auto-verifies a low-risk application, then activation by link makes it Active', async () => {
    const body = applicationBody();
    const res = await apply(stack, body);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'Pending Verification', kind: 'sponsor', claimed: false });
    const orgId = res.body.data.id;
    await waitForStatus(stack, orgId, 'Verified');
    const verification = await latestVerificationStatus(stack, orgId);
    expect(verification).toMatchObject({ status: 'approved', decision: 'auto_approve', riskScore: 0 });

    const token = await linkTokenFor(stack, body.officialEmail);
    const weak = await activate(token, 'password123');
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('password');
    const activated = await activate(token);
    expect(activated.status).toBe(200);
    expect(activated.body.data).toMatchObject({ organizationId: orgId, user: { email: body.officialEmail } });
    await waitForStatus(stack, orgId, 'Active');

    const me = await stack.request('GET', '/api/v1/auth/me', { token: activated.body.data.token });
    expect(me.body.data.organizations).toMatchObject([
      { organizationId: orgId, role: 'Sponsor Admin', status: 'active' },
    ]);
    const login = await stack.request('POST', '/api/v1/auth/login', {
      body: { email: body.officialEmail, password: STRONG_PASSWORD },
    });
    expect(login.status).toBe(200);

    await captureHistory(stack, verificationWorkflowId(orgId), 'verification-approved');
    const reused = await activate(token);
    expect(reused.status).toBe(409);
    expect(reused.body.message).toContain('already used');
    expect((await activate('x'.repeat(43))).status).toBe(404);
  });

  it('holds a risky application for an admin (with a reminder), who approves it', async () => {
    const body = risky();
    const orgId = (await apply(stack, body)).body.data.id;
    const pending = await waitForVerification(stack, orgId, 'pending_review');
    expect(pending.signals!.map((s) => s.name)).toEqual(
      expect.arrayContaining(['free_mail', 'email_domain_mismatch']),
    );
    expect(pending.riskScore).toBe(70);
    expect(await emailsTo(stack, adminEmail, `verification-review:${pending.id}`)).toHaveLength(1);
    await waitFor(
      async () => (await emailsTo(stack, adminEmail, `verification-reminder:${pending.id}`)).length === 1,
      5_000,
      'reminder',
    );

    const partnerships = await memberWithToken(stack.db, (await createCommunity(stack.db)).id, 'Organizer');
    expect(
      (
        await stack.request('POST', `/api/v1/sponsors/${orgId}/verify`, {
          token: partnerships.token,
          body: { decision: 'approve', reason: 'x' },
        })
      ).status,
    ).toBe(403);

    const approved = await verify(orgId, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ phase: 'awaiting_activation', status: 'Verified' });
    expect((await verify(orgId, 'reject')).status).toBe(409);
    await captureHistory(stack, verificationWorkflowId(orgId), 'verification-manual-awaiting-activation');
    const audit = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, pending.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'verification.checked',
        'verification.pending_review',
        'verification.approved',
      ]),
    );
  });

  it('rejects with a reason the applicant receives', async () => {
    const body = risky();
    const orgId = (await apply(stack, body)).body.data.id;
    await waitForVerification(stack, orgId, 'pending_review');
    const rejected = await verify(orgId, 'reject', 'not a real company');
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toMatchObject({ phase: 'rejected', status: 'Rejected' });
    const mails = await emailsTo(stack, body.officialEmail, 'verification-rejected');
    expect(mails[0]!.body).toContain('not a real company');
    expect((await verify(orgId, 'approve')).status).toBe(409);
  });

  it('requests more information, then approves', async () => {
    const body = risky();
    const orgId = (await apply(stack, body)).body.data.id;
    await waitForVerification(stack, orgId, 'pending_review');
    const info = await verify(orgId, 'request_info', 'Send your company registration');
    expect(info.status).toBe(200);
    expect(info.body.data.phase).toBe('info_requested');
    expect((await emailsTo(stack, body.officialEmail, 'verification-info'))[0]!.body).toContain(
      'Send your company registration',
    );
    expect((await verify(orgId, 'request_info')).status).toBe(409);
    const approved = await verify(orgId, 'approve');
    expect(approved.body.data.status).toBe('Verified');
  });

  // Until issue 8, a claim was verified automatically and wrote the claimant's profile at once: the claimant now
  // proves control of the domain by the emailed link, and an admin approves, before it takes over.
  it('lets a confirmed, approved claim by the same domain take over a Community Added organization, keeping its assignments', async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const event = await createEvent(stack.db, community.id);
    const body = applicationBody();
    const added = await stack.request('POST', `/api/v1/events/${event.id}/partners`, {
      token: organizer.token,
      body: { name: 'Panel Name', website: body.website as string, category: 'Gold Sponsor' },
    });
    expect(added.status).toBe(201);
    const orgId = added.body.data.organizationId;

    const claim = await apply(stack, body);
    expect(claim.status).toBe(201);
    expect(claim.body.data).toMatchObject({ id: orgId, claimed: true });
    await confirmClaim(await linkTokenFor(stack, body.officialEmail, 'claim-confirmation:'));
    await waitForVerification(stack, orgId, 'pending_review');
    expect((await verify(orgId, 'approve')).status).toBe(200);
    await waitForStatus(stack, orgId, 'Verified');
    await activate(await linkTokenFor(stack, body.officialEmail));
    await waitForStatus(stack, orgId, 'Active');
    const links = await stack.db
      .select()
      .from(eventPartnerLinks)
      .where(eq(eventPartnerLinks.organizationId, orgId));
    expect(links).toHaveLength(1);
    expect(
      (
        await stack.db
          .select()
          .from(organizationVerifications)
          .where(eq(organizationVerifications.organizationId, orgId))
      )[0]!.reason,
    ).toBe('claim');
  });

  it('refuses a second application for a domain that is taken (409), writing nothing', async () => {
    const body = applicationBody();
    expect((await apply(stack, body)).status).toBe(201);
    const before = await stack.db.select({ value: count() }).from(organizations);
    const again = await apply(stack, {
      ...applicationBody(),
      website: (body.website as string).replace('www.', 'shop.'),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ field: 'website' });
    expect(await stack.db.select({ value: count() }).from(organizations)).toEqual(before);
  });

  it('flags disposable email as high risk', async () => {
    const orgId = (await apply(stack, applicationBody({ officialEmail: 'someone@mailinator.com' }))).body.data
      .id;
    const pending = await waitForVerification(stack, orgId, 'pending_review');
    expect(pending.signals!.map((s) => s.name)).toContain('disposable_mail');
    expect(pending.riskScore).toBe(100);
  });

  it('rate-limits applications per email domain with 429 and Retry-After', async () => {
    const domain = `burst-${Date.now()}.io`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await apply(stack, applicationBody({ officialEmail: `a${i}@${domain}` }));
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('resumes after a worker restart mid-verification, without duplicating anything', async () => {
    const body = risky();
    const applied = await apply(stack, body);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const orgId = applied.body.data.id;
    await waitForVerification(stack, orgId, 'pending_review');
    await stack.stopWorker();
    await stack.startWorker();
    const approved = await verify(orgId, 'approve');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const token = await linkTokenFor(stack, body.officialEmail);
    expect((await activate(token)).status).toBe(200);
    await waitForStatus(stack, orgId, 'Active');
    expect(
      await stack.db
        .select()
        .from(organizationVerifications)
        .where(eq(organizationVerifications.organizationId, orgId)),
    ).toHaveLength(1);
    expect(
      await stack.db.select().from(organizationMembers).where(eq(organizationMembers.organizationId, orgId)),
    ).toHaveLength(1);
    expect(await emailsTo(stack, body.officialEmail, 'activation:')).toHaveLength(1);
  });

  it('a run whose first step starts before the API commits its rows waits for them instead of failing', async () => {
    // The API starts the verification inside the transaction that writes its rows (a refused start writes nothing);
    // under load the first activity can run before that commit is visible. Hold the commit past the first attempt.
    const domain = `late-commit-${Math.random().toString(36).slice(2, 8)}.io`;
    let orgId = '';
    await stack.db.transaction(async (tx) => {
      const org = (await insertOrganizationIfNew(tx, {
        kind: 'sponsor',
        displayName: 'Late Commit Labs',
        normalizedDomain: domain,
        website: `https://${domain}`,
        status: 'Pending Verification',
      }))!;
      orgId = org.id;
      const run = await insertVerificationRun(tx, {
        organizationId: org.id,
        reason: 'application',
        status: 'checking',
        applicantName: 'Late Committer',
        applicantEmail: `founder@${domain}`,
        applicantIp: '203.0.113.77',
        previousStatus: null,
      });
      await startVerification(stack.deps, {
        organizationId: org.id,
        verificationId: run.id,
        needsFirstAccount: true,
        names: { organization: org.displayName, domain, applicant: 'Late Committer' },
      });
      await new Promise((resolve) => setTimeout(resolve, 1_200));
    });
    // Before mustExist retried its first attempts, the run failed ROW_MISSING and never left 'checking'.
    await waitForStatus(stack, orgId, 'Verified');
    expect(await latestVerificationStatus(stack, orgId)).toMatchObject({
      status: 'approved',
      decision: 'auto_approve',
    });
  });
});

describe('claims of a Community Added organization (issue 8, item 1)', () => {
  /** A community adds an organization by name and website from its partner panel. */
  async function communityAdds() {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const event = await createEvent(stack.db, community.id);
    const claimant = applicationBody({
      companyName: 'Totally The Real Owner',
      industry: 'Gambling',
      shortDescription: 'We own this now.',
    });
    const added = await stack.request('POST', `/api/v1/events/${event.id}/partners`, {
      token: organizer.token,
      body: { name: 'Panel Name', website: claimant.website as string, category: 'Gold Sponsor' },
    });
    expect(added.status).toBe(201);
    const orgId: string = added.body.data.organizationId;
    const row = async () =>
      (await stack.db.select().from(organizations).where(eq(organizations.id, orgId)))[0]!;
    const asCommunity = async () =>
      stack.request('GET', `/api/v1/sponsors/${orgId}`, { token: organizer.token });
    const asAdmin = async () => stack.request('GET', `/api/v1/sponsors/${orgId}`, { token: admin });
    return { orgId, organizer, claimant, row, asCommunity, asAdmin };
  }

  it('changes nothing visible until the claimant confirms the domain and an admin approves', async () => {
    const { orgId, claimant, row, asCommunity, asAdmin } = await communityAdds();
    const original = await row();
    const communityView = (await asCommunity()).body.data;
    expect(communityView.identity.displayName).toBe('Panel Name');
    const adminView = (await asAdmin()).body.data;

    // A claim from an address outside the domain is refused outright, writing nothing.
    const outsider = await apply(stack, { ...claimant, officialEmail: 'owner.acme@gmail.com' });
    expect(outsider.status).toBe(422);
    expect(outsider.body.error.details).toEqual([
      expect.objectContaining({ location: 'body', path: 'officialEmail' }),
    ]);
    expect(
      await stack.db
        .select()
        .from(organizationVerifications)
        .where(eq(organizationVerifications.organizationId, orgId)),
    ).toHaveLength(0);

    const claim = await apply(stack, claimant);
    expect(claim.status).toBe(201);
    expect(claim.body.data).toEqual({
      id: orgId,
      status: 'Community Added',
      kind: 'sponsor',
      displayName: 'Totally The Real Owner',
      claimed: true,
      verification: 'awaiting_confirmation',
    });
    // A second claim while this one is open is refused, writing nothing.
    const second = await apply(stack, { ...claimant, companyName: 'Another Claimant' });
    expect(second.status).toBe(409);
    expect(second.body.message).toContain('already waiting for confirmation or review');
    expect(
      await stack.db
        .select()
        .from(organizationVerifications)
        .where(eq(organizationVerifications.organizationId, orgId)),
    ).toHaveLength(1);
    // The organization row, the public profile, the primary contact and the community's access are unchanged.
    expect(await row()).toEqual(original);
    const duringClaim = await asCommunity();
    expect(duringClaim.status).toBe(200);
    expect(duringClaim.body.data).toEqual(communityView);
    const adminDuringClaim = (await asAdmin()).body.data;
    expect(adminDuringClaim.identity).toEqual(adminView.identity);
    expect(adminDuringClaim.contacts).toEqual(adminView.contacts);
    expect(adminDuringClaim.trust.verificationStatus).toBe('Community Added');

    // No admin sees it, and no decision is possible, before the claimant proves control of the domain.
    const verification = await latestVerificationStatus(stack, orgId);
    expect(verification).toMatchObject({ reason: 'claim', status: 'awaiting_confirmation' });
    expect(await emailsTo(stack, adminEmail, `verification-review:${verification!.id}`)).toHaveLength(0);
    expect((await verify(orgId, 'approve')).status).toBe(409);
    expect(await row()).toEqual(original);

    const token = await linkTokenFor(stack, claimant.officialEmail, 'claim-confirmation:');
    expect((await confirmClaim('x'.repeat(43))).status).toBe(404);
    const confirmed = await confirmClaim(token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toEqual({ organizationId: orgId, phase: 'checking' });
    expect((await confirmClaim(token)).status).toBe(409);

    // A confirmed claim always waits for a human, even with no risk signal; still nothing has changed.
    const pending = await waitForVerification(stack, orgId, 'pending_review');
    // The admin sees what the claim proposes beside the organization as it is.
    expect((await asAdmin()).body.data.verification.claim).toMatchObject({
      applicantEmail: claimant.officialEmail,
      confirmedAt: expect.any(String),
      proposed: { displayName: 'Totally The Real Owner', industry: 'Gambling', website: claimant.website },
    });
    expect(pending.riskScore).toBe(0);
    expect(await emailsTo(stack, adminEmail, `verification-review:${pending.id}`)).toHaveLength(1);
    expect(await row()).toEqual(original);
    expect((await asCommunity()).body.data).toEqual(communityView);

    const approved = await verify(orgId, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.data).toEqual({ phase: 'awaiting_activation', status: 'Verified' });
    await captureHistory(stack, verificationWorkflowId(orgId), 'verification-claim-approved');
    const applied = await row();
    expect(applied).toMatchObject({
      displayName: 'Totally The Real Owner',
      industry: 'Gambling',
      logoUrl: claimant.logoUrl,
      website: claimant.website,
      status: 'Verified',
      addedByCommunityId: original.addedByCommunityId,
    });
    const afterApproval = await asCommunity();
    expect(afterApproval.status).toBe(200);
    expect(afterApproval.body.data.identity.displayName).toBe('Totally The Real Owner');
    expect((await asAdmin()).body.data.contacts.primaryEmail).toBe(claimant.officialEmail);
    const audit = await stack.db.select().from(auditLog).where(eq(auditLog.entityId, orgId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['organization.claimed', 'organization.claim_applied']),
    );
  });

  it('a rejected claim leaves the organization exactly as the community added it', async () => {
    const { orgId, claimant, row, asCommunity, asAdmin } = await communityAdds();
    const original = await row();
    const communityView = (await asCommunity()).body.data;
    const adminContacts = (await asAdmin()).body.data.contacts;

    expect((await apply(stack, claimant)).status).toBe(201);
    expect(
      (await confirmClaim(await linkTokenFor(stack, claimant.officialEmail, 'claim-confirmation:'))).status,
    ).toBe(200);
    await waitForVerification(stack, orgId, 'pending_review');
    const rejected = await verify(orgId, 'reject', 'not the owner');
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toEqual({ phase: 'rejected', status: 'Community Added' });

    expect(await row()).toEqual(original);
    const view = await asCommunity();
    expect(view.status).toBe(200);
    expect(view.body.data).toEqual(communityView);
    expect((await asAdmin()).body.data.contacts).toEqual(adminContacts);
    expect(
      await stack.db.select().from(organizationMembers).where(eq(organizationMembers.organizationId, orgId)),
    ).toHaveLength(0);
    expect(
      await stack.db.select().from(users).where(eq(users.email, claimant.officialEmail.toLowerCase())),
    ).toHaveLength(0);
    expect((await emailsTo(stack, claimant.officialEmail, 'verification-rejected'))[0]!.body).toContain(
      'not the owner',
    );
  });
});

describe('application input validation', () => {
  it.each([
    ['bad JSON', { rawBody: '{"kind":' }, undefined],
    ['unknown field', { body: applicationBody({ isVerified: true }) }, 'isVerified'],
    ['bad kind', { body: applicationBody({ kind: 'vendor' }) }, 'kind'],
    ['bad email', { body: applicationBody({ officialEmail: 'nope' }) }, 'officialEmail'],
    ['bad website', { body: applicationBody({ website: 'acme' }) }, 'website'],
    [
      'float money',
      { body: applicationBody({ budgetRange: { minMinor: 10.5, maxMinor: 20, currency: 'INR' } }) },
      'budgetRange.minMinor',
    ],
    [
      'bad currency',
      { body: applicationBody({ budgetRange: { minMinor: 1, maxMinor: 2, currency: 'rupees' } }) },
      'budgetRange.currency',
    ],
    ['no sponsorship types', { body: applicationBody({ sponsorshipTypes: [] }) }, 'sponsorshipTypes'],
    ['oversized name', { body: applicationBody({ companyName: 'x'.repeat(201) }) }, 'companyName'],
    ['missing applicant', { body: { ...applicationBody(), applicantName: undefined } }, 'applicantName'],
  ])('%s -> 400 with the field path, nothing written', async (_name, opts, path) => {
    const before = await stack.db.select({ value: count() }).from(organizations);
    const res = await stack.request('POST', '/api/v1/sponsors/apply', {
      ...(opts as object),
      headers: { 'x-forwarded-for': '192.0.2.200' },
    });
    expect(res.status).toBe(400);
    if (path) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await stack.db.select({ value: count() }).from(organizations)).toEqual(before);
  });

  // Well-formed input a rule refuses (no schema can say "a registrable domain" or "max >= min"): 422.
  it.each([
    ['localhost website', { body: applicationBody({ website: 'http://localhost:3000' }) }, 'website'],
    [
      'inverted budget',
      { body: applicationBody({ budgetRange: { minMinor: 20, maxMinor: 10, currency: 'INR' } }) },
      'budgetRange.maxMinor',
    ],
  ])('%s -> 422 with the field path, nothing written', async (_name, opts, path) => {
    const before = await stack.db.select({ value: count() }).from(organizations);
    const res = await stack.request('POST', '/api/v1/sponsors/apply', {
      ...(opts as object),
      headers: { 'x-forwarded-for': '192.0.2.200' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('BUSINESS_RULE');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await stack.db.select({ value: count() }).from(organizations)).toEqual(before);
  });

  it('validates decisions and activation bodies', async () => {
    const orgId = (await apply(stack, applicationBody())).body.data.id;
    for (const body of [
      { decision: 'maybe', reason: 'x' },
      { decision: 'approve' },
      { decision: 'approve', reason: '' },
      { decision: 'approve', reason: 'x', extra: 1 },
    ]) {
      expect(
        (await stack.request('POST', `/api/v1/sponsors/${orgId}/verify`, { token: admin, body })).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    expect(
      (
        await stack.request('POST', '/api/v1/sponsors/not-a-uuid/verify', {
          token: admin,
          body: { decision: 'approve', reason: 'x' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await stack.request('POST', '/api/v1/sponsors/00000000-0000-4000-8000-000000000000/verify', {
          token: admin,
          body: { decision: 'approve', reason: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await stack.request('POST', '/api/v1/auth/activate', { body: { token: 'short' } })).status).toBe(
      400,
    );
    expect(
      (
        await stack.request('POST', '/api/v1/auth/activate', {
          body: { token: 'x'.repeat(40), password: 'p', more: 1 },
        })
      ).status,
    ).toBe(400);
  });
});
