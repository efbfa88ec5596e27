import { rejectUpdate } from '../../workflows/negotiation/negotiation.contract.js';
import {
  negotiationHandle,
  negotiationUpdate,
  type TNegotiationDeps,
  type TNegotiationParty,
} from './negotiation-service.js';

/**
 * Rejects the other side's current revision with a reason. Closing a negotiation needs no good standing. The outcome
 * changes both sides' deal success: the workflow announces it to their reputations after the step committed.
 */
export async function rejectRevision(
  deps: TNegotiationDeps,
  party: TNegotiationParty,
  input: { revision: number; reason: string },
) {
  const { request, side, actorUserId } = party;
  const view = await negotiationUpdate(() =>
    negotiationHandle(deps, request.id).executeUpdate(rejectUpdate, {
      args: [{ by: side, actorUserId, revision: input.revision, reason: input.reason }],
    }),
  );
  return view;
}
