import { can, type Action, type Actor, type Resource } from '../domain/access.js';
import type { CommunityStatus } from '../domain/commdesk-facts.js';
import { AppError } from '../errors.js';

/** The one way routes ask permission: `can()`, with a refusal turned into a 403 carrying its reason. */
export function authorize(actor: Actor | null, action: Action, resource: Resource): void {
  const decision = can(actor, action, resource);
  if (!decision.allowed) throw new AppError('FORBIDDEN', decision.reason);
}

export const communityResource = (community: { id: string; status: CommunityStatus }): Resource => ({
  type: 'community',
  communityId: community.id,
  communityStatus: community.status,
});
