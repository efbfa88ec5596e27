import { counterUpdate } from '../../workflows/negotiation/negotiation.contract.js';
import {
  negotiationHandle,
  negotiationUpdate,
  refreshNegotiationReputation,
  requireGoodStanding,
  type TNegotiationDeps,
  type TNegotiationParty,
} from './negotiation-service.js';
import type { TProposalBody } from './requests.types.js';

/**
 * A counter-offer: a new revision answering the current one (`inReplyToRevision`), sent to the request's workflow as
 * an Update whose validator checks the turn, the revision and the counter limit. Both parties must be in good standing.
 */
export async function counterOffer(
  deps: TNegotiationDeps,
  party: TNegotiationParty,
  input: { inReplyToRevision: number; proposal: TProposalBody },
) {
  const { request, side, standing, actorUserId } = party;
  requireGoodStanding(standing);
  const { message, ...proposal } = input.proposal;
  const view = await negotiationUpdate(() =>
    negotiationHandle(deps, request.id).executeUpdate(counterUpdate, {
      args: [
        {
          by: side,
          actorUserId,
          standing,
          inReplyToRevision: input.inReplyToRevision,
          proposal,
          message,
        },
      ],
    }),
  );
  // Of all counters only one changes a reputation input: the other side's first answer (its response time) to the
  // opening revision of the initiator (turns alternate, so it answers revision 1). Later counters, and any of the
  // initiator's, change none: no signal-with-start, no recomputation, for them.
  if (side !== request.initiator && input.inReplyToRevision === 1)
    await refreshNegotiationReputation(deps, request, [side]);
  return view;
}
