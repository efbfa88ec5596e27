import { writeAudit } from '../../db/repositories/audit-repository.js';
import { findLink, updateLink } from '../../db/repositories/event-partners-repository.js';
import { categoryInfo } from '../../domain/commdesk-facts.js';
import { notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { toAssignment } from './event-partners.responses.js';
import type { TUpdateAssignment } from './event-partners.types.js';
import { writeWithWebhook } from './write-with-webhook.js';

/** Changes an assignment's category or display snapshots, audited and published as event_partner_updated. */
export async function updateEventPartner(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config' | 'logger'>,
  who: { actorUserId: string; requestId: string | undefined },
  link: { eventId: string; linkId: string; communityId: string },
  body: TUpdateAssignment,
) {
  const { eventId, linkId } = link;
  return writeWithWebhook(deps, link.communityId, 'event_partner_updated', async (tx) => {
    const before = await findLink(tx, eventId, linkId, true);
    if (!before) throw notFound('Assignment');
    const info = body.category ? categoryInfo(body.category) : undefined;
    const logo = body.logoUrl !== undefined ? body.logoUrl : body.imageUrl;
    const after = await updateLink(tx, linkId, {
      ...(info
        ? { displayCategory: info.label, kind: info.kind, tierKeyword: info.tierKeyword, band: info.band }
        : {}),
      ...(body.name !== undefined ? { nameSnapshot: body.name } : {}),
      ...(logo !== undefined ? { logoUrlSnapshot: logo } : {}),
      ...(body.website !== undefined ? { websiteSnapshot: body.website } : {}),
      ...(body.benefits !== undefined ? { benefits: body.benefits } : {}),
      ...(body.visibility !== undefined ? { visibility: body.visibility } : {}),
      ...(body.displayOrder !== undefined ? { displayOrder: body.displayOrder } : {}),
    });
    const beforeDto = toAssignment(before);
    const afterDto = toAssignment(after);
    await writeAudit(tx, {
      actorUserId: who.actorUserId,
      action: 'event_partner.updated',
      entityType: 'event_partner_link',
      entityId: linkId,
      before: beforeDto,
      after: afterDto,
      requestId: who.requestId,
    });
    return { result: afterDto, payload: { eventId, assignment: afterDto, previous: beforeDto } };
  });
}
