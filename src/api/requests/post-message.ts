import { findMessageRequestId } from '../../db/repositories/negotiation-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { AppError } from '../../errors.js';
import { messageUpdate } from '../../workflows/negotiation/negotiation.contract.js';
import { requireOrganizationWithinLimit } from '../reputation/trust-limits.js';
import {
  negotiationHandle,
  negotiationUpdate,
  requireGoodStanding,
  type TNegotiationDeps,
  type TNegotiationParty,
} from './negotiation-service.js';

/**
 * A threaded message on a request (it never changes the terms): both parties in good standing, an organization
 * within its message limit, a parent that is a message of this request; then the workflow records it.
 */
export async function postMessage(
  deps: TNegotiationDeps,
  party: TNegotiationParty,
  input: {
    body: string;
    parentMessageId?: string | undefined;
    attachments: { url: string; name?: string | undefined }[];
  },
) {
  const { db } = deps;
  const { request, side, standing, actorUserId } = party;
  requireGoodStanding(standing);
  if (side === 'organization') {
    // New or low-trust organizations get a stricter message limit (spec 24: rate limiting on requests/messages).
    const org = await findOrganizationById(db, request.organizationId);
    if (org) await requireOrganizationWithinLimit(deps, org, 'messages');
  }
  if (input.parentMessageId) {
    if ((await findMessageRequestId(db, input.parentMessageId)) !== request.id)
      throw new AppError('NOT_FOUND', 'parentMessageId is not a message of this request', [
        { location: 'body', path: 'parentMessageId', message: 'unknown message' },
      ]);
  }
  const result = await negotiationUpdate(() =>
    negotiationHandle(deps, request.id).executeUpdate(messageUpdate, {
      args: [
        {
          by: side,
          actorUserId,
          standing,
          body: input.body,
          parentMessageId: input.parentMessageId,
          attachments: input.attachments,
        },
      ],
    }),
  );
  // Only a first answer changes a reputation input (response time): the workflow announces that one, no other message.
  return result;
}
