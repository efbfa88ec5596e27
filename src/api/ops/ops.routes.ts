import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { listDisputes, listOpsTasks, type TOpsTaskRow } from '../../db/repositories/ops-tasks-repository.js';
import { AppError } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import {
  envelope,
  errorResponses,
  jsonBody,
  jsonResponse,
  listEnvelope,
  ok,
  okList,
  ZErrorBody,
} from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { closeOpsTask } from './close-ops-task.js';
import {
  ZCloseOpsTaskBody,
  ZDisputeQueueItem,
  ZDisputesQuery,
  ZOpsTask,
  ZOpsTaskParams,
  ZOpsTasksQuery,
  type TOpsTask,
} from './ops.types.js';

const tags = ['payments and escrow'];
const errorJson = { 'application/json': { schema: ZErrorBody } };
const adminOnly = { 403: { description: 'Not a platform admin', content: errorJson } };

const listTasksRoute = createRoute({
  method: 'get',
  path: '/ops/tasks',
  tags,
  summary:
    'The payments ops queue (platform admins): failed transfers and reversals, stuck money, disputes, chargebacks',
  description:
    'Tasks the escrow opened for a person (each also emailed to every platform admin), the oldest first. Filter by status (open/done) and kind.',
  middleware: [requireAuth] as const,
  request: { query: ZOpsTasksQuery },
  responses: {
    200: jsonResponse(listEnvelope(ZOpsTask), 'Ops tasks, oldest first'),
    ...errorResponses,
    ...adminOnly,
  },
});

const closeTaskRoute = createRoute({
  method: 'post',
  path: '/ops/tasks/{taskId}/close',
  tags,
  summary:
    'Close an ops task with its resolution (platform admins; audited; a repeat answers the closed task)',
  description:
    "Closing a task also clears the payment's alert when nothing else on it calls for ops. A task already closed keeps its first resolution and is returned as it is.",
  middleware: [requireAuth] as const,
  request: { params: ZOpsTaskParams, body: jsonBody(ZCloseOpsTaskBody) },
  responses: {
    200: jsonResponse(envelope(ZOpsTask), 'The closed task'),
    ...errorResponses,
    ...adminOnly,
    404: { description: 'No such task', content: errorJson },
  },
});

const listDisputesRoute = createRoute({
  method: 'get',
  path: '/disputes',
  tags,
  summary: 'Disputes of every payment (platform admins): the open ones, nearest resolution deadline first',
  middleware: [requireAuth] as const,
  request: { query: ZDisputesQuery },
  responses: {
    200: jsonResponse(listEnvelope(ZDisputeQueueItem), 'Disputes'),
    ...errorResponses,
    ...adminOnly,
  },
});

const iso = (d: Date | null) => d?.toISOString() ?? null;
const taskView = (t: TOpsTaskRow): TOpsTask => ({
  id: t.id,
  paymentId: t.paymentId,
  payoutId: t.payoutId,
  kind: t.kind,
  detail: t.detail,
  status: t.status,
  dueAt: iso(t.dueAt),
  resolution: t.resolution,
  closedBy: t.closedBy,
  closedAt: iso(t.closedAt),
  createdAt: t.createdAt.toISOString(),
});

function requirePlatformAdmin(c: Context<TAppEnv>) {
  const actor = c.get('actor')!;
  if (!actor.isPlatformAdmin) throw new AppError('FORBIDDEN', 'Only platform admins work the ops queue');
  return actor;
}

/** The platform admins' queues: ops tasks of payments, and disputes awaiting a resolution. */
export function opsRoutes(deps: TApiDeps) {
  const { db } = deps;
  const app = createRouter();

  app.openapi(listTasksRoute, async (c) => {
    requirePlatformAdmin(c);
    const q = c.req.valid('query');
    const { rows, total } = await listOpsTasks(db, q);
    return okList(c, rows.map(taskView), { page: q.page, limit: q.limit, total });
  });

  app.openapi(closeTaskRoute, async (c) => {
    const actor = requirePlatformAdmin(c);
    const { taskId } = c.req.valid('param');
    const { resolution } = c.req.valid('json');
    const { task } = await closeOpsTask(deps, {
      taskId,
      resolution,
      adminUserId: actor.userId,
      requestId: c.get('requestId') ?? null,
    });
    return ok(c, taskView(task));
  });

  app.openapi(listDisputesRoute, async (c) => {
    requirePlatformAdmin(c);
    const q = c.req.valid('query');
    const { rows, total } = await listDisputes(db, q);
    return okList(
      c,
      rows.map((r) => ({
        id: r.dispute.id,
        paymentId: r.dispute.paymentId,
        paymentStatus: r.paymentStatus,
        communityId: r.communityId,
        organizationId: r.organizationId,
        milestoneId: r.dispute.milestoneId,
        milestoneLabel: r.milestoneLabel,
        milestoneAmountMinor: r.milestoneAmountMinor,
        currency: r.currency,
        filedBy: r.dispute.filedBy,
        reason: r.dispute.reason,
        filedAt: r.dispute.createdAt.toISOString(),
        answerBy: r.dispute.answerBy.toISOString(),
        answer: r.dispute.answer,
        answerMissed: r.dispute.answerMissed,
        resolveBy: r.dispute.resolveBy.toISOString(),
        resolution:
          r.dispute.outcome && r.dispute.resolvedAt
            ? {
                outcome: r.dispute.outcome,
                splitMinor: r.dispute.splitMinor,
                at: r.dispute.resolvedAt.toISOString(),
              }
            : null,
      })),
      { page: q.page, limit: q.limit, total },
    );
  });

  return app;
}
