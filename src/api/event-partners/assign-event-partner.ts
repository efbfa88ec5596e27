import { writeAudit } from '../../db/repositories/audit-repository.js';
import {
  findLinkByOrganization,
  findOrCreateCommunityAddedOrganization,
  findOrganization,
  insertLink,
  nextDisplayOrder,
} from '../../db/repositories/event-partners-repository.js';
import { categoryInfo, type PartnerCategory } from '../../domain/commdesk-facts.js';
import { normalizeWebsiteDomain } from '../../domain/organizations.js';
import { AppError } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { requestSearchSync } from '../search-sync.js';
import { toAssignment } from './event-partners.responses.js';
import type { TCreateAssignment } from './event-partners.types.js';
import { writeWithWebhook } from './write-with-webhook.js';

/**
 * Assigns an organization to an event under a display category: an existing organization by id, or one named by
 * its website (found by domain, or created as "Community Added" by this community, audited). The link keeps
 * display snapshots; one organization once per event. Published as event_partner_assigned in the same transaction.
 */
export async function assignEventPartner(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config' | 'logger'>,
  who: { actorUserId: string; requestId: string | undefined },
  event: { id: string; title: string; communityId: string },
  body: TCreateAssignment,
  category: PartnerCategory,
) {
  const info = categoryInfo(category);
  const eventId = event.id;
  const assigned = await writeWithWebhook(deps, event.communityId, 'event_partner_assigned', async (tx) => {
    let organization;
    let createdOrganization = false;
    let snapshot: { name: string; logoUrl: string | null; website: string | null };
    if (body.organizationId) {
      organization = await findOrganization(tx, body.organizationId);
      if (!organization)
        throw new AppError('NOT_FOUND', 'Organization not found', [
          { path: 'organizationId', message: 'no such organization' },
        ]);
      snapshot = {
        name: organization.displayName,
        logoUrl: organization.logoUrl,
        website: organization.website,
      };
    } else {
      const domain = normalizeWebsiteDomain(body.website!);
      if (!domain)
        throw new AppError('BUSINESS_RULE', 'website has no registrable domain', [
          { path: 'website', message: 'must be a public website' },
        ]);
      const logoUrl = body.logoUrl ?? body.imageUrl ?? null;
      const found = await findOrCreateCommunityAddedOrganization(tx, {
        normalizedDomain: domain,
        displayName: body.name!,
        website: body.website!,
        logoUrl,
        kind: info.kind,
        communityId: event.communityId,
      });
      organization = found.organization;
      createdOrganization = found.created;
      snapshot = { name: body.name!, logoUrl, website: body.website! };
      if (found.created) {
        await writeAudit(tx, {
          actorUserId: who.actorUserId,
          action: 'organization.community_added',
          entityType: 'organization',
          entityId: organization.id,
          after: {
            displayName: organization.displayName,
            normalizedDomain: domain,
            status: organization.status,
          },
          requestId: who.requestId,
        });
      }
    }
    if (organization.status === 'Disabled' || organization.status === 'Rejected') {
      throw new AppError(
        'BUSINESS_RULE',
        `the organization is ${organization.status} and cannot be assigned to events`,
      );
    }
    const row = await insertLink(tx, {
      eventId,
      organizationId: organization.id,
      displayCategory: category,
      kind: info.kind,
      tierKeyword: info.tierKeyword,
      band: info.band,
      nameSnapshot: snapshot.name,
      logoUrlSnapshot: snapshot.logoUrl,
      websiteSnapshot: snapshot.website,
      benefits: body.benefits ?? [],
      visibility: body.visibility ?? 'public',
      displayOrder: body.displayOrder ?? (await nextDisplayOrder(tx, eventId)),
      createdBy: who.actorUserId,
    });
    if (!row) {
      const existing = await findLinkByOrganization(tx, eventId, organization.id);
      throw new AppError('CONFLICT', `${organization.displayName} is already assigned to this event`, {
        existingLinkId: existing?.id,
      });
    }
    const dto = toAssignment(row);
    await writeAudit(tx, {
      actorUserId: who.actorUserId,
      action: 'event_partner.assigned',
      entityType: 'event_partner_link',
      entityId: row.id,
      after: dto,
      requestId: who.requestId,
    });
    return {
      result: { dto, createdOrganization },
      payload: { eventId, eventTitle: event.title, assignment: dto },
    };
  });
  if (assigned.createdOrganization) await requestSearchSync(deps, assigned.dto.organizationId);
  return assigned.dto;
}
