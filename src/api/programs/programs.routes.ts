import { createRoute, z } from '@hono/zod-openapi';
import { pageVisiblePrograms } from '../../db/repositories/programs-repository.js';
import type { TApiDeps } from '../context.js';
import {
  accepted,
  created,
  envelope,
  errorResponses,
  jsonBody,
  jsonResponse,
  listEnvelope,
  ok,
  okList,
  ZErrorBody,
  ZPagination,
} from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { createProgram } from './create-program.js';
import { decideParticipation } from './decide-participation.js';
import { loadProgramFor } from './program-access.js';
import { endProgram, pauseProgram, resumeProgram, triggerProgram } from './program-lifecycle.js';
import { cycleViews, programReport, programView, reportCsv } from './program-views.js';
import {
  ZCreateProgram,
  ZCycleView,
  ZEmptyBody,
  ZParticipationBody,
  ZPatchProgram,
  ZPauseBody,
  ZProgramParams,
  ZProgramReport,
  ZProgramView,
  ZReportQuery,
  ZTriggerResult,
} from './programs.types.js';
import { updateProgram } from './update-program.js';
import { AppError } from '../../errors.js';

const tags = ['programs'];
const ZParticipant = z
  .object({
    programId: z.uuid(),
    communityId: z.uuid(),
    status: z.enum(['Invited', 'Accepted', 'Declined']),
    decidedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .openapi('ProgramParticipant');
const conflict = { 409: { description: 'The program has ended, or changed since the revision you read' } };
const rule = {
  422: { description: 'A rule across fields (end after start, one currency), or an ineligible party' },
};

const createProgramRoute = createRoute({
  method: 'post',
  path: '/programs',
  tags,
  summary: "Create a long-term program and its renewal Schedule (the organization's admins)",
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZCreateProgram) },
  responses: {
    201: jsonResponse(envelope(ZProgramView), 'Created'),
    ...errorResponses,
    403: {
      description:
        'Not permitted: the caller is not an admin of the organization, sets platformFeeBps without being a platform admin, or leaves out organizationId while administering no organization',
      content: { 'application/json': { schema: ZErrorBody } },
    },
    404: {
      description: 'No such organization (organizationId) or community (communityIds)',
      content: { 'application/json': { schema: ZErrorBody } },
    },
    422: {
      description:
        'A rule across fields (end after start, one currency), an organization not Verified or Active, an unsupported currency, or organizationId left out while the caller administers several organizations (or is a platform admin): name it',
      content: { 'application/json': { schema: ZErrorBody } },
    },
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/programs',
  tags,
  summary:
    "The caller's programs: its organizations' (in full) and those inviting its communities (their part)",
  middleware: [requireAuth] as const,
  request: { query: ZPagination },
  responses: { 200: jsonResponse(listEnvelope(ZProgramView), 'Programs, newest first'), ...errorResponses },
});
const getRoute = createRoute({
  method: 'get',
  path: '/programs/{programId}',
  tags,
  summary: 'A program (an invited community sees only its part)',
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams },
  responses: { 200: jsonResponse(envelope(ZProgramView), 'Program'), ...errorResponses },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/programs/{programId}',
  tags,
  summary: 'Change a program; its Schedule follows (period and start date only before the first cycle)',
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams, body: jsonBody(ZPatchProgram) },
  responses: {
    200: jsonResponse(envelope(ZProgramView), 'Changed'),
    ...errorResponses,
    ...conflict,
    ...rule,
  },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/programs/{programId}',
  tags,
  summary: 'End a program: its Schedule is deleted; its cycles, renewals and requests stay',
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams },
  responses: { 200: jsonResponse(envelope(ZProgramView), 'Ended'), ...errorResponses },
});
const participationRoute = createRoute({
  method: 'post',
  path: '/programs/{programId}/participation',
  tags,
  summary: 'An invited community accepts or declines (its Organizer or Partnerships Lead)',
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams, body: jsonBody(ZParticipationBody) },
  responses: { 200: jsonResponse(envelope(ZParticipant), 'Recorded'), ...errorResponses, ...conflict },
});
const pauseRoute = createRoute({
  method: 'post',
  path: '/programs/{programId}/pause',
  tags,
  summary: "Pause the program's Schedule (the reason becomes its note); a cycle not yet opened is skipped",
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams, body: jsonBody(ZPauseBody) },
  responses: { 200: jsonResponse(envelope(ZProgramView), 'Paused'), ...errorResponses, ...conflict },
});
const resumeRoute = createRoute({
  method: 'post',
  path: '/programs/{programId}/resume',
  tags,
  summary: "Resume the program's Schedule",
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams, body: jsonBody(ZEmptyBody) },
  responses: { 200: jsonResponse(envelope(ZProgramView), 'Resumed'), ...errorResponses, ...conflict },
});
const triggerRoute = createRoute({
  method: 'post',
  path: '/programs/{programId}/trigger',
  tags,
  summary:
    'Run a cycle now: fires the Schedule; the due period opens once (a period that already ran opens nothing)',
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams, body: jsonBody(ZEmptyBody) },
  responses: { 202: jsonResponse(envelope(ZTriggerResult), 'Fired'), ...errorResponses, ...conflict },
});
const cyclesRoute = createRoute({
  method: 'get',
  path: '/programs/{programId}/cycles',
  tags,
  summary: 'The cycles with their renewals (an invited community sees only its own renewals)',
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams },
  responses: { 200: jsonResponse(envelope(z.array(ZCycleView)), 'Cycles'), ...errorResponses },
});
const reportRoute = createRoute({
  method: 'get',
  path: '/programs/{programId}/report',
  tags,
  summary: "The program's report across cycles and events (its organization); format=csv for a spreadsheet",
  middleware: [requireAuth] as const,
  request: { params: ZProgramParams, query: ZReportQuery },
  responses: {
    200: {
      description: 'JSON, or with format=csv one row per period',
      content: {
        'application/json': { schema: envelope(ZProgramReport) },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses,
  },
});

export function programRoutes(deps: TApiDeps) {
  const { db, config } = deps;
  const app = createRouter();

  app.openapi(createProgramRoute, async (c) => {
    const actor = c.get('actor')!;
    const program = await createProgram(deps, actor, c.req.valid('json'));
    const loaded = await loadProgramFor(db, actor, program.id);
    return created(c, await programView(db, config, loaded));
  });

  app.openapi(listRoute, async (c) => {
    const actor = c.get('actor')!;
    const query = c.req.valid('query');
    const orgIds = actor.organizations.filter((m) => m.status === 'active').map((m) => m.organizationId);
    const communityIds = actor.communities.filter((m) => m.status === 'Active').map((m) => m.communityId);
    const { programIds, total } = await pageVisiblePrograms(db, orgIds, communityIds, query);
    // Each program is read as GET /programs/:id reads it: in full for its organization, else the community's part.
    const views = await Promise.all(
      programIds.map(async (id) => programView(db, config, await loadProgramFor(db, actor, id))),
    );
    return okList(c, views, { page: query.page, limit: query.limit, total });
  });

  app.openapi(getRoute, async (c) => {
    const { programId } = c.req.valid('param');
    return ok(c, await programView(db, config, await loadProgramFor(db, c.get('actor')!, programId)));
  });

  app.openapi(patchRoute, async (c) => {
    const { programId } = c.req.valid('param');
    const actor = c.get('actor')!;
    await updateProgram(deps, actor, programId, c.req.valid('json'));
    return ok(c, await programView(db, config, await loadProgramFor(db, actor, programId)));
  });

  app.openapi(deleteRoute, async (c) => {
    const { programId } = c.req.valid('param');
    const actor = c.get('actor')!;
    await endProgram(deps, actor, programId);
    return ok(c, await programView(db, config, await loadProgramFor(db, actor, programId)));
  });

  app.openapi(participationRoute, async (c) => {
    const { programId } = c.req.valid('param');
    const row = await decideParticipation(deps, c.get('actor')!, programId, c.req.valid('json'));
    return ok(c, {
      programId: row.programId,
      communityId: row.communityId,
      status: row.status,
      decidedAt: row.decidedAt?.toISOString() ?? null,
    });
  });

  app.openapi(pauseRoute, async (c) => {
    const { programId } = c.req.valid('param');
    const actor = c.get('actor')!;
    await pauseProgram(deps, actor, programId, c.req.valid('json').reason);
    return ok(c, await programView(db, config, await loadProgramFor(db, actor, programId)));
  });

  app.openapi(resumeRoute, async (c) => {
    const { programId } = c.req.valid('param');
    const actor = c.get('actor')!;
    await resumeProgram(deps, actor, programId);
    return ok(c, await programView(db, config, await loadProgramFor(db, actor, programId)));
  });

  app.openapi(triggerRoute, async (c) => {
    const { programId } = c.req.valid('param');
    return accepted(c, await triggerProgram(deps, c.get('actor')!, programId));
  });

  app.openapi(cyclesRoute, async (c) => {
    const { programId } = c.req.valid('param');
    const loaded = await loadProgramFor(db, c.get('actor')!, programId);
    return ok(c, await cycleViews(db, programId, loaded.side === 'community' ? loaded.communityIds : null));
  });

  app.openapi(reportRoute, async (c) => {
    const { programId } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const loaded = await loadProgramFor(db, c.get('actor')!, programId);
    if (loaded.side === 'community')
      throw new AppError(
        'FORBIDDEN',
        "the program's report is its organization's; GET .../cycles shows your renewals",
      );
    const report = await programReport(db, loaded.program);
    if (format === 'csv')
      return c.body(reportCsv(report), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="program-${programId}-report.csv"`,
        'cache-control': 'private, no-store',
      });
    return ok(c, report);
  });

  return app;
}
