import { AsyncLocalStorage } from 'node:async_hooks';
import { and, count, eq, like, sql } from 'drizzle-orm';
import { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contractDocumentInput, createContractActivities } from '../../src/activities/contract.activities.js';
import { renderContractPdf, sha256Hex } from '../../src/documents/contract-pdf.js';
import {
  acceptedContractId,
  createNegotiationActivities,
  type TNegotiationDeps,
} from '../../src/activities/negotiation.activities.js';
import { dealSummary, type TDealOps } from '../../src/domain/ops-view.js';
import type { TNegotiationActivities } from '../../src/workflows/negotiation/negotiation.contract.js';
import { contractStateQuery, contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import {
  auditLog,
  contractEvents,
  contracts,
  deals,
  emailOutbox,
  opportunities,
  requestRevisions,
  requestTimeline,
  sponsorshipRequests,
  webhookEvents,
} from '../../src/db/schema/index.js';
import {
  createCommunity,
  createEvent,
  createOrganization,
  memberWithToken,
  orgMemberWithToken,
  proposalBody,
} from '../helpers/fixtures.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;
let communityId: string;
let organizer: { token: string; user: { id: string; email: string } };

beforeAll(async () => {
  stack = await startTestStack();
  communityId = (await createCommunity(stack.db, 'approved')).id;
  organizer = await memberWithToken(stack.db, communityId, 'Organizer');
  // The reputation refresher drains reputation_changes as it goes: a trigger keeps what the steps added.
  await stack.db.execute(sql`
    create table test_reputation_log (subject_type text, subject_id uuid);
    create function test_log_reputation() returns trigger language plpgsql as $$
      begin insert into test_reputation_log values (new.subject_type, new.subject_id); return new; end $$;
    create trigger test_log_reputation after insert on reputation_changes
      for each row execute function test_log_reputation()`);
});
afterAll(() => stack?.close());

/**
 * The statements (round trips, BEGIN and COMMIT included) that `step` sends to Postgres: only those issued from its
 * own async context, so the worker's, the API's and the background loops' queries do not count.
 */
const counting = new AsyncLocalStorage<{ texts: string[] }>();
const originalQuery = pg.Client.prototype.query;
async function statementsOf<T>(step: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const store = { texts: [] as string[] };
  const result = await counting.run(store, step);
  return { result, texts: store.texts };
}
/** When set, every statement of this process (the API's and the worker's included), whatever its context. */
let everyStatement: string[] | null = null;
beforeAll(() => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const store = counting.getStore();
    const config = args[0] as string | { text: string };
    const text = typeof config === 'string' ? config : config.text;
    if (store) store.texts.push(text);
    everyStatement?.push(text);
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(() => {
  pg.Client.prototype.query = originalQuery;
});

/** Everything a negotiation step writes for one request, counted per table. */
async function written(requestId: string, opportunityId: string) {
  const n = async (p: Promise<{ value: number }[]>) => (await p)[0]!.value;
  return {
    timeline: await n(
      stack.db
        .select({ value: count() })
        .from(requestTimeline)
        .where(eq(requestTimeline.requestId, requestId)),
    ),
    revisions: await n(
      stack.db
        .select({ value: count() })
        .from(requestRevisions)
        .where(eq(requestRevisions.requestId, requestId)),
    ),
    deals: await n(stack.db.select({ value: count() }).from(deals).where(eq(deals.requestId, requestId))),
    audits: await n(
      stack.db
        .select({ value: count() })
        .from(auditLog)
        .where(
          sql`${auditLog.entityId} = ${requestId} or ${auditLog.entityId} = ${opportunityId} or ${auditLog.entityId} in (select id::text from deals where request_id = ${requestId})`,
        ),
    ),
    emails: await n(
      stack.db
        .select({ value: count() })
        .from(emailOutbox)
        .where(like(emailOutbox.idempotencyKey, `negotiation:${requestId}:%`)),
    ),
    events: await n(
      stack.db
        .select({ value: count() })
        .from(webhookEvents)
        .where(sql`${webhookEvents.payload}->>'requestId' = ${requestId}`),
    ),
    reputation: Number(
      (await stack.db.execute<{ n: number }>(sql`select count(*)::int as n from test_reputation_log`))
        .rows[0]!.n,
    ),
  };
}

describe('a retried negotiation step', () => {
  it('writes nothing twice: the first counter and the acceptance that fills an opportunity, each run twice', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    const sponsor = await orgMemberWithToken(stack.db, org.id);
    const event = await createEvent(stack.db, communityId);
    const [opportunity] = await stack.db
      .insert(opportunities)
      .values({
        communityId,
        eventId: event.id,
        title: 'One slot',
        eventSnapshot: {},
        desiredCategory: 'Gold Sponsor',
        benefits: [],
        budgetMinMinor: 1,
        budgetMaxMinor: 100_000_000,
        currency: 'INR',
        decisionDeadline: new Date(Date.now() + 86_400_000),
        status: 'Open',
      })
      .returning();
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: org.id, proposal: proposalBody(50_000_000) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId = opened.body.data.id as string;
    // The step's activities called as the worker calls them (the workflow never sees these steps).
    await stack.db
      .update(sponsorshipRequests)
      .set({ opportunityId: opportunity!.id })
      .where(eq(sponsorshipRequests.id, requestId));
    const activities = createNegotiationActivities({ db: stack.db });

    const counter = {
      requestId,
      seq: 2,
      revision: 2,
      by: 'organization' as const,
      actorUserId: sponsor.user.id,
      inReplyToRevision: 1,
      proposal: proposalBody(45_000_000),
      reputationSides: ['community' as const],
    };
    const first = await statementsOf(() => activities.recordCounter(counter));
    // The previous revision, then one statement: the claim, revision, request, audit, email, reputation change and
    // request_negotiation_started.
    expect(first.texts, first.texts.join('\n---\n')).toHaveLength(2);
    const afterCounter = await written(requestId, opportunity!.id);
    expect(afterCounter).toMatchObject({ timeline: 2, revisions: 2, deals: 0, events: 1, reputation: 1 });
    expect(afterCounter.audits).toBeGreaterThanOrEqual(2);
    expect(afterCounter.emails).toBeGreaterThanOrEqual(1);
    const retried = await activities.recordCounter(counter);
    expect(retried.deliveryIds).toEqual([]);
    expect(await written(requestId, opportunity!.id)).toEqual(afterCounter);

    const accept = {
      requestId,
      seq: 3,
      outcome: 'Accepted' as const,
      by: 'community' as const,
      actorUserId: organizer.user.id,
      revision: 2,
      reputationSides: ['community' as const, 'organization' as const],
    };
    const accepted = await statementsOf(() => activities.recordOutcome(accept));
    // BEGIN, the claim, the writes, COMMIT.
    expect(accepted.texts, accepted.texts.join('\n---\n')).toHaveLength(4);
    const dealId = accepted.result.dealId;
    expect(dealId).toEqual(expect.any(String));
    const afterAccept = await written(requestId, opportunity!.id);
    expect(afterAccept).toEqual({
      ...afterCounter,
      timeline: 3,
      deals: 1,
      // deal.created, opportunity.filled, request.accepted
      audits: afterCounter.audits + 3,
      emails: expect.any(Number),
      events: afterCounter.events + 1,
      reputation: afterCounter.reputation + 2,
    });
    expect(afterAccept.emails).toBeGreaterThan(afterCounter.emails);
    const again = await activities.recordOutcome(accept);
    expect(again).toEqual({ dealId, deliveryIds: [] });
    expect(await written(requestId, opportunity!.id)).toEqual(afterAccept);

    const [deal] = await stack.db.select().from(deals).where(eq(deals.id, dealId!));
    expect(deal).toMatchObject({
      requestId,
      acceptedRevision: 2,
      amountMinor: 45_000_000,
      status: 'Accepted',
    });
    const [request] = await stack.db
      .select()
      .from(sponsorshipRequests)
      .where(eq(sponsorshipRequests.id, requestId));
    expect(request).toMatchObject({ status: 'Accepted', dealId });
    const [filled] = await stack.db.select().from(opportunities).where(eq(opportunities.id, opportunity!.id));
    expect(filled!.status).toBe('Filled');
    // The audit rows in the order the step wrote them, the deal's as the row in its JavaScript form.
    const audits = await stack.db
      .select()
      .from(auditLog)
      .where(
        and(
          sql`${auditLog.id} > (select max(id) from audit_log where action = 'request.countered' and entity_id = ${requestId})`,
          sql`${auditLog.entityId} in (${requestId}, ${opportunity!.id}, ${dealId})`,
        ),
      )
      .orderBy(auditLog.id);
    expect(audits.map((a) => [a.action, a.actorType])).toEqual([
      ['deal.created', 'user'],
      ['opportunity.filled', 'system'],
      ['request.accepted', 'user'],
    ]);
    expect(audits[0]!.after).toEqual(JSON.parse(JSON.stringify(deal)));
    expect(audits[2]!).toMatchObject({
      before: { status: 'Negotiation' },
      after: { status: 'Accepted', dealId },
    });
  });
});

describe('a counter through the API', () => {
  it('reads no revision: the workflow passes the offer it answers, and the diff is the one a read would give', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    const sponsor = await orgMemberWithToken(stack.db, org.id);
    const opening = proposalBody(50_000_000, {
      benefits: [{ key: 'logo_placement' }, { key: 'custom', label: 'Swag', detail: 'Stickers' }],
    });
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: org.id, proposal: opening },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId = opened.body.data.id as string;
    const second = proposalBody(45_000_000, {
      benefits: [{ key: 'custom', label: 'Swag', detail: 'Stickers and shirts' }, { key: 'booth' }],
    });
    const third = proposalBody(47_000_000, {
      benefits: [{ key: 'custom', label: 'Swag', detail: 'Stickers and shirts' }, { key: 'booth' }],
      terms: 'Logo on the website only.',
    });
    everyStatement = [];
    try {
      const countered = await stack.request('PATCH', `/api/v1/requests/${requestId}/negotiate`, {
        token: sponsor.token,
        body: { inReplyToRevision: 1, proposal: second },
      });
      expect(countered.status, JSON.stringify(countered.body)).toBe(200);
      const answered = await stack.request('PATCH', `/api/v1/requests/${requestId}/negotiate`, {
        token: organizer.token,
        body: { inReplyToRevision: 2, proposal: third },
      });
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      const reads = everyStatement.filter((t) => /^select\b[\s\S]*\bfrom "request_revisions"/i.test(t));
      expect(reads, reads.join('\n---\n')).toEqual([]);
    } finally {
      everyStatement = null;
    }
    const revisions = await stack.db
      .select({ number: requestRevisions.number, diff: requestRevisions.diff })
      .from(requestRevisions)
      .where(eq(requestRevisions.requestId, requestId))
      .orderBy(requestRevisions.number);
    expect(revisions).toEqual([
      { number: 1, diff: null },
      {
        number: 2,
        diff: {
          amountMinor: { from: 50_000_000, to: 45_000_000 },
          benefitsAdded: [{ key: 'booth' }],
          benefitsRemoved: [{ key: 'logo_placement' }],
          benefitsChanged: [
            {
              key: 'custom:Swag',
              from: { key: 'custom', label: 'Swag', detail: 'Stickers' },
              to: { key: 'custom', label: 'Swag', detail: 'Stickers and shirts' },
            },
          ],
          termsChanged: false,
        },
      },
      {
        number: 3,
        diff: {
          amountMinor: { from: 45_000_000, to: 47_000_000 },
          benefitsAdded: [],
          benefitsRemoved: [],
          benefitsChanged: [],
          termsChanged: true,
        },
      },
    ]);
  });
});

describe('a retried outcome that makes no deal', () => {
  it('writes the withdrawal once, in the same two statements as an acceptance', async () => {
    const org = await createOrganization(stack.db, { status: 'Active' });
    // The organization's negotiator, whom the withdrawal emails.
    await orgMemberWithToken(stack.db, org.id);
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: { communityId, organizationId: org.id, proposal: proposalBody(50_000_000) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const requestId = opened.body.data.id as string;
    const activities = createNegotiationActivities({ db: stack.db });
    const before = await written(requestId, requestId);
    const withdraw = {
      requestId,
      seq: 2,
      outcome: 'Withdrawn' as const,
      by: 'community' as const,
      actorUserId: organizer.user.id,
      revision: 1,
      reason: 'the event was cancelled',
      reputationSides: ['community' as const],
    };
    const withdrawn = await statementsOf(() => activities.recordOutcome(withdraw));
    expect(withdrawn.texts, withdrawn.texts.join('\n---\n')).toHaveLength(4);
    expect(withdrawn.result).toEqual({ dealId: null, deliveryIds: [] });
    const after = await written(requestId, requestId);
    expect(after).toEqual({
      ...before,
      timeline: before.timeline + 1,
      audits: before.audits + 1,
      emails: expect.any(Number),
      reputation: before.reputation + 1,
    });
    expect(after.emails).toBeGreaterThan(before.emails);
    expect(await activities.recordOutcome(withdraw)).toEqual({ dealId: null, deliveryIds: [] });
    expect(await written(requestId, requestId)).toEqual(after);
    const [step] = await stack.db
      .select()
      .from(requestTimeline)
      .where(and(eq(requestTimeline.requestId, requestId), eq(requestTimeline.seq, 2)));
    expect(step).toMatchObject({
      type: 'withdrawn',
      actorSide: 'community',
      fromStatus: 'Pending',
      toStatus: 'Withdrawn',
      revision: 1,
      detail: { reason: 'the event was cancelled' },
    });
    const [audit] = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, requestId), eq(auditLog.action, 'request.withdrawn')));
    expect(audit).toMatchObject({
      actorType: 'user',
      before: { status: 'Pending' },
      after: { status: 'Withdrawn', dealId: null },
      reason: 'the event was cancelled',
    });
  });
});

/** A new Active organization with a member, and a request the community opened to it (INR 500,000.00). */
async function requestToNewSponsor() {
  const org = await createOrganization(stack.db, { status: 'Active' });
  const sponsor = await orgMemberWithToken(stack.db, org.id);
  const opened = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: { communityId, organizationId: org.id, proposal: proposalBody(50_000_000) },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return { org, sponsor, requestId: opened.body.data.id as string };
}

/**
 * A new sponsor's request accepted as the worker runs the step: in an activity context whose client is on a
 * NativeConnection (the worker's is), on the worker's task queue, so the stack's worker runs the contract it starts.
 * `accept` runs the step (again, for a retried attempt).
 */
async function acceptingAsTheWorker(
  deps: Omit<TNegotiationDeps, 'db'>,
  test: (t: {
    requestId: string;
    ops: TDealOps;
    accept: () => Promise<Awaited<ReturnType<TNegotiationActivities['recordOutcome']>>>;
  }) => Promise<void>,
) {
  const { org, sponsor, requestId } = await requestToNewSponsor();
  const connection = await NativeConnection.connect({ address: inject('stack').temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.config.TEMPORAL_NAMESPACE });
    const env = new MockActivityEnvironment({ taskQueue: stack.config.TEMPORAL_TASK_QUEUE }, { client });
    const activities = createNegotiationActivities({ db: stack.db, ...deps });
    const ops = {
      community: 'Acme Meetup',
      organization: org.displayName,
      event: null,
      amountMinor: 50_000_000,
      currency: 'INR',
      category: 'Gold Sponsor',
    };
    const input = {
      requestId,
      seq: 2,
      outcome: 'Accepted' as const,
      by: 'organization' as const,
      actorUserId: sponsor.user.id,
      revision: 1,
      contract: { ops },
    };
    await test({
      requestId,
      ops,
      accept: () =>
        env.run(activities.recordOutcome, input) as Promise<
          Awaited<ReturnType<TNegotiationActivities['recordOutcome']>>
        >,
    });
  } finally {
    await connection.close();
  }
}

/** The contract run's state once it is PendingSignature. */
const pendingSignature = (contractId: string, what: string) =>
  waitFor(
    async () => {
      const view = await stack.deps.temporal.workflow
        .getHandle(contractWorkflowId(contractId))
        .query(contractStateQuery);
      return view.status === 'PendingSignature' ? view : null;
    },
    30_000,
    what,
  );

describe('the contract an acceptance starts', () => {
  it('is started by the step after its commit, once under retries, its id derived from the deal', async () => {
    // Without the contract activities (the worker gives them): the run opens and generates the contract itself.
    await acceptingAsTheWorker({}, async ({ requestId, ops, accept }) => {
      const { dealId } = await accept();
      expect(dealId).toEqual(expect.any(String));
      const contractId = acceptedContractId(dealId!);
      expect(contractId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const handle = stack.deps.temporal.workflow.getHandle(contractWorkflowId(contractId));
      const started = await handle.describe();
      expect(started.type).toBe('contractWorkflow');
      expect(await started.staticSummary()).toBe(dealSummary('Contract', ops));
      expect(await started.staticDetails()).toContain(`acceptance of request ${requestId}`);

      // A retried attempt (the step committed, its answer was lost): the same deal, the same contract run.
      expect(await accept()).toEqual({ dealId, deliveryIds: [] });
      expect((await handle.describe()).runId).toBe(started.runId);
      // The run opens and generates the deal's one contract under the derived id.
      const contract = await waitFor(
        async () => {
          const rows = await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId!));
          return rows.length === 1 && rows[0]!.status === 'PendingSignature' ? rows[0]! : null;
        },
        30_000,
        'the contract generated',
      );
      expect(contract.id).toBe(contractId);
    });
  }, 60_000);

  it('is generated by the step as the worker wires it, and its run adopts the Draft instead of opening it again', async () => {
    const { openAndGenerateContract } = createContractActivities({ db: stack.db, config: stack.config });
    await acceptingAsTheWorker({ openAndGenerateContract }, async ({ accept }) => {
      const { dealId } = await accept();
      const contractId = acceptedContractId(dealId!);
      // Generated when the step returns: the document the run adopts is the one Postgres holds.
      const [row] = await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId!));
      expect(row).toMatchObject({ id: contractId, status: 'PendingSignature' });
      // A retried attempt: the same deal, the same run, the same document.
      expect(await accept()).toEqual({ dealId, deliveryIds: [] });
      const state = await pendingSignature(contractId, 'the run to adopt the generated Draft');
      expect(state.documentSha256).toBe(row!.documentSha256);
      expect(state.deadlineAt).toBe(row!.deadline!.getTime());
      // No local activity in the run: it did not open or generate the contract again.
      const { events } = await stack.deps.temporal.workflow
        .getHandle(contractWorkflowId(contractId))
        .fetchHistory();
      expect((events ?? []).filter((e) => e.markerRecordedEventAttributes)).toEqual([]);
      // The Draft travelled in the run's input (the history shows ops what the step generated).
      const [payload] = (events ?? [])[0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
      expect(JSON.parse(Buffer.from(payload!.data!).toString())).toMatchObject({
        contractId,
        opened: { generated: { documentSha256: row!.documentSha256 } },
      });
      expect(await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId!))).toHaveLength(1);
    });
  }, 60_000);

  it('is left to the run when the step cannot generate it in its budget: the step answers, the run generates it', async () => {
    // A document store that does not answer: the generation never settles.
    await acceptingAsTheWorker(
      { openAndGenerateContract: () => new Promise(() => {}) },
      async ({ accept }) => {
        const started = Date.now();
        const { dealId } = await accept();
        // Within the budget (2 s), well inside the step's 5 s attempt timeout.
        expect(Date.now() - started).toBeLessThan(4_000);
        const contractId = acceptedContractId(dealId!);
        const state = await pendingSignature(contractId, 'the run to generate the contract');
        const [row] = await stack.db.select().from(contracts).where(eq(contracts.id, contractId));
        expect(state.documentSha256).toBe(row!.documentSha256);
        const { events } = await stack.deps.temporal.workflow
          .getHandle(contractWorkflowId(contractId))
          .fetchHistory();
        const markers = (events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName);
        expect(markers.map((e) => e.markerRecordedEventAttributes!.markerName)).toEqual([
          'core_local_activity',
        ]);
      },
    );
  }, 60_000);
});

describe("opening an acceptance's contract", () => {
  /** A new sponsor's request accepted by its step (the first revision), and the contract id of its deal. */
  async function acceptedDeal() {
    const { sponsor, requestId } = await requestToNewSponsor();
    const accepted = await createNegotiationActivities({ db: stack.db }).recordOutcome({
      requestId,
      seq: 2,
      outcome: 'Accepted',
      by: 'organization',
      actorUserId: sponsor.user.id,
      revision: 1,
    });
    const dealId = accepted.dealId!;
    return { sponsor, dealId, contractId: acceptedContractId(dealId) };
  }

  it('opens and generates it in two statements, once under retries and re-runs', async () => {
    const { sponsor, dealId, contractId } = await acceptedDeal();
    const activities = createContractActivities({ db: stack.db, config: stack.config });
    const input = { contractId, dealId, actorUserId: sponsor.user.id };

    const first = await statementsOf(() => activities.openAndGenerateContract(input));
    // The Draft with its event and audit row, the template override and the parties; then the move to
    // PendingSignature with its event, audit row and emails (fourteen round trips before session 21, five before 24).
    expect(first.texts, first.texts.join('\n---\n')).toHaveLength(2);
    expect(first.result.superseded).toBe(false);
    const rowsOf = async () => ({
      contracts: await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId)),
      events: await stack.db
        .select()
        .from(contractEvents)
        .where(eq(contractEvents.contractId, contractId))
        .orderBy(contractEvents.id),
      audits: await stack.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'contract'), eq(auditLog.entityId, contractId)))
        .orderBy(auditLog.id),
      emails: await stack.db
        .select()
        .from(emailOutbox)
        .where(like(emailOutbox.idempotencyKey, `contract:${contractId}:%`))
        .orderBy(emailOutbox.idempotencyKey),
    });
    const after = await rowsOf();
    expect(after.contracts).toHaveLength(1);
    const contract = after.contracts[0]!;
    expect(contract).toMatchObject({
      id: contractId,
      dealId,
      status: 'PendingSignature',
      createdBy: sponsor.user.id,
      documentKey: `contracts/${contractId}/document.pdf`,
    });
    expect(first.result).toMatchObject({
      generated: {
        documentSha256: contract.documentSha256,
        deadlineAt: contract.deadline!.getTime(),
        sequential: contract.sequential,
        order: contract.signingOrder,
      },
    });
    expect(after.events.map((e) => [e.type, e.idempotencyKey, e.fromStatus, e.toStatus])).toEqual([
      ['created', `${contractId}:created`, null, 'Draft'],
      ['generated', `${contractId}:generated`, 'Draft', 'PendingSignature'],
    ]);
    expect(after.events[0]).toMatchObject({ actorUserId: sponsor.user.id, detail: { dealId } });
    expect(after.events[1]).toMatchObject({
      actorUserId: null,
      documentSha256: contract.documentSha256,
      detail: { templateVersion: contract.templateVersion, deadline: contract.deadline!.toISOString() },
    });
    expect(after.audits.map((a) => [a.action, a.actorType, a.actorUserId, a.before, a.after])).toEqual([
      ['contract.created', 'user', sponsor.user.id, null, { dealId, status: 'Draft' }],
      [
        'contract.generated',
        'system',
        null,
        { status: 'Draft' },
        {
          status: 'PendingSignature',
          documentSha256: contract.documentSha256,
          templateVersion: contract.templateVersion,
        },
      ],
    ]);
    // Both sides' negotiators, each once, with the contract's link.
    expect(after.emails.map((e) => [e.idempotencyKey.split(':')[3], e.to, e.subject])).toEqual(
      [
        ['community', organizer.user.email, 'Your sponsorship contract is ready to sign'],
        ['organization', sponsor.user.email, 'Your sponsorship contract is ready to sign'],
      ].sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`)),
    );
    for (const email of after.emails)
      expect(email.body).toMatch(new RegExp(`Open: GET /api/v1/contracts/${contractId}$`));
    // The document rendered from what that one statement read is the one its rows and parties render today.
    const [deal] = await stack.db.select().from(deals).where(eq(deals.id, dealId));
    const { snapshot, template } = await contractDocumentInput(stack.db, contract, deal!);
    expect(sha256Hex(await renderContractPdf(snapshot, template))).toBe(contract.documentSha256);

    // A retried attempt (its answer lost) and a second start: the same answer, nothing written again.
    expect(await activities.openAndGenerateContract(input)).toEqual(first.result);
    expect(await activities.openContract(input)).toEqual({
      superseded: false,
      settings: first.result.settings,
    });
    expect(await rowsOf()).toEqual(after);
    // Another contract of the deal, its one live contract standing: superseded, nothing written.
    const other = { ...input, contractId: '00000000-0000-4000-8000-000000000001' };
    expect(await activities.openAndGenerateContract(other)).toEqual({
      superseded: true,
      settings: first.result.settings,
    });
    expect(await rowsOf()).toEqual(after);
    expect(await stack.db.select().from(contracts).where(eq(contracts.id, other.contractId))).toEqual([]);
  });

  it('queues no email when the Draft was cancelled while its document was rendered', async () => {
    const { sponsor, dealId, contractId } = await acceptedDeal();
    const activities = createContractActivities({ db: stack.db, config: stack.config });
    const opened = await activities.openContract({
      contractId,
      dealId: dealId!,
      actorUserId: sponsor.user.id,
    });
    expect(opened.superseded).toBe(false);
    // What a cancellation committed between the render and the move leaves (the move is conditional on Draft).
    await stack.db.update(contracts).set({ status: 'Cancelled' }).where(eq(contracts.id, contractId));
    await activities.generateContract({ contractId, signingWindowMs: opened.settings.signingWindowMs });
    const [row] = await stack.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(row).toMatchObject({ status: 'Cancelled', documentSha256: null });
    expect(
      await stack.db
        .select()
        .from(emailOutbox)
        .where(like(emailOutbox.idempotencyKey, `contract:${contractId}:%`)),
    ).toEqual([]);
    expect(
      await stack.db.select().from(contractEvents).where(eq(contractEvents.contractId, contractId)),
    ).toHaveLength(1);
  });
});
