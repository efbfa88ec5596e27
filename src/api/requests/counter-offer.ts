import { counterUpdate } from '../../workflows/negotiation/negotiation.contract.js';
import {
  negotiationHandle,
  negotiationUpdate,
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
  // A first answer of the other side changes its response time: the workflow announces it to its reputation (and
  // nothing for later counters), after the step committed.
  return view;
}
