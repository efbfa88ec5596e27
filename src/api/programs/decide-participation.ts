import type { Actor } from '../../domain/access.js';
import { writeAudit } from '../../db/repositories/audit-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import { findParticipant, setParticipation } from '../../db/repositories/programs-repository.js';
import { AppError } from '../../errors.js';
import { authorize, communityResource } from '../authorize.js';
import type { TApiDeps } from '../context.js';
import { loadProgramFor } from './program-access.js';

/**
 * An invited community's Organizer or Partnerships Lead accepts or declines (and may change their mind while the
 * program runs); only accepted communities get renewal requests. Repeating the same decision changes nothing.
 */
export async function decideParticipation(
  deps: TApiDeps,
  actor: Actor,
  programId: string,
  body: { decision: 'accept' | 'decline'; communityId?: string },
) {
  const { db } = deps;
  const loaded = await loadProgramFor(db, actor, programId);
  if (loaded.program.status === 'Ended') throw new AppError('CONFLICT', 'The program has ended');
  const candidates = body.communityId ? [body.communityId] : loaded.communityIds;
  if (candidates.length === 0)
    throw new AppError('FORBIDDEN', "only an invited community's Organizer or Partnerships Lead may answer");
  if (candidates.length > 1)
    throw new AppError(
      'VALIDATION',
      'communityId is required: you belong to more than one invited community',
      [{ location: 'body', path: 'communityId', message: 'required' }],
    );
  const communityId = candidates[0]!;
  const community = await findCommunity(db, communityId);
  if (!community) throw new AppError('NOT_FOUND', 'Community not found');
  authorize(actor, 'program:participate', communityResource(community));
  const status = body.decision === 'accept' ? ('Accepted' as const) : ('Declined' as const);
  return db.transaction(async (tx) => {
    const before = await findParticipant(tx, programId, communityId, true);
    if (!before) throw new AppError('NOT_FOUND', 'This community is not invited to the program');
    if (before.status === status) return before;
    const after = await setParticipation(tx, programId, communityId, {
      status,
      decidedBy: actor.userId,
      decidedAt: new Date(),
    });
    await writeAudit(tx, {
      actorUserId: actor.userId,
      action: `program.participation_${body.decision === 'accept' ? 'accepted' : 'declined'}`,
      entityType: 'program',
      entityId: programId,
      before,
      after,
    });
    return after;
  });
}
