import type { Actor } from '../../domain/access.js';
import { defaultBenefitsFor } from '../../domain/event-partners.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { eventPhase, findEventWithCommunity } from '../../db/repositories/events-repository.js';
import { insertOpportunity } from '../../db/repositories/opportunities-repository.js';
import { AppError } from '../../errors.js';
import { authorize, communityResource } from '../authorize.js';
import type { TApiDeps } from '../context.js';
import { requireDecisionDeadline, requireSupportedCurrency } from '../money.js';
import { toOpportunityDto } from './opportunities.responses.js';
import type { TCreateOpportunity } from './opportunities.types.js';

/**
 * A community's partner manager publishes (or drafts) an opportunity for one of its events: the event is copied into
 * the opportunity as it is now, the deadline and currency are checked, and the row and its audit row are written in
 * one transaction.
 */
export async function createOpportunity(
  deps: Pick<TApiDeps, 'db' | 'config'>,
  input: { body: TCreateOpportunity; actor: Actor | null; requestId: string | undefined },
) {
  const { db, config } = deps;
  const { body } = input;
  const found = await findEventWithCommunity(db, body.eventId);
  if (!found)
    throw new AppError('NOT_FOUND', 'Event not found', [
      { location: 'body', path: 'eventId', message: 'no such event' },
    ]);
  const { event, community } = found;
  authorize(input.actor, 'event_partner:write', communityResource(community));
  const actor = input.actor!;
  const deadline = new Date(body.decisionDeadline);
  requireDecisionDeadline(config, deadline, 'decisionDeadline');
  requireSupportedCurrency(config, body.budgetRange.currency, 'budgetRange.currency');
  return db.transaction(async (tx) => {
    const inserted = await insertOpportunity(tx, {
      communityId: community.id,
      eventId: event.id,
      title: body.title,
      description: body.description ?? null,
      eventSnapshot: {
        title: event.title,
        type: event.type,
        category: event.category,
        startsAt: event.startsAt.toISOString(),
        endsAt: event.endsAt.toISOString(),
        region: event.region,
        city: event.city,
        country: event.country,
        expectedParticipants: event.expectedParticipants,
        phase: eventPhase(event),
      },
      desiredCategory: body.desiredCategory,
      budgetMinMinor: body.budgetRange.minMinor,
      budgetMaxMinor: body.budgetRange.maxMinor,
      currency: body.budgetRange.currency,
      benefits: body.benefits ?? defaultBenefitsFor(body.desiredCategory),
      timeline: body.timeline ?? null,
      decisionDeadline: deadline,
      slots: body.slots ?? 1,
      status: body.status,
      createdBy: actor.userId,
    });
    await writeAudit(tx, {
      actorUserId: actor.userId,
      action: 'opportunity.created',
      entityType: 'opportunity',
      entityId: inserted.id,
      after: toOpportunityDto(inserted),
      requestId: input.requestId,
    });
    return inserted;
  });
}
