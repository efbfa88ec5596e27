import type { Actor } from '../../domain/access.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findOrganizationById,
  ORGANIZATION_ADMIN_ROLE,
} from '../../db/repositories/organizations-repository.js';
import {
  existingCommunityIds,
  insertProgram,
  inviteCommunities,
  queueInvitationEmails,
} from '../../db/repositories/programs-repository.js';
import { AppError } from '../../errors.js';
import { authorize } from '../authorize.js';
import type { TApiDeps } from '../context.js';
import { requireSupportedCurrency } from '../money.js';
import { startMatchedInvitations, upsertProgramSchedule } from './program-schedule.js';
import type { TCreateProgram } from './programs.types.js';
import { requireProgramRules } from './program-rules.js';

/**
 * Creates a program with its invitations and its Schedule in one transaction (the Schedule is created inside it, so
 * a refused Schedule writes nothing; a failed commit leaves a Schedule whose firings find no program and end).
 */
export async function createProgram(deps: TApiDeps, actor: Actor, body: TCreateProgram) {
  const { db, config } = deps;
  requireFeeSetter(actor, body.platformFeeBps);
  const organizationId = body.organizationId ?? onlyAdministeredOrganization(actor);
  const org = await findOrganizationById(db, organizationId);
  if (!org)
    throw new AppError('NOT_FOUND', 'Organization not found', [
      { location: 'body', path: 'organizationId', message: 'no such organization' },
    ]);
  authorize(actor, 'program:manage', {
    type: 'organization',
    organizationId: org.id,
    organizationStatus: org.status,
  });
  if (org.status !== 'Verified' && org.status !== 'Active')
    throw new AppError(
      'BUSINESS_RULE',
      `${org.displayName} is ${org.status}; only Verified or Active organizations run programs`,
    );
  requireSupportedCurrency(config, body.budgetPerPeriod.currency, 'budgetPerPeriod.currency');
  requireProgramRules({
    startDate: body.startDate,
    endDate: body.endDate ?? null,
    currency: body.budgetPerPeriod.currency,
    templateCurrency: body.proposalTemplate.currency,
    termsLength: body.proposalTemplate.terms.length + 2 + (body.contractTemplate?.terms.length ?? 0),
  });
  // ZCreateProgram requires communityIds or communities (anyOf in the document): the validator refused a body without.
  const communityIds = [...new Set(body.communityIds ?? [])];
  const found = await existingCommunityIds(db, communityIds);
  const missing = communityIds.filter((id) => !found.includes(id));
  if (missing.length)
    throw new AppError(
      'NOT_FOUND',
      `No such community: ${missing.join(', ')}`,
      missing.map((id) => ({
        location: 'body',
        path: `communityIds.${communityIds.indexOf(id)}`,
        message: 'no such community',
      })),
    );

  const created = await db.transaction(async (tx) => {
    const { currency: _currency, ...template } = body.proposalTemplate;
    const program = await insertProgram(tx, {
      organizationId: org.id,
      name: body.name,
      period: body.period,
      startDate: body.startDate,
      endDate: body.endDate ?? null,
      budgetPerPeriodMinor: body.budgetPerPeriod.amountMinor,
      currency: body.budgetPerPeriod.currency,
      regions: body.regions,
      eventTypes: body.eventTypes,
      categories: body.categories,
      technologies: body.technologies,
      perCommunityCapMinor: body.perCommunityCapMinor ?? null,
      carryOver: body.carryOver,
      platformFeeBps: body.platformFeeBps ?? null,
      matchedCommunitiesLimit: body.communities?.limit ?? null,
      proposalTemplate: template,
      contractTemplate: body.contractTemplate ?? null,
      createdBy: actor.userId,
    });
    await inviteCommunities(tx, program.id, communityIds);
    await queueInvitationEmails(tx, program.id, communityIds, {
      subject: `${org.displayName} invites your community to ${program.name}`,
      body: `${org.displayName} runs ${program.name}, a ${program.period} sponsorship program from ${program.startDate}, and invites your community. Accept or decline: POST /api/v1/programs/${program.id}/participation {"decision": "accept" | "decline"} (GET /api/v1/programs/${program.id} shows it).`,
    });
    await writeAudit(tx, {
      actorUserId: actor.userId,
      action: 'program.created',
      entityType: 'program',
      entityId: program.id,
      after: { ...program, communityIds },
    });
    await upsertProgramSchedule(deps, program, org.displayName);
    return program;
  });
  // Matched communities are invited now, not at the first notice firing, so they can accept before it.
  if (created.matchedCommunitiesLimit !== null) await startMatchedInvitations(deps, created, org.displayName);
  return created;
}

/**
 * The organization a program is created for when the body names none: the one the caller administers (read from the
 * session's memberships). Administering none is a 403: there is no organization the caller may run a program for.
 * Administering several (or being a platform admin, who may act for any organization) is a 422: the request is
 * allowed, it only has to say which organization.
 */
function onlyAdministeredOrganization(actor: Actor): string {
  const adminRoles: readonly string[] = Object.values(ORGANIZATION_ADMIN_ROLE);
  const administered = actor.organizations
    .filter((m) => m.status === 'active' && adminRoles.includes(m.role))
    .map((m) => m.organizationId);
  if (administered.length === 1) return administered[0]!;
  if (administered.length === 0 && !actor.isPlatformAdmin)
    throw new AppError(
      'FORBIDDEN',
      "You administer no organization: only an organization's Sponsor Admin or Partner Admin creates its programs",
      [{ location: 'body', path: 'organizationId', message: 'you administer no organization' }],
    );
  throw new AppError(
    'BUSINESS_RULE',
    administered.length === 0
      ? 'organizationId is required: name the organization the program is for'
      : `organizationId is required: you administer ${administered.length} organizations, name the one the program is for`,
    [{ location: 'body', path: 'organizationId', message: 'required: name one of your organizations' }],
  );
}

/** The platform's revenue is not the organization's to set: only a platform admin names a program's fee. */
export function requireFeeSetter(actor: Actor, platformFeeBps: number | null | undefined) {
  if (platformFeeBps !== undefined && !actor.isPlatformAdmin)
    throw new AppError('FORBIDDEN', "only a platform admin sets a program's platform fee (platformFeeBps)", [
      { location: 'body', path: 'platformFeeBps', message: 'platform admins only' },
    ]);
}
