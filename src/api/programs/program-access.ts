import type { Actor } from '../../domain/access.js';
import { can } from '../../domain/access.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { listParticipants, programWithOrganization } from '../../db/repositories/programs-repository.js';
import type { TDbOrTx } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import { authorize } from '../authorize.js';

/**
 * How the caller relates to a program: the organization's side (any member reads, admins manage) or an invited
 * community's (sees only its own part). Strangers get 404, so program ids reveal nothing.
 */
export async function loadProgramFor(db: TDbOrTx, actor: Actor, programId: string) {
  const found = await programWithOrganization(db, programId);
  if (!found) throw notFound('Program');
  const org = (await findOrganizationById(db, found.program.organizationId))!;
  const orgResource = {
    type: 'organization' as const,
    organizationId: org.id,
    organizationStatus: org.status,
  };
  if (can(actor, 'program:read', orgResource).allowed)
    return { ...found, side: 'organization' as const, org, orgResource, communityIds: [] as string[] };
  const participants = await listParticipants(db, programId);
  const mine = participants
    .map((p) => p.participant.communityId)
    .filter((id) => actor.communities.some((m) => m.communityId === id && m.status === 'Active'));
  if (mine.length === 0) throw notFound('Program');
  return { ...found, side: 'community' as const, org, orgResource, communityIds: mine };
}

/** The organization's admins only: others of the organization get 403 with the reason, communities 403 too. */
export async function loadProgramToManage(db: TDbOrTx, actor: Actor, programId: string) {
  const loaded = await loadProgramFor(db, actor, programId);
  if (loaded.side === 'community')
    throw new AppError('FORBIDDEN', "only the organization's admins may change a program");
  authorize(actor, 'program:manage', loaded.orgResource);
  return loaded;
}
