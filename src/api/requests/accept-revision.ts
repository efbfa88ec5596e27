import { acceptUpdate } from '../../workflows/negotiation/negotiation.contract.js';
import {
  negotiationHandle,
  negotiationUpdate,
  refreshNegotiationReputation,
  requireGoodStanding,
  type TNegotiationDeps,
  type TNegotiationParty,
} from './negotiation-service.js';

/**
 * Accepts the other side's current revision (the workflow creates the deal and starts its contract). Both parties
 * must be in good standing; an outcome changes both sides' deal success, so both reputations are refreshed.
 */
export async function acceptRevision(deps: TNegotiationDeps, party: TNegotiationParty, revision: number) {
  const { request, side, standing, actorUserId } = party;
  requireGoodStanding(standing);
  const view = await negotiationUpdate(() =>
    negotiationHandle(deps, request.id).executeUpdate(acceptUpdate, {
      args: [{ by: side, actorUserId, revision, standing }],
    }),
  );
  await refreshNegotiationReputation(deps, request, ['community', 'organization']);
  return view;
}
