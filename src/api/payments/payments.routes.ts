import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { findDeal } from '../../db/repositories/contract-repository.js';
import { findDispute, findPayment, type TPaymentRow } from '../../db/repositories/payments-repository.js';
import { ESCROW_COMMUNITY_ROLES, ESCROW_SPONSOR_ROLES, type TEscrowActor } from '../../domain/escrow.js';
import { AppError, notFound } from '../../errors.js';
import type { TEscrowUserAction } from '../../workflows/escrow/escrow.contract.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { envelope, errorResponses, jsonBody, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { createPayment } from './create-payment.js';
import { sendEscrowCommand } from './escrow-command.js';
import { paymentView, type TPaymentStanding } from './payments.responses.js';
import { refundPayment } from './refund-payment.js';
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

export function paymentRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();

  /** The caller's standing on a payment: a member of either party (with what they may do) or a platform admin. */
  function standingOn(
    c: Context<TAppEnv>,
    row: { communityId: string; organizationId: string },
  ): TPaymentStanding {
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

  /** Sends the caller's action to the payment's escrow (the Idempotency-Key header makes a repeat answer the same). */
  function command(c: Context<TAppEnv>, row: TPaymentRow, actor: TEscrowActor, action: TEscrowUserAction) {
    return sendEscrowCommand(deps, {
      row,
      actor,
      action,
      idempotencyKey: c.req.header('idempotency-key'),
      callerUserId: c.get('actor')!.userId,
      requestId: c.get('requestId') ?? null,
    });
  }

  app.openapi(createRoutePayment, async (c) => {
    const { dealId } = c.req.valid('json');
    const deal = await findDeal(db, dealId);
    if (!deal) throw notFound('Deal');
    const standing = standingOn(c, deal);
    if (!standing.community && !standing.organization && !standing.admin) throw notFound('Deal');
    const { paymentId, created } = await createPayment(deps, dealId);
    return c.json(
      { success: true as const, data: await paymentView(db, paymentId, standing) },
      created ? 201 : 200,
    );
  });

  app.openapi(getRoutePayment, async (c) => {
    const { paymentId } = c.req.valid('param');
    const { standing } = await loadPayment(c, paymentId);
    return ok(c, await paymentView(db, paymentId, standing));
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
    return ok(c, await paymentView(db, paymentId, standing));
  });

  app.openapi(approveRoute, async (c) => {
    const { paymentId, milestoneId } = c.req.valid('param');
    const { row, standing } = await loadPayment(c, paymentId);
    const actor = standing.organization;
    if (!actor || actor.kind !== 'party' || !actor.mayApprove)
      throw new AppError('FORBIDDEN', "a release is approved by the sponsor's admins or managers");
    await command(c, row, actor, { type: 'approve', milestoneId });
    return ok(c, await paymentView(db, paymentId, standing));
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
    return ok(c, await paymentView(db, paymentId, standing));
  });

  app.openapi(refundRoute, async (c) => {
    const { paymentId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const { row, standing } = await loadPayment(c, paymentId);
    await refundPayment(deps, {
      row,
      standing,
      reason,
      idempotencyKey: c.req.header('idempotency-key'),
      callerUserId: c.get('actor')!.userId,
      requestId: c.get('requestId') ?? null,
    });
    return ok(c, await paymentView(db, paymentId, standing));
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
    return ok(c, await paymentView(db, row.id, standing));
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
    return ok(c, await paymentView(db, row.id, standing));
  });

  return app;
}
