import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import {
  existingCommunityIds,
  inviteCommunities,
  queueInvitationEmails,
} from '../../db/repositories/programs-repository.js';
import { organizationMembers, programs } from '../../db/schema/index.js';
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
  const organizationId = body.organizationId ?? (await onlyAdministeredOrganization(deps, actor));
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
  if (!body.communityIds && !body.communities)
    throw new AppError(
      'VALIDATION',
      'Name the invited communities (communityIds) or have them matched (communities)',
      [
        {
          location: 'body',
          path: 'communityIds',
          message: "required unless communities is { mode: 'matched' }",
        },
      ],
    );
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
    const [program] = await tx
      .insert(programs)
      .values({
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
      })
      .returning();
    await inviteCommunities(tx, program!.id, communityIds);
    await queueInvitationEmails(tx, program!.id, communityIds, {
      subject: `${org.displayName} invites your community to ${program!.name}`,
      body: `${org.displayName} runs ${program!.name}, a ${program!.period} sponsorship program from ${program!.startDate}, and invites your community. Accept or decline: POST /api/v1/programs/${program!.id}/participation {"decision": "accept" | "decline"} (GET /api/v1/programs/${program!.id} shows it).`,
    });
    await writeAudit(tx, {
      actorUserId: actor.userId,
      action: 'program.created',
      entityType: 'program',
      entityId: program!.id,
      after: { ...program!, communityIds },
    });
    await upsertProgramSchedule(deps, program!, org.displayName);
    return program!;
  });
  // Matched communities are invited now, not at the first notice firing, so they can accept before it.
  if (created.matchedCommunitiesLimit !== null) await startMatchedInvitations(deps, created);
  return created;
}

async function onlyAdministeredOrganization(deps: TApiDeps, actor: Actor): Promise<string> {
  const rows = await deps.db
    .select({ organizationId: organizationMembers.organizationId })
    .from(organizationMembers)
    .where(
      and(
        eq(organizationMembers.userId, actor.userId),
        eq(organizationMembers.status, 'active'),
        inArray(organizationMembers.role, ['Sponsor Admin', 'Partner Admin']),
      ),
    );
  if (rows.length === 1) return rows[0]!.organizationId;
  throw new AppError(
    'VALIDATION',
    `organizationId is required: you administer ${rows.length} organizations`,
    [{ location: 'body', path: 'organizationId', message: 'required' }],
  );
}

/** The platform's revenue is not the organization's to set: only a platform admin names a program's fee. */
export function requireFeeSetter(actor: Actor, platformFeeBps: number | null | undefined) {
  if (platformFeeBps !== undefined && !actor.isPlatformAdmin)
    throw new AppError('FORBIDDEN', "only a platform admin sets a program's platform fee (platformFeeBps)", [
      { location: 'body', path: 'platformFeeBps', message: 'platform admins only' },
    ]);
}
