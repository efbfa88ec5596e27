import { writeAudit } from '../../db/repositories/audit-repository.js';
import { deleteLink, findLink } from '../../db/repositories/event-partners-repository.js';
import { notFound } from '../../errors.js';
import type { TApiDeps } from '../context.js';
import { toAssignment } from './event-partners.responses.js';
import { writeWithWebhook } from './write-with-webhook.js';

/** Removes an assignment (the organization stays), audited and published as event_partner_removed. */
export async function removeEventPartner(
  deps: Pick<TApiDeps, 'db' | 'temporal' | 'config' | 'logger'>,
  who: { actorUserId: string; requestId: string | undefined },
  link: { eventId: string; linkId: string; communityId: string },
) {
  const { eventId, linkId } = link;
  await writeWithWebhook(deps, link.communityId, 'event_partner_removed', async (tx) => {
    const before = await findLink(tx, eventId, linkId, true);
    if (!before) throw notFound('Assignment');
    await deleteLink(tx, linkId);
    const beforeDto = toAssignment(before);
    await writeAudit(tx, {
      actorUserId: who.actorUserId,
      action: 'event_partner.removed',
      entityType: 'event_partner_link',
      entityId: linkId,
      before: beforeDto,
      requestId: who.requestId,
    });
    return { result: null, payload: { eventId, assignment: beforeDto } };
  });
}
