import { acceptUpdate } from '../../workflows/negotiation/negotiation.contract.js';
import {
  negotiationHandle,
  negotiationUpdate,
  requireGoodStanding,
  type TNegotiationDeps,
  type TNegotiationParty,
} from './negotiation-service.js';

/**
 * Accepts the other side's current revision (the workflow creates the deal and starts its contract). Both parties
 * must be in good standing. The outcome changes both sides' deal success: the workflow announces it to their
 * reputations after the step committed (durable; nothing to do here).
 */
export async function acceptRevision(deps: TNegotiationDeps, party: TNegotiationParty, revision: number) {
  const { request, side, standing, actorUserId } = party;
  requireGoodStanding(standing);
  const view = await negotiationUpdate(() =>
    negotiationHandle(deps, request.id).executeUpdate(acceptUpdate, {
      args: [{ by: side, actorUserId, revision, standing }],
    }),
  );
  return view;
}
