import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteProgramSchedule } from '../../src/infra/program-schedule.js';
import { programs } from '../../src/db/schema/index.js';
import { escrowWorkflowId } from '../../src/workflows/escrow/escrow.contract.js';
import { negotiationWorkflowId } from '../../src/workflows/negotiation/negotiation.contract.js';
import { searchIndexSyncWorkflowId } from '../../src/workflows/search-sync/search-sync.contract.js';
import { webhookDeliveryWorkflowId } from '../../src/workflows/webhook-delivery/webhook-delivery.contract.js';
import { programCycleWorkflowId } from '../../src/workflows/program-cycle/program-cycle.contract.js';
import { verificationWorkflowId } from '../../src/workflows/verification/verification.contract.js';
import { escrowDeal, pay, paymentWhen, startStripeFaults } from '../helpers/escrow.js';
import {
  createCommunity,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
  proposalBody,
} from '../helpers/fixtures.js';
import { apply, applicationBody } from '../helpers/onboarding.js';
import { startReceiver, waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * Every saved view the README documents runs against the real dev server's visibility and lists a workflow in the
 * state it names. The queries are read from README.md here (the saved-views block and each escrow view quoted in the
 * escrow section), so the README and this test cannot drift: a README view no scenario below covers fails the test.
 * Placeholders are filled in, nothing else is changed: `<community id>`, and the age bound (`<now minus N days>` or
 * the example date) is set once after the workflow started waiting (it is listed) and once N days back (it is not:
 * it has waited seconds, not days).
 */

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The documented queries: the fenced block after "Saved views", and the escrow views quoted inline. */
function documentedViews(): string[] {
  const block = README.split(/^Saved views\b.*$/m)[1]?.split('```')[1];
  if (!block) throw new Error('README.md has no "Saved views" block');
  const fromBlock = block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^WorkflowType (=|IN) /.test(l));
  const inline = [...README.matchAll(/`(WorkflowType = "escrowWorkflow"[^`]*)`/g)].map((m) => m[1]!);
  return [...fromBlock, ...inline];
}

/** An age bound in a query: an example date, or a `<now minus 3 days>` placeholder. */
const AGE_BOUND = /"(?:\d{4}-\d{2}-\d{2}T[\d:.]+Z|<now minus [^>]+>)"/g;

let stack: TTestStack;
let stripe: Awaited<ReturnType<typeof startStripeFaults>>;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
const created: { programId?: string } = {};

beforeAll(async () => {
  // stripe-mock behind a proxy that can refuse transfers the way Stripe does (money then stuck on its way).
  stripe = await startStripeFaults(inject('stripe').apiBase);
  stack = await startTestStack({
    STRIPE_API_BASE: stripe.url,
    VERIFICATION_AUTO_APPROVE_BELOW: '0',
    PROGRAM_SCHEDULE_EVERY: '1s',
    PROGRAM_RENEWAL_NOTICE: '0',
    // The business-processes view's scenario pings a webhook receiver on loopback.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  });
}, 120_000);

afterAll(async () => {
  // Schedules outlive test databases.
  if (stack)
    for (const p of await stack.db.select({ id: programs.id }).from(programs))
      await deleteProgramSchedule(stack.deps, p.id);
  await stack?.close();
  await stripe?.close();
  await receiver?.close();
});

/** The workflow ids a saved view lists, within this test file's task queue (the dev server is shared). */
async function view(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const run of stack.deps.temporal.workflow.list({
    query: `${query} AND TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`,
  }))
    ids.push(run.workflowId);
  return ids;
}

const thisMonth = () => {
  const now = new Date();
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
};

type TScenario = {
  name: string;
  covers: (query: string) => boolean;
  /**
   * Brings workflows into the view's state; returns their ids and the placeholders' values, and the ids of
   * workflows that exist on the task queue but the view must leave out.
   */
  arrange: () => Promise<{ workflowIds: string[]; communityId?: string; excluded?: string[] }>;
};

let escrowWaiting: Promise<{ workflowIds: string[] }> | null = null;
/** One escrow whose released milestone waits for a payout account (both escrow views list it). */
function escrowAwaitingPayoutAccount() {
  escrowWaiting ??= (async () => {
    const deal = await escrowDeal(stack, { payoutAccount: false });
    await pay(stack, deal);
    const paid = await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'InEscrow',
      'InEscrow',
    );
    const milestoneId = paid.milestones[0].id as string;
    const path = `/api/v1/payments/${deal.paymentId}/milestones/${milestoneId}`;
    const asked = await stack.request('POST', `${path}/release-request`, {
      token: deal.organizer.token,
      body: { note: 'done' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const approved = await stack.request('POST', `${path}/approve`, { token: deal.sponsor.token, body: {} });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await paymentWhen(
      stack,
      deal.sponsor.token,
      deal.paymentId,
      (p) => p.status === 'AwaitingPayoutAccount',
      'AwaitingPayoutAccount',
    );
    return { workflowIds: [escrowWorkflowId(deal.paymentId)] };
  })();
  return escrowWaiting;
}

/** An escrow whose approved release Stripe refuses to transfer: the money is stuck on its way and waits on ops. */
async function escrowTransferRefused() {
  stripe.refuse('POST', /^\/v1\/transfers$/, 'Insufficient funds in Stripe account (test)');
  const deal = await escrowDeal(stack);
  await pay(stack, deal);
  const paid = await paymentWhen(
    stack,
    deal.sponsor.token,
    deal.paymentId,
    (p) => p.status === 'InEscrow',
    'InEscrow',
  );
  const path = `/api/v1/payments/${deal.paymentId}/milestones/${paid.milestones[0].id as string}`;
  const asked = await stack.request('POST', `${path}/release-request`, {
    token: deal.organizer.token,
    body: { note: 'done' },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  const approved = await stack.request('POST', `${path}/approve`, { token: deal.sponsor.token, body: {} });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await paymentWhen(
    stack,
    deal.sponsor.token,
    deal.paymentId,
    (p) => p.milestones[0].status === 'Releasing' && p.waitingOn === 'platform_admin',
    'the refused transfer waiting on ops',
  );
  return escrowWorkflowId(deal.paymentId);
}

async function communityOpensRequest(amountMinor: number) {
  const community = await createCommunity(stack.db, 'approved');
  const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
  const org = await createOrganization(stack.db, { status: 'Active' });
  const opened = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: { communityId: community.id, organizationId: org.id, proposal: proposalBody(amountMinor) },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return { workflowIds: [negotiationWorkflowId(opened.body.data.id)], communityId: community.id };
}

/**
 * A negotiation beside the per-event workflows its flow causes: a profile change's search-sync run and a webhook
 * delivery (a ping to a receiver of the negotiation's community). The business view lists the first only.
 */
async function negotiationBesidePerEventRuns() {
  const negotiation = await communityOpensRequest(20_000_000);
  const org = await createOrganization(stack.db, { status: 'Active' });
  const admin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
  const renamed = await stack.request('PATCH', `/api/v1/sponsors/${org.id}`, {
    token: admin.token,
    body: { displayName: 'Saved-view Renamed Co' },
  });
  expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  receiver ??= await startReceiver();
  const organizer = await memberWithToken(stack.db, negotiation.communityId, 'Organizer');
  const hook = await stack.request('POST', '/api/v1/webhooks', {
    token: organizer.token,
    body: { communityId: negotiation.communityId, url: receiver.url, eventTypes: ['event_partner_assigned'] },
  });
  expect(hook.status, JSON.stringify(hook.body)).toBe(201);
  const ping = await stack.request('POST', `/api/v1/webhooks/${hook.body.data.id as string}/test`, {
    token: organizer.token,
  });
  expect(ping.status, JSON.stringify(ping.body)).toBe(202);
  return {
    workflowIds: negotiation.workflowIds,
    excluded: [
      searchIndexSyncWorkflowId(stack.config.TEMPORAL_TASK_QUEUE),
      webhookDeliveryWorkflowId(ping.body.data.id as string),
    ],
  };
}

const SCENARIOS: TScenario[] = [
  {
    name: 'business processes only',
    covers: (q) => q.startsWith('WorkflowType IN (') && q.includes('"negotiationWorkflow"'),
    arrange: negotiationBesidePerEventRuns,
  },
  {
    name: 'negotiations waiting on the sponsor',
    covers: (q) =>
      q.includes('"negotiationWorkflow"') &&
      q.includes('CommDeskWaitingOn = "organization"') &&
      !q.includes('CommDeskAmountMinor'),
    // The community opened it: the sponsor holds the turn.
    arrange: () => communityOpensRequest(50_000_000),
  },
  {
    name: 'large offers still open for one community',
    covers: (q) => q.includes('"negotiationWorkflow"') && q.includes('CommDeskAmountMinor >='),
    arrange: () => communityOpensRequest(150_000_000),
  },
  {
    name: 'applications waiting on a platform admin',
    covers: (q) =>
      q.includes('"organizationVerificationWorkflow"') && q.includes('CommDeskWaitingOn = "platform_admin"'),
    arrange: async () => {
      const applied = await apply(stack, applicationBody());
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
      return { workflowIds: [verificationWorkflowId(applied.body.data.id)] };
    },
  },
  {
    name: 'program cycles waiting on communities',
    covers: (q) => q.includes('"programCycleWorkflow"') && q.includes('CommDeskWaitingOn = "community"'),
    arrange: async () => {
      // A program inviting one community, which accepts: the next firing opens its renewal and the cycle waits on it.
      const org = await createOrganization(stack.db, { status: 'Active' });
      const admin = await orgMemberWithToken(stack.db, org.id, 'Sponsor Admin');
      const community = await createCommunity(stack.db, 'approved');
      const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
      const program = await stack.request('POST', '/api/v1/programs', {
        token: admin.token,
        body: {
          organizationId: org.id,
          name: 'Saved-view program',
          period: 'monthly',
          startDate: thisMonth(),
          budgetPerPeriod: { amountMinor: 500_000, currency: 'INR' },
          communityIds: [community.id],
          proposalTemplate: proposalBody(500_000),
        },
      });
      expect(program.status, JSON.stringify(program.body)).toBe(201);
      created.programId = program.body.data.id;
      const accepted = await stack.request('POST', `/api/v1/programs/${created.programId}/participation`, {
        token: organizer.token,
        body: { decision: 'accept' },
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      return { workflowIds: [programCycleWorkflowId(created.programId!, thisMonth())] };
    },
  },
  {
    name: 'escrows waiting on a payout account',
    covers: (q) => q.includes('"escrowWorkflow"') && q.includes('CommDeskStatus = "AwaitingPayoutAccount"'),
    arrange: escrowAwaitingPayoutAccount,
  },
  {
    name: 'stuck money: escrows waiting on a party or an admin for days',
    covers: (q) => q.includes('"escrowWorkflow"') && /CommDeskWaitingOn IN \(.*"community"/.test(q),
    // Money waiting on a payout account (the community), and a transfer Stripe refused (ops).
    arrange: async () => ({
      workflowIds: [...(await escrowAwaitingPayoutAccount()).workflowIds, await escrowTransferRefused()],
    }),
  },
];

describe('the README saved views on the dev server', () => {
  const views = documentedViews();

  it('the README documents the saved views of issue 14 and the escrow ones, each covered here', () => {
    expect(views.length).toBeGreaterThanOrEqual(6);
    for (const q of views)
      expect(
        SCENARIOS.filter((s) => s.covers(q)).map((s) => s.name),
        `README view without exactly one scenario in this test: ${q}`,
      ).toHaveLength(1);
  });

  it('the business view names every business workflow type the worker runs, and no per-event or housekeeping one', () => {
    const business = views.find((q) => q.startsWith('WorkflowType IN ('));
    expect(business, 'README saved view of business processes').toBeTruthy();
    const named = [...business!.matchAll(/"(\w+)"/g)].map((m) => m[1]!);
    const registered = [
      ...readFileSync(new URL('../../src/workflows/index.ts', import.meta.url), 'utf8').matchAll(
        /export \{([^}]+)\}/g,
      ),
    ].flatMap((m) =>
      m[1]!
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
    // Separate runs that are not business processes: chores, per-event syncs and the Schedules' firings (README,
    // "The Temporal UI for ops"). A new workflow type must be put in one list or the other.
    const notBusiness = [
      'housekeepingWorkflow',
      'mailDispatchWorkflow',
      'webhookSweepWorkflow',
      'webhookDeliveryWorkflow',
      'searchSyncWorkflow',
      'searchIndexSyncWorkflow',
      'reputationWorkflow',
      'reputationNightlyWorkflow',
      'reputationRefresherWorkflow',
      'ledgerVerifyWorkflow',
      'programFiringWorkflow',
      'programMatchedInvitationsWorkflow',
    ];
    for (const type of registered)
      expect(
        named.includes(type) !== notBusiness.includes(type),
        `${type}: business or not, exactly one`,
      ).toBe(true);
    for (const type of named) expect(registered, `${type} is a registered workflow type`).toContain(type);
  });

  for (const query of views) {
    it(`lists a workflow in its state: ${query}`, async () => {
      const scenario = SCENARIOS.find((s) => s.covers(query))!;
      const { workflowIds, communityId, excluded = [] } = await scenario.arrange();
      const fill = (bound: Date) => {
        let q = query.replace(AGE_BOUND, `"${bound.toISOString()}"`);
        if (q.includes('<community id>')) {
          expect(communityId, `${scenario.name} names the community`).toBeTruthy();
          q = q.replace('<community id>', communityId!);
        }
        expect(q, 'every placeholder filled').not.toMatch(/<[^>]+>/);
        return q;
      };
      // Waiting since before now + 1 minute: listed once visibility has it.
      await waitFor(
        async () => {
          const listed = await view(fill(new Date(Date.now() + 60_000)));
          return workflowIds.every((id) => listed.includes(id));
        },
        45_000,
        `${scenario.name}: ${workflowIds.join(', ')} listed`,
      );
      if (excluded.length) {
        // They are in visibility (the view's filter, not a lag, leaves them out) and the view does not list them.
        await waitFor(
          async () => {
            const all = await view(`(${excluded.map((id) => `WorkflowId = "${id}"`).join(' OR ')})`);
            return excluded.every((id) => all.includes(id));
          },
          45_000,
          `${scenario.name}: ${excluded.join(', ')} in visibility`,
        );
        const listed = await view(fill(new Date(Date.now() + 60_000)));
        for (const id of excluded) expect(listed).not.toContain(id);
      }
      if (new RegExp(AGE_BOUND.source).test(query)) {
        // It has waited seconds, not days: the documented bound leaves it out.
        const days = Number(/<now minus (\d+) days>/.exec(query)?.[1] ?? 3);
        const listed = await view(fill(new Date(Date.now() - days * 86_400_000)));
        for (const id of workflowIds) expect(listed).not.toContain(id);
      }
    }, 120_000);
  }
});
