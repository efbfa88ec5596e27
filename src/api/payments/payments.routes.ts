import { createRoute } from '@hono/zod-openapi';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { Context } from 'hono';
import { findDeal, findLiveContractOfDeal } from '../../db/repositories/contract-repository.js';
import { balancesForPayment, ledgerForPayment } from '../../db/repositories/ledger-repository.js';
import {
  contractStatusOf,
  findDispute,
  findPayment,
  findPaymentOfDeal,
  listPaymentEvents,
} from '../../db/repositories/payments-repository.js';
import { dealOps } from '../../db/repositories/negotiation-repository.js';
import { findPayoutAccount } from '../../db/repositories/stripe-repository.js';
import type { payments } from '../../db/schema/index.js';
import {
  ESCROW_COMMUNITY_ROLES,
  ESCROW_SPONSOR_ROLES,
  escrowWaitingOn,
  heldMinor,
  paymentIdOf,
  refundOpen,
  type TEscrowActor,
  type TEscrowMilestone,
} from '../../domain/escrow.js';
import { dealSummary, escrowStaticDetails } from '../../domain/ops-view.js';
import { AppError, notFound, STEP_FAILURE, type AppErrorCode } from '../../errors.js';
import {
  ESCROW_WORKFLOW,
  escrowCommandUpdate,
  escrowStateQuery,
  escrowWorkflowId,
  type TEscrowInput,
  type TEscrowUserAction,
} from '../../workflows/escrow/escrow.contract.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { envelope, errorResponses, jsonBody, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { STEP_RETRY_AFTER_SECONDS } from '../requests/negotiation-service.js';
import { createRouter } from '../router.js';
import {
  ZAnswerBody,
  ZCreatePaymentBody,
  ZDisputeBody,
  ZDisputeParams,
  ZIdempotencyHeaders,
  ZMilestoneParams,
  ZPayment,
  ZPaymentParams,
  ZRefundBody,
  ZReleaseRequestBody,
  ZResolveBody,
  type TPaymentEventDetail,
} from './payments.types.js';

const tags = ['payments and escrow'];
const paymentResponse = jsonResponse(envelope(ZPayment), 'The payment after the step');
const stepErrors = {
  ...errorResponses,
  409: { description: "The payment's or milestone's state does not allow it (the state is named)" },
  422: { description: 'A business rule refused it (an amount out of range, a deadline passed)' },
  503: {
    description:
      'The step is not confirmed (database or Stripe did not answer in time), or the workflow service (Temporal) is unreachable: Retry-After says when; check the payment, then repeat (with the same Idempotency-Key)',
  },
};

/** Temporal not answering (down, unreachable): a 503 with Retry-After, never a 500; nothing was recorded by us. */
function temporalUnavailable(err: unknown): AppError {
  return new AppError(
    'UNAVAILABLE',
    'The workflow service is unavailable; nothing was done, retry shortly',
    { cause: err instanceof Error ? err.message : String(err) },
    { 'Retry-After': String(STEP_RETRY_AFTER_SECONDS) },
  );
}

const createRoutePayment = createRoute({
  method: 'post',
  path: '/payments',
  tags,
  summary: "The deal's payment into escrow, with the client secret for the sponsor's payment page",
  description:
    "A signed contract starts its escrow on its own; this returns it (200), or starts it when it has none (201). The invoice is issued before the PaymentIntent is created; the client secret is shown to the sponsor's members only.",
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZCreatePaymentBody) },
  responses: {
    200: jsonResponse(envelope(ZPayment), 'The existing payment'),
    201: jsonResponse(envelope(ZPayment), 'The payment was started'),
    ...errorResponses,
    409: { description: 'The deal has no signed contract' },
    503: {
      description:
        'The database or the workflow service (Temporal) is unreachable: Retry-After says when to repeat',
    },
  },
});
const getRoutePayment = createRoute({
  method: 'get',
  path: '/payments/{paymentId}',
  tags,
  summary:
    'A payment: status, amounts (gross, platform fee, processor fee, net), milestones, disputes, ledger, balances, links, Stripe ids, timeline (parties and platform admins)',
  middleware: [requireAuth] as const,
  request: { params: ZPaymentParams },
  responses: { 200: jsonResponse(envelope(ZPayment), 'Payment'), ...errorResponses },
});
const releaseRequestRoute = createRoute({
  method: 'post',
  path: '/payments/{paymentId}/milestones/{milestoneId}/release-request',
  tags,
  summary:
    'Ask for the release of a funded milestone (or part of it) with a note and proof (community signers)',
  description:
    "Opens the sponsor's review window (ESCROW_REVIEW_WINDOW, 14 days by default): approved or disputed in it, or released automatically when it ends.",
  middleware: [requireAuth] as const,
  request: { params: ZMilestoneParams, body: jsonBody(ZReleaseRequestBody), headers: ZIdempotencyHeaders },
  responses: { 200: paymentResponse, ...stepErrors },
});
const approveRoute = createRoute({
  method: 'post',
  path: '/payments/{paymentId}/milestones/{milestoneId}/approve',
  tags,
  summary:
    'Approve a requested release (sponsor admins and managers); above the threshold two different people approve',
  middleware: [requireAuth] as const,
  request: { params: ZMilestoneParams, headers: ZIdempotencyHeaders },
  responses: { 200: paymentResponse, ...stepErrors },
});
const disputeRoute = createRoute({
  method: 'post',
  path: '/payments/{paymentId}/milestones/{milestoneId}/dispute',
  tags,
  summary: "Dispute a milestone (either party, within the window after the event's end)",
  middleware: [requireAuth] as const,
  request: { params: ZMilestoneParams, body: jsonBody(ZDisputeBody), headers: ZIdempotencyHeaders },
  responses: { 200: paymentResponse, ...stepErrors },
});
const refundRoute = createRoute({
  method: 'post',
  path: '/payments/{paymentId}/refund',
  tags,
  summary: 'Refund the payment: what is in escrow is refunded, what was transferred is reversed first',
  description:
    'Platform admins; or the sponsor, before any release, when the contract was cancelled. A reversal Stripe refuses keeps its milestone released and opens an ops task.',
  middleware: [requireAuth] as const,
  request: { params: ZPaymentParams, body: jsonBody(ZRefundBody), headers: ZIdempotencyHeaders },
  responses: { 200: paymentResponse, ...stepErrors },
});
const answerRoute = createRoute({
  method: 'post',
  path: '/disputes/{disputeId}/answer',
  tags,
  summary: 'Answer a dispute (the other party, before its answer deadline)',
  middleware: [requireAuth] as const,
  request: { params: ZDisputeParams, body: jsonBody(ZAnswerBody), headers: ZIdempotencyHeaders },
  responses: { 200: paymentResponse, ...stepErrors },
});
const resolveRoute = createRoute({
  method: 'post',
  path: '/disputes/{disputeId}/resolve',
  tags,
  summary: 'Resolve a dispute (platform admins): release, refund, or split (splitMinor to the community)',
  middleware: [requireAuth] as const,
  request: { params: ZDisputeParams, body: jsonBody(ZResolveBody), headers: ZIdempotencyHeaders },
  responses: { 200: paymentResponse, ...stepErrors },
});

const ESCROW_RULES: Record<string, AppErrorCode> = {
  FORBIDDEN: 'FORBIDDEN',
  WRONG_STATE: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  BUSINESS_RULE: 'BUSINESS_RULE',
  [STEP_FAILURE.INVALID_DATA]: 'VALIDATION',
  [STEP_FAILURE.CONSTRAINT_VIOLATION]: 'CONFLICT',
  [STEP_FAILURE.UNAVAILABLE]: 'UNAVAILABLE',
};

type TPaymentRow = typeof payments.$inferSelect;
type TStanding = { community: TEscrowActor | null; organization: TEscrowActor | null; admin: boolean };

export function paymentRoutes(deps: TApiDeps) {
  const { db, config } = deps;
  const app = createRouter();

  /** The caller's standing on a payment: a member of either party (with what they may do) or a platform admin. */
  function standingOn(c: Context<TAppEnv>, row: { communityId: string; organizationId: string }): TStanding {
    const actor = c.get('actor')!;
    const community = actor.communities.find(
      (m) => m.communityId === row.communityId && m.status === 'Active',
    );
    const organization = actor.organizations.find(
      (m) => m.organizationId === row.organizationId && m.status === 'active',
    );
    return {
      community: community
        ? {
            kind: 'party',
            side: 'community',
            userId: actor.userId,
            mayRequest: ESCROW_COMMUNITY_ROLES.includes(community.role),
            mayApprove: false,
          }
        : null,
      organization: organization
        ? {
            kind: 'party',
            side: 'organization',
            userId: actor.userId,
            mayRequest: false,
            mayApprove: ESCROW_SPONSOR_ROLES.includes(organization.role),
          }
        : null,
      admin: actor.isPlatformAdmin,
    };
  }

  async function loadPayment(c: Context<TAppEnv>, paymentId: string) {
    const row = await findPayment(db, paymentId);
    if (!row) throw notFound('Payment');
    const standing = standingOn(c, row);
    if (!standing.community && !standing.organization && !standing.admin) throw notFound('Payment');
    return { row, standing };
  }

  async function startEscrow(
    input: TEscrowInput,
    reuse: WorkflowIdReusePolicy = WorkflowIdReusePolicy.REJECT_DUPLICATE,
  ) {
    // Who, what and how much by name for the Temporal UI (the workflow cannot read them before it starts).
    const deal = await dealOps(db, input.dealId);
    try {
      await deps.temporal.workflow.start(ESCROW_WORKFLOW, {
        workflowId: escrowWorkflowId(input.paymentId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        staticSummary: deal
          ? dealSummary('Escrow', deal)
          : `Escrow of deal ${input.dealId} (contract ${input.contractId})`,
        staticDetails: escrowStaticDetails(input),
        workflowIdReusePolicy: reuse,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw temporalUnavailable(err);
    }
  }

  /** Why a milestone waits, in words both sides read (the top complaint in this field is silence). */
  function waitingFor(row: TPaymentRow, m: TEscrowMilestone): string | null {
    switch (m.status) {
      case 'Pending':
        return "the sponsor's payment";
      case 'Funded':
        return m.condition.type === 'date'
          ? `its date (${new Date(m.condition.at).toISOString()}), then the sponsor's review`
          : "the community's request for release";
      case 'ReleaseRequested':
        return `the sponsor's approval or dispute until ${new Date(m.request!.reviewUntil).toISOString()}, then automatic release`;
      case 'AwaitingSecondApproval':
        return 'a second approver from the sponsor (the release is above the threshold)';
      case 'Releasing':
        return row.frozen ? `the chargeback to close (${row.frozenReason})` : 'the transfer to the community';
      case 'AwaitingPayoutAccount':
        return "the community's payout account: connect one with payouts enabled and the transfer follows";
      case 'Disputed':
        return 'a platform admin to resolve the dispute';
      case 'Refunding':
        return 'Stripe to complete the refund to the sponsor (pending there; it stays in escrow until then)';
      default:
        return null;
    }
  }

  async function paymentView(paymentId: string, standing: TStanding) {
    const row = (await findPayment(db, paymentId))!;
    const s = row.state;
    const [ledger, balances, timeline, account] = await Promise.all([
      ledgerForPayment(db, paymentId),
      balancesForPayment(db, paymentId),
      listPaymentEvents(db, paymentId),
      findPayoutAccount(db, row.communityId),
    ]);
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      id: row.id,
      dealId: row.dealId,
      contractId: row.contractId,
      status: row.status,
      phase: row.phase,
      waitingOn: escrowWaitingOn(s),
      currency: row.currency,
      amounts: {
        grossMinor: row.grossMinor,
        platformFeeMinor: row.feeMinor,
        platformFeeBps: row.feeBps,
        processorFeeMinor: row.processorFeeMinor,
        netToCommunityMinor: row.grossMinor - row.feeMinor,
        taxMinor: s.taxMinor ?? 0,
        totalMinor: row.grossMinor + (s.taxMinor ?? 0),
        // Only refunds Stripe completed: a pending one may still fail, and its tax is still owed (as in the ledger).
        taxRefundedMinor: (s.refunds ?? [])
          .filter((r) => r.status === 'succeeded')
          .reduce((sum, r) => sum + (r.taxMinor ?? 0), 0),
      },
      paymentDeadline: row.paymentDeadline?.toISOString() ?? null,
      failureReason: row.failureReason,
      frozen: row.frozen,
      frozenReason: row.frozenReason,
      alert: row.alert,
      // The payment page's secret: for the payer only, and only while there is something to pay.
      clientSecret: standing.organization && row.phase === 'AwaitingPayment' ? row.stripeClientSecret : null,
      stripe: { paymentIntentId: row.stripePaymentIntentId, chargeId: row.stripeChargeId },
      payoutAccount: { connected: !!account, payoutsEnabled: !!account?.payoutsEnabled },
      milestones: s.milestones.map((m) => ({
        id: m.id,
        position: m.position,
        label: m.label,
        status: m.status,
        amountMinor: m.amountMinor,
        platformFeeMinor: m.feeMinor,
        netToCommunityMinor: m.amountMinor - m.feeMinor,
        heldMinor: heldMinor(m),
        releasedMinor: m.releasedMinor,
        refundedMinor: m.refundedMinor,
        releasingMinor: m.releasingMinor,
        condition: { type: m.condition.type, at: m.condition.type === 'date' ? iso(m.condition.at) : null },
        request: m.request
          ? {
              amountMinor: m.request.amountMinor,
              note: m.request.note,
              proofUrl: m.request.proofUrl,
              requestedBy: m.request.requestedBy,
              requestedAt: iso(m.request.requestedAt),
              reviewUntil: iso(m.request.reviewUntil),
              approvals: m.request.approvals,
            }
          : null,
        disputeId: m.disputeId,
        since: iso(m.since),
        waitingFor: waitingFor(row, m),
      })),
      disputes: s.disputes.map((d) => ({
        id: d.id,
        milestoneId: d.milestoneId,
        filedBy: d.filedBy,
        reason: d.reason,
        filedAt: iso(d.filedAt),
        answerBy: iso(d.answerBy),
        answer: d.answer,
        answerMissed: d.answerMissed,
        resolveBy: iso(d.resolveBy),
        resolution: d.resolution
          ? { outcome: d.resolution.outcome, splitMinor: d.resolution.splitMinor, at: iso(d.resolution.at) }
          : null,
      })),
      refunds: (s.refunds ?? []).map((r) => ({
        stripeId: r.stripeId,
        amountMinor: r.amountMinor,
        status: r.status,
        failureReason: r.failureReason,
        since: iso(r.since),
        stuck: r.alerted && refundOpen(r),
      })),
      ledger: ledger.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
      balances,
      links: {
        invoice: row.phase === 'Initiated' ? null : `/api/v1/payments/${row.id}/invoice`,
        receipt: row.paidAt ? `/api/v1/payments/${row.id}/receipt` : null,
      },
      timeline: timeline.map((e) => ({
        type: e.type,
        milestoneId: e.milestoneId,
        actorUserId: e.actorUserId,
        actorSide: e.actorSide,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        // jsonb written only by the escrow activities, in the shapes ZPaymentEventDetail lists.
        detail: e.detail as TPaymentEventDetail | null,
        at: e.createdAt.toISOString(),
      })),
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** Sends one person's action to `escrow:<paymentId>`; the workflow's refusals become 403/404/409/422/503. */
  async function command(
    c: Context<TAppEnv>,
    row: TPaymentRow,
    actor: TEscrowActor,
    action: TEscrowUserAction,
  ) {
    // With the caller's Idempotency-Key the Update id is stable, so Temporal answers a repeat with the first outcome;
    // scoped to the person, the action and its target so one key cannot answer for another action.
    const key = c.req.header('idempotency-key');
    const target =
      'milestoneId' in action ? action.milestoneId : 'disputeId' in action ? action.disputeId : row.id;
    const update = () =>
      deps.temporal.workflow.getHandle(escrowWorkflowId(row.id)).executeUpdate(escrowCommandUpdate, {
        args: [{ actor, action, requestId: c.get('requestId') ?? null }],
        ...(key ? { updateId: `http:${c.get('actor')!.userId}:${action.type}:${target}:${key}` } : {}),
      });
    const ended = (err: unknown) =>
      err instanceof WorkflowNotFoundError ||
      (err instanceof Error && /already completed/i.test(err.message));
    try {
      try {
        await update();
      } catch (err) {
        if (!ended(err)) throw err;
        // The escrow ended (7 days after it settled or failed) but the payment may still owe an action (an admin's
        // refund of released money): a new run reads the payment's state from Postgres and judges the command.
        await startEscrow(
          { paymentId: row.id, contractId: row.contractId, dealId: row.dealId },
          WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        );
        // Its handlers are registered once it has read the payment (its first step): an Update before that would be
        // refused, so the command waits until the new run answers its state query (within the step's time).
        const handle = deps.temporal.workflow.getHandle(escrowWorkflowId(row.id));
        for (let tries = 0; ; tries++) {
          try {
            await handle.query(escrowStateQuery);
            break;
          } catch (queryErr) {
            if (tries >= 50) throw queryErr;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
        await update();
      }
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause as { type?: string; message?: string } | undefined;
        const code = ESCROW_RULES[cause?.type ?? ''] ?? 'CONFLICT';
        throw new AppError(
          code,
          cause?.message ?? err.message,
          { rule: cause?.type ?? null },
          code === 'UNAVAILABLE' ? { 'Retry-After': String(STEP_RETRY_AFTER_SECONDS) } : undefined,
        );
      }
      if (
        err instanceof WorkflowNotFoundError ||
        (err instanceof Error && /already completed/i.test(err.message))
      )
        throw new AppError(
          'CONFLICT',
          `This payment's escrow is closed (${row.status}): it takes no more actions`,
        );
      throw temporalUnavailable(err);
    }
  }

  app.openapi(createRoutePayment, async (c) => {
    const { dealId } = c.req.valid('json');
    const deal = await findDeal(db, dealId);
    if (!deal) throw notFound('Deal');
    const standing = standingOn(c, deal);
    if (!standing.community && !standing.organization && !standing.admin) throw notFound('Deal');
    const existing = await findPaymentOfDeal(db, dealId);
    if (existing)
      return c.json({ success: true as const, data: await paymentView(existing.id, standing) }, 200);
    const contract = await findLiveContractOfDeal(db, dealId);
    if (!contract || (contract.status !== 'Signed' && contract.status !== 'Completed'))
      throw new AppError(
        'CONFLICT',
        `the deal has no signed contract${contract ? ` (its contract is ${contract.status})` : ''}: it is paid once both parties signed`,
      );
    const paymentId = paymentIdOf(contract.id);
    await startEscrow({ paymentId, contractId: contract.id, dealId });
    // The first steps (payment row, invoice, PaymentIntent) take a moment: answer with the client secret when ready.
    const until = Date.now() + 10_000;
    let row = await findPayment(db, paymentId);
    while ((!row || !row.stripePaymentIntentId) && row?.phase !== 'Failed' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      row = await findPayment(db, paymentId);
    }
    if (!row)
      throw new AppError(
        'UNAVAILABLE',
        'the escrow was started but has not recorded its payment yet; retry',
        undefined,
        { 'Retry-After': '2' },
      );
    return c.json({ success: true as const, data: await paymentView(paymentId, standing) }, 201);
  });

  app.openapi(getRoutePayment, async (c) => {
    const { paymentId } = c.req.valid('param');
    const { standing } = await loadPayment(c, paymentId);
    return ok(c, await paymentView(paymentId, standing));
  });

  app.openapi(releaseRequestRoute, async (c) => {
    const { paymentId, milestoneId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { row, standing } = await loadPayment(c, paymentId);
    const actor = standing.community;
    if (!actor || actor.kind !== 'party' || !actor.mayRequest)
      throw new AppError(
        'FORBIDDEN',
        "a release is requested by the community's Organizer or Partnerships/Sponsorship Lead",
      );
    await command(c, row, actor, {
      type: 'request_release',
      milestoneId,
      amountMinor: body.amountMinor ?? null,
      note: body.note,
      proofUrl: body.proofUrl ?? null,
    });
    return ok(c, await paymentView(paymentId, standing));
  });

  app.openapi(approveRoute, async (c) => {
    const { paymentId, milestoneId } = c.req.valid('param');
    const { row, standing } = await loadPayment(c, paymentId);
    const actor = standing.organization;
    if (!actor || actor.kind !== 'party' || !actor.mayApprove)
      throw new AppError('FORBIDDEN', "a release is approved by the sponsor's admins or managers");
    await command(c, row, actor, { type: 'approve', milestoneId });
    return ok(c, await paymentView(paymentId, standing));
  });

  app.openapi(disputeRoute, async (c) => {
    const { paymentId, milestoneId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const { row, standing } = await loadPayment(c, paymentId);
    const actor = [standing.organization, standing.community].find(
      (a) => a?.kind === 'party' && (a.mayApprove || a.mayRequest),
    );
    if (!actor)
      throw new AppError(
        'FORBIDDEN',
        "a dispute is filed by the sponsor's admins or managers or the community's Organizer or Partnerships/Sponsorship Lead",
      );
    await command(c, row, actor, { type: 'dispute', milestoneId, reason });
    return ok(c, await paymentView(paymentId, standing));
  });

  app.openapi(refundRoute, async (c) => {
    const { paymentId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const { row, standing } = await loadPayment(c, paymentId);
    let actor: TEscrowActor;
    if (standing.admin) actor = { kind: 'admin', userId: c.get('actor')!.userId };
    else {
      const sponsor = standing.organization;
      if (!sponsor || sponsor.kind !== 'party' || !sponsor.mayApprove)
        throw new AppError(
          'FORBIDDEN',
          "a refund is made by a platform admin, or by the sponsor's admins or managers",
        );
      if ((await contractStatusOf(db, row.contractId)) !== 'Cancelled')
        throw new AppError(
          'FORBIDDEN',
          'the sponsor may ask for a refund only when the contract was cancelled (and before any release); ask a platform admin',
        );
      actor = sponsor;
    }
    await command(c, row, actor, { type: 'refund', reason });
    return ok(c, await paymentView(paymentId, standing));
  });

  app.openapi(answerRoute, async (c) => {
    const { disputeId } = c.req.valid('param');
    const { statement } = c.req.valid('json');
    const dispute = await findDispute(db, disputeId);
    if (!dispute) throw notFound('Dispute');
    const { row, standing } = await loadPayment(c, dispute.paymentId);
    const actor = dispute.filedBy === 'organization' ? standing.community : standing.organization;
    if (!actor)
      throw new AppError(
        'FORBIDDEN',
        `the ${dispute.filedBy === 'organization' ? 'community' : 'organization'} answers this dispute`,
      );
    await command(c, row, actor, { type: 'answer', disputeId, statement });
    return ok(c, await paymentView(row.id, standing));
  });

  app.openapi(resolveRoute, async (c) => {
    const { disputeId } = c.req.valid('param');
    const body = c.req.valid('json');
    const dispute = await findDispute(db, disputeId);
    if (!dispute) throw notFound('Dispute');
    const { row, standing } = await loadPayment(c, dispute.paymentId);
    if (!standing.admin) throw new AppError('FORBIDDEN', 'a platform admin resolves disputes');
    await command(
      c,
      row,
      { kind: 'admin', userId: c.get('actor')!.userId },
      { type: 'resolve', disputeId, outcome: body.outcome, splitMinor: body.splitMinor ?? null },
    );
    return ok(c, await paymentView(row.id, standing));
  });

  return app;
}
