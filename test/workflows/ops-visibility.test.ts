import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communities, contracts, payoutAccounts, programs } from '../../src/db/schema/index.js';
import { paymentIdOf } from '../../src/domain/escrow.js';
import {
  SA_AMOUNT_MINOR,
  SA_COMMUNITY_ID,
  SA_CURRENCY,
  SA_ORGANIZATION_ID,
  SA_PROGRAM_ID,
  SA_STATUS,
  SA_WAITING_ON,
} from '../../src/domain/search-attributes.js';
import { contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import { escrowWorkflowId } from '../../src/workflows/escrow/escrow.contract.js';
import { fulfillmentWorkflowId } from '../../src/workflows/fulfillment/fulfillment.contract.js';
import { negotiationWorkflowId } from '../../src/workflows/negotiation/negotiation.contract.js';
import { payoutWorkflowId } from '../../src/workflows/payout/payout.contract.js';
import {
  programMatchedInvitationsWorkflowId,
  programScheduleId,
} from '../../src/workflows/program-cycle/program-cycle.contract.js';
import { verificationWorkflowId } from '../../src/workflows/verification/verification.contract.js';
import { orgMember, sign } from '../helpers/contracts.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
  proposalBody,
} from '../helpers/fixtures.js';
import { escrowDeal } from '../helpers/escrow.js';
import { adminToken, apply, applicationBody } from '../helpers/onboarding.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';
import { paymentIntentEvent, postStripeEvent, stripeEvent } from '../helpers/stripe.js';

let stack: TTestStack;
let communityId: string;
let organizer: { token: string };

beforeAll(async () => {
  stack = await startTestStack({ VERIFICATION_AUTO_APPROVE_BELOW: '0' });
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
});
/** Workflows this file leaves running (payout watches wait days; program Schedules fire next year). */
const leftRunning: string[] = [];
afterAll(async () => {
  if (stack) {
    for (const id of leftRunning)
      await stack.deps.temporal.workflow
        .getHandle(id)
        .terminate('test over')
        .catch(() => {});
    for (const p of await stack.db.select({ id: programs.id }).from(programs))
      await stack.deps.temporal.schedule
        .getHandle(programScheduleId(p.id))
        .delete()
        .catch(() => {});
  }
  await stack?.close();
});

/** The workflow ids a saved view (a visibility query) lists in this test's task queue. */
async function view(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const run of stack.deps.temporal.workflow.list({
    query: `${query} AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
  }))
    ids.push(run.workflowId);
  return ids;
}
/** Temporal's description of a workflow once it has been started (a child starts a moment after its parent's step). */
const described = (workflowId: string) =>
  waitFor(
    () =>
      stack.deps.temporal.workflow
        .getHandle(workflowId)
        .describe()
        .catch(() => null),
    30_000,
    `${workflowId} started`,
  );
const currentDetails = async (workflowId: string) =>
  (
    (await stack.deps.temporal.workflow.getHandle(workflowId).query('__temporal_workflow_metadata')) as {
      currentDetails?: string;
    }
  ).currentDetails ?? '';

describe('the Temporal UI for ops', () => {
  it('shows who, what and how much, what a negotiation waits for, and finds it with saved views', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    const { token: sponsorToken } = await orgMemberWithToken(stack.db, org.id);
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: org.id, proposal: proposalBody(50_000_000) },
    });
    expect(opened.status).toBe(201);
    const workflowId = negotiationWorkflowId(opened.body.data.id);
    const handle = stack.deps.temporal.workflow.getHandle(workflowId);

    const description = await handle.describe();
    const [community] = await stack.db
      .select({ name: communities.name })
      .from(communities)
      .where(eq(communities.id, communityId));
    expect(await description.staticSummary()).toBe(
      `${community!.name} → ${org.displayName}: INR 500,000.00 Gold Sponsor`,
    );
    expect(await currentDetails(workflowId)).toContain('Waiting on **');

    // The community opened it: the sponsor holds the turn.
    const waitingOnSponsor = `WorkflowType = "negotiationWorkflow" AND CommDeskWaitingOn = "organization"`;
    await waitFor(
      async () => (await view(waitingOnSponsor)).includes(workflowId),
      30_000,
      'view: waiting on sponsor',
    );

    const countered = await stack.request('PATCH', `/api/v1/requests/${opened.body.data.id}/negotiate`, {
      token: sponsorToken,
      body: { inReplyToRevision: 1, proposal: proposalBody(40_000_000) },
    });
    expect(countered.status).toBe(200);
    expect(await currentDetails(workflowId)).toMatch(
      /^\*\*Negotiation\*\* · revision 2 by .+ \(organization\) · INR 400,000\.00/,
    );
    expect(await currentDetails(workflowId)).toContain('Waiting on **');
    const waitingOnCommunity = `WorkflowType = "negotiationWorkflow" AND CommDeskWaitingOn = "community" AND CommDeskStatus = "Negotiation" AND CommDeskAmountMinor <= 40000000`;
    await waitFor(
      async () => (await view(waitingOnCommunity)).includes(workflowId),
      30_000,
      'view: waiting on community',
    );
    expect(await view(waitingOnSponsor)).not.toContain(workflowId);
    // "Waiting for more than N days" is a time bound on CommDeskWaitingSince: nothing here waits since last week.
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    expect(
      await view(`CommDeskWaitingOn = "community" AND CommDeskWaitingSince < "${lastWeek}"`),
    ).not.toContain(workflowId);
    expect(await view(`CommDeskCommunityId = "${communityId}"`)).toContain(workflowId);
  }, 90_000);

  it('shows a verification waiting on a platform admin', async () => {
    const body = applicationBody();
    const applied = await apply(stack, body);
    expect(applied.status).toBe(201);
    const workflowId = verificationWorkflowId(applied.body.data.id);
    // Who, by name: the organization, its domain and who applied; the ids in the details.
    const verification = await described(workflowId);
    expect(await verification.staticSummary()).toBe(
      `Application · ${body.companyName} (${body.website.replace('https://www.', '')}) by ${body.applicantName}`,
    );
    expect(await verification.staticDetails()).toContain(applied.body.data.id);
    const waitingOnAdmin = `WorkflowType = "organizationVerificationWorkflow" AND CommDeskWaitingOn = "platform_admin"`;
    await waitFor(
      async () => (await view(waitingOnAdmin)).includes(workflowId),
      30_000,
      'view: waiting on an admin',
    );
    expect(await currentDetails(workflowId)).toContain("Waiting for a platform admin's decision");
    const admin = await adminToken(stack);
    const decided = await stack.request('POST', `/api/v1/sponsors/${applied.body.data.id}/verify`, {
      token: admin,
      body: { decision: 'approve', reason: 'looks right' },
    });
    expect(decided.status).toBe(200);
    await waitFor(
      async () =>
        (await view(`CommDeskWaitingOn = "applicant" AND CommDeskStatus = "awaiting_activation"`)).includes(
          workflowId,
        ),
      30_000,
      'view: waiting on the applicant',
    );
  }, 90_000);
  it('names the parties, the event, the accepted amount and category in every workflow of a deal', async () => {
    const org = await createOrganization(stack.db, { name: 'Globex Developer Relations' });
    const sponsor = await orgMember(stack, org.id, 'Sponsor Admin');
    const event = await createEvent(stack.db, communityId, { title: 'DevFest Pune 2026' });
    const [community] = await stack.db
      .select({ name: communities.name })
      .from(communities)
      .where(eq(communities.id, communityId));
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: org.id, eventId: event.id, proposal: proposalBody(25_000_000) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId = opened.body.data.id as string;
    // The sponsor counters with a lower amount and another category: the deal is what was accepted, not the opening.
    const countered = await stack.request('PATCH', `/api/v1/requests/${requestId}/negotiate`, {
      token: sponsor.token,
      body: { inReplyToRevision: 1, proposal: proposalBody(12_345_678, { category: 'Silver Sponsor' }) },
    });
    expect(countered.status, JSON.stringify(countered.body)).toBe(200);
    const accepted = await stack.request('PATCH', `/api/v1/requests/${requestId}/accept`, {
      token: organizer.token,
      body: { revision: 2 },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const dealId = accepted.body.data.dealId as string;
    const who = `${community!.name} → Globex Developer Relations · DevFest Pune 2026`;
    const deal = `${who}: INR 123,456.78 Silver Sponsor`;

    const negotiation = await described(negotiationWorkflowId(requestId));
    expect(await negotiation.staticSummary()).toBe(`${who}: INR 250,000.00 Gold Sponsor`);
    expect(await negotiation.staticDetails()).toContain(requestId);

    // The contract the acceptance started (the normal path): its summary comes from the negotiation's input and state.
    const contract = await waitFor(
      async () => {
        const [row] = await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId));
        return row?.status === 'PendingSignature' ? row : null;
      },
      30_000,
      'the contract generated at acceptance',
    );
    const contractRun = await described(contractWorkflowId(contract.id));
    expect(await contractRun.staticSummary()).toBe(`Contract · ${deal}`);
    expect(await contractRun.staticDetails()).toContain(contract.id);
    expect(await contractRun.staticDetails()).toContain(dealId);
    // Whose signature it waits for, by name, and until when.
    expect(await currentDetails(contractWorkflowId(contract.id))).toMatch(
      new RegExp(
        `^Waiting for the signature of both parties, Community [^ ]+ \\(community\\) and Globex Developer Relations \\(organization\\) until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC`,
      ),
    );

    for (const [party, name] of [
      [organizer, 'Ada Organizer'],
      [sponsor, 'Sam Sponsor'],
    ] as const) {
      const signed = await sign(stack, party.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName: name,
      });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    }
    // The escrow and the benefit manager the signed contract started: names from the contract's input.
    const paymentId = paymentIdOf(contract.id);
    const escrow = await described(escrowWorkflowId(paymentId));
    expect(await escrow.staticSummary()).toBe(`Escrow · ${deal}`);
    expect(await escrow.staticDetails()).toContain(paymentId);
    expect(await escrow.staticDetails()).toContain(contract.id);
    const fulfillment = await described(fulfillmentWorkflowId(dealId));
    expect(await fulfillment.staticSummary()).toBe(`Benefit fulfillment · ${deal}`);
    expect(await fulfillment.staticDetails()).toContain(dealId);
    // Current details, by name: what the benefit manager waits for.
    await waitFor(
      async () => (await currentDetails(fulfillmentWorkflowId(dealId))).includes('Waiting on'),
      30_000,
      'the benefit manager to publish what it waits for',
    );
    expect(await currentDetails(fulfillmentWorkflowId(dealId))).toContain(deal);
  }, 120_000);

  it('names the deal of an escrow that a late Stripe event starts again', async () => {
    const d = await escrowDeal(stack, { amountMinor: 7_654_321 });
    const workflowId = escrowWorkflowId(d.paymentId);
    const first = await described(workflowId);
    // The escrow is gone (an ended run looks the same to the webhook): the next Stripe event starts it again.
    await stack.deps.temporal.workflow.getHandle(workflowId).terminate('ops-visibility: a closed escrow');
    const event = paymentIntentEvent('payment_intent.processing', {
      paymentId: d.paymentId,
      amountMinor: 7_654_321,
      paymentIntentId: d.payment.stripePaymentIntentId!,
    });
    const posted = await postStripeEvent(stack, event);
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const restarted = await waitFor(
      async () => {
        const run = await stack.deps.temporal.workflow.getHandle(workflowId).describe();
        return run.runId !== first.runId ? run : null;
      },
      30_000,
      'the escrow started again by the late event',
    );
    // Started by the webhook's signal-with-start, not by the contract (which starts it as its child).
    expect(restarted.parentExecution).toBeUndefined();
    const [community] = await stack.db
      .select({ name: communities.name })
      .from(communities)
      .where(eq(communities.id, d.community.id));
    expect(await restarted.staticSummary()).toBe(
      `Escrow · ${community!.name} → ${d.org.displayName} · ${d.event.title}: USD 76,543.21 Gold Sponsor`,
    );
    expect(await restarted.staticDetails()).toBe(
      `Payment ${d.paymentId} of deal ${d.dealId} (contract ${d.contractId}). API: GET /api/v1/payments/${d.paymentId}`,
    );
  }, 120_000);

  it('names the community and the amount of a payout watch, and says who it waits on', async () => {
    const community = await createCommunity(stack.db, 'active');
    const stripeAccountId = `acct_${randomBytes(8).toString('hex')}`;
    await stack.db
      .insert(payoutAccounts)
      .values({ communityId: community.id, stripeAccountId, payoutsEnabled: true });
    const payoutEvent = (id: string, created: number) =>
      stripeEvent(
        'payout.created',
        {
          id,
          object: 'payout',
          amount: 125_000,
          currency: 'eur',
          status: 'pending',
          created,
          arrival_date: created + 2 * 86_400,
          failure_code: null,
          failure_message: null,
        },
        { account: stripeAccountId, created },
      );
    const now = Math.floor(Date.now() / 1000);

    // A payout created now: Stripe and the bank move it, no party of ours (waiting on nobody) for days.
    const fresh = `po_${randomBytes(8).toString('hex')}`;
    leftRunning.push(payoutWorkflowId(fresh));
    expect((await postStripeEvent(stack, payoutEvent(fresh, now))).status).toBe(200);
    const watch = await described(payoutWorkflowId(fresh));
    expect(await watch.staticSummary()).toBe(
      `Payout · ${community.name}: EUR 1,250.00 to its bank account (${fresh})`,
    );
    expect(await watch.staticDetails()).toBe(
      `Payout ${fresh} of community ${community.id} (connected account ${stripeAccountId}). API: GET /api/v1/communities/${community.id}/payout-account`,
    );
    expect(watch.typedSearchAttributes.get(SA_COMMUNITY_ID)).toBe(community.id);
    expect(watch.typedSearchAttributes.get(SA_STATUS)).toBe('pending');
    expect(watch.typedSearchAttributes.get(SA_AMOUNT_MINOR)).toBe(125_000);
    expect(watch.typedSearchAttributes.get(SA_CURRENCY)).toBe('EUR');
    expect(watch.typedSearchAttributes.get(SA_WAITING_ON)).toBe('nobody');
    await waitFor(
      async () => (await currentDetails(payoutWorkflowId(fresh))).includes('EUR 1,250.00'),
      30_000,
      'the watch to publish what it waits for',
    );
    expect(await currentDetails(payoutWorkflowId(fresh))).toMatch(
      new RegExp(
        `^Waiting for EUR 1,250\\.00 to reach the bank account of ${community.name} \\(Stripe and the bank move it`,
      ),
    );
    await waitFor(
      async () =>
        (
          await view(
            `WorkflowType = "payoutWorkflow" AND CommDeskCurrency = "EUR" AND CommDeskAmountMinor >= 100000 AND CommDeskWaitingOn = "nobody"`,
          )
        ).includes(payoutWorkflowId(fresh)),
      30_000,
      'view: payouts of EUR 1,000 or more on their way',
    );

    // A payout created a month ago and still pending is past the stuck-money delay: a platform admin must look.
    const stuck = `po_${randomBytes(8).toString('hex')}`;
    leftRunning.push(payoutWorkflowId(stuck));
    expect((await postStripeEvent(stack, payoutEvent(stuck, now - 30 * 86_400))).status).toBe(200);
    await waitFor(
      async () =>
        (
          await view(
            `WorkflowType = "payoutWorkflow" AND CommDeskWaitingOn = "platform_admin" AND CommDeskAlert = "payout_stuck" AND CommDeskCommunityId = "${community.id}"`,
          )
        ).includes(payoutWorkflowId(stuck)),
      30_000,
      'view: stuck payouts waiting on a platform admin',
    );
    expect(await currentDetails(payoutWorkflowId(stuck))).toBe(
      `Payout ${stuck} (EUR 1,250.00 to ${community.name}) still pending past the stuck-money delay: waiting on a platform admin (ops task payout_stuck); the alert clears when Stripe reports it paid, failed or canceled`,
    );
  }, 90_000);

  it('names the organization, the program and its budget in the matched invitations it starts', async () => {
    const org = await createOrganization(stack.db, { status: 'Active', name: 'Initech Cloud' });
    const sponsorAdmin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
    const created = await stack.request('POST', '/api/v1/programs', {
      token: sponsorAdmin.token,
      body: {
        name: 'Initech Community Fund',
        period: 'monthly',
        // Next year: its Schedule cannot fire during the test; the create starts the matched invitations itself.
        startDate: `${new Date().getUTCFullYear() + 1}-03-01`,
        budgetPerPeriod: { amountMinor: 700_000, currency: 'INR' },
        eventTypes: ['Hackathon'],
        regions: ['APAC'],
        technologies: ['LLMs'],
        categories: ['Artificial Intelligence'],
        perCommunityCapMinor: 400_000,
        proposalTemplate: {
          category: 'Gold Sponsor',
          amountMinor: 300_000,
          currency: 'INR',
          benefits: [{ key: 'logo_placement' }],
          terms: 'Logo on all materials.',
        },
        communities: { mode: 'matched', limit: 2 },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const programId = created.body.data.id as string;
    const run = await described(programMatchedInvitationsWorkflowId(programId, 1));
    expect(await run.staticSummary()).toBe(
      'Matched invitations · Initech Cloud: Initech Community Fund, monthly INR 7,000.00 (revision 1)',
    );
    expect(await run.staticDetails()).toBe(
      `Invites up to 2 matched communities to program ${programId} of organization ${org.id} and emails them. API: GET /api/v1/programs/${programId}`,
    );
    expect(run.typedSearchAttributes.get(SA_PROGRAM_ID)).toBe(programId);
    expect(run.typedSearchAttributes.get(SA_ORGANIZATION_ID)).toBe(org.id);
  }, 60_000);
});
