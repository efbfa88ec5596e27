import { withdrawUpdate } from '../../workflows/negotiation/negotiation.contract.js';
import {
  negotiationHandle,
  negotiationUpdate,
  type TNegotiationDeps,
  type TNegotiationParty,
} from './negotiation-service.js';

/**
 * Withdraws the request (the workflow's validator lets only the side that opened it, before an outcome). Closing
 * needs no good standing, and a withdrawal changes no reputation input.
 */
export async function withdrawRequest(
  deps: TNegotiationDeps,
  party: TNegotiationParty,
  reason: string | undefined,
) {
  const { request, side, actorUserId } = party;
  return negotiationUpdate(() =>
    negotiationHandle(deps, request.id).executeUpdate(withdrawUpdate, {
      args: [{ by: side, actorUserId, reason }],
    }),
  );
}
