import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  findDealRow,
  findFulfillment,
  findFulfillmentItem,
  itemState,
  listFulfillmentEvents,
  listFulfillmentItems,
  loadSponsorReport,
  userNames,
  type TFulfillmentItemRow,
} from '../../db/repositories/fulfillment-repository.js';
import {
  COMMUNITY_FULFILLMENT_MANAGERS,
  completion,
  ORGANIZATION_FULFILLMENT_REVIEWERS,
  PROOF_FILE_TYPES,
  proofView,
  type TFulfillmentActor,
  type TSponsorReport,
} from '../../domain/fulfillment.js';
import { documentStoreFor } from '../../documents/document-store-factory.js';
import { AppError, notFound } from '../../errors.js';
import type { TPersonAction } from '../../workflows/fulfillment/fulfillment.contract.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { envelope, errorResponses, jsonBody, jsonResponse, ok } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { actOnBenefitItem } from './act-on-benefit-item.js';
import { editBenefitItem } from './edit-benefit-item.js';
import { proofToDeliver } from './proof-to-deliver.js';
import { startFulfillment } from './start-fulfillment.js';
import { createRouter } from '../router.js';
import {
  ZBenefitItem,
  ZBenefits,
  ZDealParams,
  ZItemParams,
  ZPatchItemBody,
  ZProofInput,
  ZReasonBody,
  ZReportQuery,
  ZSponsorReport,
} from './fulfillment.types.js';

const tags = ['benefit fulfillment'];
const BINARY = z.string().openapi({ type: 'string', format: 'binary' });
const itemResponse = jsonResponse(
  envelope(ZBenefitItem),
  'The item after the change (or as it was, for a repeat)',
);
const itemConflict = {
  description:
    "The item's status does not allow it (e.g. verifying an item not Delivered), or fulfillment is closed",
};

const listRoute = createRoute({
  method: 'get',
  path: '/deals/{dealId}/benefits',
  tags,
  summary:
    "The deal's contracted benefits: owner, due date, status, proof, completion and timeline (parties only)",
  middleware: [requireAuth] as const,
  request: { params: ZDealParams },
  responses: { 200: jsonResponse(envelope(ZBenefits), 'Benefits'), ...errorResponses },
});
const startRoute = createRoute({
  method: 'post',
  path: '/deals/{dealId}/benefits',
  tags,
  summary:
    "Start the deal's benefit fulfillment if a signed contract has none (e.g. signed before it existed)",
  description:
    'Signing starts it on its own; this repairs a deal whose fulfillment never started or whose run failed. Either party. 200 with the existing one, 201 when it was started.',
  middleware: [requireAuth] as const,
  request: { params: ZDealParams },
  responses: {
    200: jsonResponse(envelope(ZBenefits), 'The deal already had its fulfillment'),
    201: jsonResponse(envelope(ZBenefits), 'Fulfillment was started'),
    ...errorResponses,
    409: { description: 'The contract is not signed (its status is named)' },
  },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/deals/{dealId}/benefits/{itemId}',
  tags,
  summary:
    "Assign an item's owner or due date (community fulfillment managers), or report Planned/InProgress",
  description:
    "Owner and due date: the community's Organizer, Co-Organizer or Partnerships/Sponsorship/Industry Relations Lead. Status Planned/InProgress: they or the item's owner. The fields sent are applied together.",
  middleware: [requireAuth] as const,
  request: { params: ZItemParams, body: jsonBody(ZPatchItemBody) },
  responses: {
    200: itemResponse,
    ...errorResponses,
    409: itemConflict,
    422: { description: 'The owner is not an Active member of the community, or the due date is not ahead' },
  },
});
const proofRoute = createRoute({
  method: 'post',
  path: '/deals/{dealId}/benefits/{itemId}/proof',
  tags,
  summary:
    'Mark an item Delivered with proof: a link, a file (base64, kept in the document store) or a metric',
  description:
    "The item's owner or a community fulfillment manager. A Missed item may be delivered late; a Disputed one again. Sending the same proof again answers the item unchanged.",
  middleware: [requireAuth] as const,
  request: { params: ZItemParams, body: jsonBody(ZProofInput) },
  responses: {
    200: itemResponse,
    ...errorResponses,
    409: itemConflict,
    422: { description: 'A metric measured in the future, or a file over the size limit' },
  },
});
const verifyRoute = createRoute({
  method: 'post',
  path: '/deals/{dealId}/benefits/{itemId}/verify',
  tags,
  summary: 'Verify a Delivered item (organization reviewers)',
  middleware: [requireAuth] as const,
  request: { params: ZItemParams },
  responses: { 200: itemResponse, ...errorResponses, 409: itemConflict },
});
const disputeRoute = createRoute({
  method: 'post',
  path: '/deals/{dealId}/benefits/{itemId}/dispute',
  tags,
  summary: 'Dispute a Delivered item with a reason (organization reviewers)',
  middleware: [requireAuth] as const,
  request: { params: ZItemParams, body: jsonBody(ZReasonBody) },
  responses: { 200: itemResponse, ...errorResponses, 409: itemConflict },
});
const waiveRoute = createRoute({
  method: 'post',
  path: '/deals/{dealId}/benefits/{itemId}/waive',
  tags,
  summary: "Agree to waive an item for the caller's side; it is Waived once both sides agreed",
  middleware: [requireAuth] as const,
  request: { params: ZItemParams, body: jsonBody(ZReasonBody) },
  responses: { 200: itemResponse, ...errorResponses, 409: itemConflict },
});
const reportRoute = createRoute({
  method: 'get',
  path: '/deals/{dealId}/report',
  tags,
  summary:
    'The sponsor report: every benefit with proof and status (final after the event, a preview before)',
  middleware: [requireAuth] as const,
  request: { params: ZDealParams, query: ZReportQuery },
  responses: {
    200: {
      description: 'JSON, or with format=pdf the final report as PDF (X-Document-Sha256 carries its SHA-256)',
      content: {
        'application/json': { schema: envelope(ZSponsorReport) },
        'application/pdf': { schema: BINARY },
      },
    },
    ...errorResponses,
    409: { description: 'format=pdf before the final report was produced' },
  },
});

const proofFileRoute = createRoute({
  method: 'get',
  path: '/deals/{dealId}/benefits/{itemId}/proof-file',
  tags,
  summary: "The file of an item's current proof, as uploaded (parties only)",
  middleware: [requireAuth] as const,
  request: { params: ZItemParams },
  responses: {
    200: {
      description:
        'The bytes with their content type; X-Document-Sha256 carries the SHA-256 recorded with the proof',
      content: Object.fromEntries(PROOF_FILE_TYPES.map((type) => [type, { schema: BINARY }])),
    },
    ...errorResponses,
  },
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function fulfillmentRoutes(deps: TApiDeps) {
  const { db, config } = deps;
  const app = createRouter();
  const store = documentStoreFor(config);
  const stepDeps = { ...deps, store };

  /**
   * The caller on the deal: their side and whether they manage (community) or review (organization) fulfillment.
   * Strangers get 404; platform admins read (`who` null) but do not act.
   */
  async function party(c: Context<TAppEnv>, dealId: string) {
    const deal = await findDealRow(db, dealId);
    const actor = c.get('actor')!;
    if (!deal) throw notFound('Deal');
    const community = actor.communities.find(
      (m) => m.communityId === deal.communityId && m.status === 'Active',
    );
    const organization = actor.organizations.find(
      (m) => m.organizationId === deal.organizationId && m.status === 'active',
    );
    let who: TFulfillmentActor | null = null;
    if (community)
      who = {
        side: 'community',
        userId: actor.userId,
        manager: COMMUNITY_FULFILLMENT_MANAGERS.includes(community.role),
      };
    else if (organization)
      who = {
        side: 'organization',
        userId: actor.userId,
        manager: ORGANIZATION_FULFILLMENT_REVIEWERS.includes(organization.role),
      };
    if (!who && !actor.isPlatformAdmin) throw notFound('Deal');
    return { deal, who };
  }

  async function access(c: Context<TAppEnv>, dealId: string) {
    const { deal, who } = await party(c, dealId);
    const fulfillment = await findFulfillment(db, dealId);
    if (!fulfillment)
      throw new AppError(
        'NOT_FOUND',
        'This deal has no benefit fulfillment yet: it starts when both parties have signed the contract',
      );
    return { deal, who, fulfillment };
  }

  function itemView(row: TFulfillmentItemRow, names: Map<string, { name: string }>) {
    return {
      id: row.id,
      position: row.position,
      benefitKey: row.benefitKey,
      title: row.title,
      detail: row.detail,
      owner: { id: row.ownerUserId, name: names.get(row.ownerUserId)?.name ?? '' },
      dueAt: row.dueAt.toISOString(),
      status: row.status,
      proof: proofView(row.proof ?? null),
      disputeReason: row.disputeReason,
      waivedBy: row.waivedBy,
      deliveredAt: iso(row.deliveredAt),
      verifiedAt: iso(row.verifiedAt),
      missedAt: iso(row.missedAt),
      waivedAt: iso(row.waivedAt),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Answers the item after a step, with its owner's name. */
  async function itemAnswer(c: Context<TAppEnv>, after: TFulfillmentItemRow) {
    return ok(c, itemView(after, await userNames(db, [after.ownerUserId])));
  }

  /** One person's action on an item, for the routes whose body is the action itself (verify, dispute, waive). */
  async function act(c: Context<TAppEnv>, dealId: string, itemId: string, action: TPersonAction) {
    const party = await access(c, dealId);
    const requestId = c.get('requestId') ?? null;
    return itemAnswer(c, await actOnBenefitItem(stepDeps, party, { itemId, actions: [action], requestId }));
  }

  app.openapi(listRoute, async (c) => {
    const { dealId } = c.req.valid('param');
    const { fulfillment } = await access(c, dealId);
    return ok(c, await benefitsView(fulfillment));
  });

  async function benefitsView(fulfillment: NonNullable<Awaited<ReturnType<typeof findFulfillment>>>) {
    const { dealId } = fulfillment;
    const [items, timeline] = await Promise.all([
      listFulfillmentItems(db, dealId),
      listFulfillmentEvents(db, dealId),
    ]);
    const names = await userNames(
      db,
      items.map((i) => i.ownerUserId),
    );
    return {
      dealId,
      contractId: fulfillment.contractId,
      status: fulfillment.completedAt ? ('Completed' as const) : ('Fulfilling' as const),
      endAt: fulfillment.endAt.toISOString(),
      completion: completion(items.map(itemState)),
      alarm: fulfillment.alarmCheckedAt
        ? {
            checkedAt: fulfillment.alarmCheckedAt.toISOString(),
            raised: fulfillment.alarmPercent !== null,
            percent: fulfillment.alarmPercent,
          }
        : null,
      reportProducedAt: iso(fulfillment.reportProducedAt),
      completedAt: iso(fulfillment.completedAt),
      items: items.map((i) => itemView(i, names)),
      timeline: timeline.map((e) => {
        const reason = (e.detail as { reason?: unknown } | null)?.reason;
        return {
          type: e.type,
          itemId: e.itemId,
          actorUserId: e.actorUserId,
          actorSide: e.actorSide,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          reason: typeof reason === 'string' ? reason : null,
          at: e.createdAt.toISOString(),
        };
      }),
    };
  }

  app.openapi(startRoute, async (c) => {
    const { dealId } = c.req.valid('param');
    const { who } = await party(c, dealId);
    if (!who) throw new AppError('FORBIDDEN', 'platform admins read fulfillment; only the parties act on it');
    const { fulfillment, created } = await startFulfillment(deps, dealId);
    return c.json({ success: true as const, data: await benefitsView(fulfillment) }, created ? 201 : 200);
  });

  app.openapi(patchRoute, async (c) => {
    const { dealId, itemId } = c.req.valid('param');
    const party = await access(c, dealId);
    const edit = { itemId, ...c.req.valid('json'), requestId: c.get('requestId') ?? null };
    return itemAnswer(c, await editBenefitItem(stepDeps, party, edit));
  });

  app.openapi(proofRoute, async (c) => {
    const { dealId, itemId } = c.req.valid('param');
    const { proof, bytes } = proofToDeliver(dealId, itemId, c.req.valid('json'));
    const party = await access(c, dealId);
    const delivery = { type: 'deliver' as const, proof };
    const requestId = c.get('requestId') ?? null;
    return itemAnswer(
      c,
      await actOnBenefitItem(stepDeps, party, { itemId, actions: [delivery], proofFile: bytes, requestId }),
    );
  });

  app.openapi(verifyRoute, async (c) => {
    const { dealId, itemId } = c.req.valid('param');
    return act(c, dealId, itemId, { type: 'verify' });
  });

  app.openapi(disputeRoute, async (c) => {
    const { dealId, itemId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return act(c, dealId, itemId, { type: 'dispute', reason });
  });

  app.openapi(waiveRoute, async (c) => {
    const { dealId, itemId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return act(c, dealId, itemId, { type: 'waive', reason });
  });

  app.openapi(proofFileRoute, async (c) => {
    const { dealId, itemId } = c.req.valid('param');
    await access(c, dealId);
    const item = await findFulfillmentItem(db, dealId, itemId);
    if (!item) throw notFound('Benefit item');
    const proof = item.proof;
    if (proof?.type !== 'file') throw new AppError('NOT_FOUND', "This item's current proof is not a file");
    const bytes = await store.get(proof.documentKey);
    if (!bytes)
      throw new AppError(
        'INTERNAL',
        `the proof file ${proof.documentKey} is missing from the document store`,
      );
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': proof.contentType,
      // The name is the uploader's: quoted safely, and never rendered inline by a browser.
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(proof.fileName)}`,
      'x-content-type-options': 'nosniff',
      'x-document-sha256': proof.sha256,
      'cache-control': 'private, no-store',
    });
  });

  app.openapi(reportRoute, async (c) => {
    const { dealId } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const { deal, fulfillment } = await access(c, dealId);
    if (format === 'pdf') {
      if (!fulfillment.reportPdfKey || !fulfillment.reportPdfSha256)
        throw new AppError(
          'CONFLICT',
          `the final report is produced after the event (it ends ${fulfillment.endAt.toISOString()}); until then ask for format=json`,
        );
      const bytes = await store.get(fulfillment.reportPdfKey);
      if (!bytes)
        throw new AppError(
          'INTERNAL',
          `the report ${fulfillment.reportPdfKey} is missing from the document store`,
        );
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="sponsor-report-${deal.id}.pdf"`,
        'x-document-sha256': fulfillment.reportPdfSha256,
        'cache-control': 'private, no-store',
      });
    }
    const report =
      fulfillment.report && fulfillment.reportProducedAt
        ? (fulfillment.report as unknown as TSponsorReport)
        : (await loadSponsorReport(db, dealId, 'preview'))!;
    return c.json(
      { success: true as const, data: { ...report, pdfSha256: fulfillment.reportPdfSha256 } },
      200,
    );
  });

  return app;
}
