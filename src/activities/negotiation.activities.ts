import { ApplicationFailure } from '@temporalio/activity';
import type { TDb, TTx } from '../db/client.js';
import { mustExist } from './must-exist.js';
import { writeAudit, writeAudits, type TAuditEntry } from '../db/repositories/audit-repository.js';
import {
  findRequest,
  findRevision,
  lockPartyStanding,
  otherSide,
  recordCounterStep,
  queueSideEmails,
  type TCounterStep,
  type TSideEmail,
} from '../db/repositories/negotiation-repository.js';
import { publishWebhookEvent } from '../db/repositories/webhooks-repository.js';
import { announceReputationChanges } from '../db/repositories/reputation-changes-repository.js';
import {
  claimTimelineStep,
  countDealsOfOpportunity,
  insertDeal,
  insertMessageIfNew,
  messageIdByKey,
  setRequestOutcome,
  touchRequest,
} from '../db/repositories/negotiation-steps-repository.js';
import { findOpportunity, updateOpportunity } from '../db/repositories/opportunities-repository.js';
import { categoryInfo } from '../domain/commdesk-facts.js';
import { currencyChange } from '../domain/money.js';
import {
  diffProposals,
  standingViolation,
  type TPartyStanding,
  type TProposal,
  type TSide,
} from '../domain/negotiation.js';
import type { TReputationSubject } from '../domain/reputation.js';
import type { TNegotiationActivities } from '../workflows/negotiation/negotiation.contract.js';

export type TNegotiationDeps = { db: TDb };

/** The reputation subjects of the sides a step announces (see TReputationAnnouncement), for its own transaction. */
const announced = (
  sides: TSide[] | undefined,
  parties: { communityId: string; organizationId: string },
): TReputationSubject[] =>
  [...new Set(sides ?? [])].map((side) => ({
    type: side,
    id: side === 'community' ? parties.communityId : parties.organizationId,
  }));

const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`;

/**
 * Refuses a step when either party is not in good standing at write time: non-retryable (waiting does not help),
 * so the Update fails at once and the API answers 409 with the reason.
 */
function refuseUnlessInGoodStanding(standing: TPartyStanding) {
  const problem = standingViolation(standing);
  if (problem)
    throw ApplicationFailure.create({ type: problem.code, message: problem.message, nonRetryable: true });
}

export function createNegotiationActivities(deps: TNegotiationDeps): TNegotiationActivities {
  const { db } = deps;

  /** Emails the given sides' negotiators in one statement, each with a link to the request. */
  async function notify(tx: TTx, requestId: string, emails: TSideEmail[]) {
    await queueSideEmails(
      tx,
      requestId,
      emails.map((e) => ({ ...e, body: `${e.body}\n\nOpen: GET /api/v1/requests/${requestId}` })),
    );
  }

  /** One timeline row per workflow step; a retried activity finds its row and does nothing twice. */
  const claimStep = claimTimelineStep;

  return {
    async recordCounter(input) {
      // Revisions are immutable and the workflow records them in order, so the previous one is read outside the write.
      const previous = mustExist(
        await findRevision(db, input.requestId, input.revision - 1),
        `request ${input.requestId} revision ${input.revision - 1}`,
      );
      const proposal: TProposal = input.proposal;
      // The currency is fixed by the first revision (and so equal in every later one).
      const currencyProblem = currencyChange(previous.currency, proposal.currency);
      if (currencyProblem)
        throw ApplicationFailure.create({
          type: 'CURRENCY_FIXED',
          message: currencyProblem,
          nonRetryable: true,
        });
      const amount = money(proposal.amountMinor, proposal.currency);
      const step: TCounterStep = {
        requestId: input.requestId,
        seq: input.seq,
        revision: input.revision,
        by: input.by,
        actorUserId: input.actorUserId,
        proposal,
        tierKeyword: categoryInfo(proposal.category).tierKeyword,
        message: input.message ?? null,
        diff: diffProposals(
          {
            amountMinor: previous.amountMinor,
            currency: previous.currency,
            category: previous.category,
            benefits: previous.benefits,
            terms: previous.terms,
          },
          proposal,
        ),
        audit: {
          after: {
            status: 'Negotiation',
            currentRevision: input.revision,
            amountMinor: proposal.amountMinor,
            currency: proposal.currency,
          },
        },
        email: {
          keyPrefix: `negotiation:${input.requestId}:${input.seq}`,
          subject: `Counter-offer (revision ${input.revision}): ${amount}`,
          body: `The other side proposed ${amount} as ${proposal.category}.${input.message ? `\n\n${input.message}` : ''}\n\nOpen: GET /api/v1/requests/${input.requestId}`,
        },
      };
      // Revision 2 is the first counter: it moves Pending -> Negotiation and publishes request_negotiation_started
      // in the same transaction. Later counters are the single statement alone.
      const refuseIfIneligible = (recorded: NonNullable<Awaited<ReturnType<typeof recordCounterStep>>>) => {
        if (recorded.fresh || recorded.recorded_before) return;
        refuseUnlessInGoodStanding({
          community: { name: recorded.community_name, status: recorded.community_status },
          organization: { name: recorded.organization_name, status: recorded.organization_status },
        });
      };
      // A counter that announces a reputation change (the other side's first answer) writes it in its transaction.
      if (input.revision !== 2 && !input.reputationSides?.length) {
        refuseIfIneligible(mustExist(await recordCounterStep(db, step), `request ${input.requestId}`));
        return { deliveryIds: [] };
      }
      const deliveryIds = await db.transaction(async (tx) => {
        const recorded = mustExist(await recordCounterStep(tx, step), `request ${input.requestId}`);
        refuseIfIneligible(recorded);
        if (!recorded.fresh) return [] as string[];
        await announceReputationChanges(
          tx,
          announced(input.reputationSides, {
            communityId: recorded.community_id,
            organizationId: recorded.organization_id,
          }),
        );
        if (input.revision !== 2) return [] as string[];
        const published = await publishWebhookEvent(tx, {
          communityId: recorded.community_id,
          type: 'request_negotiation_started',
          payload: {
            requestId: input.requestId,
            organizationId: recorded.organization_id,
            eventId: recorded.event_id,
            revision: input.revision,
          },
        });
        return published.deliveryIds;
      });
      return { deliveryIds };
    },

    async recordOutcome(input) {
      return db.transaction(async (tx) => {
        const request = mustExist(await findRequest(tx, input.requestId, true), `request ${input.requestId}`);
        const fresh = await claimStep(tx, {
          requestId: request.id,
          seq: input.seq,
          type: input.outcome.toLowerCase() as Lowercase<typeof input.outcome>,
          actorUserId: input.actorUserId,
          actorSide: input.by,
          fromStatus: request.status,
          toStatus: input.outcome,
          revision: input.revision,
          detail:
            input.reason || input.cause
              ? {
                  ...(input.reason ? { reason: input.reason } : {}),
                  ...(input.cause ? { cause: input.cause } : {}),
                }
              : null,
        });
        if (!fresh) return { dealId: request.dealId, deliveryIds: [] as string[] };
        // No deal with a party that is not in good standing; closing a request (reject, withdraw, expire) is fine.
        if (input.outcome === 'Accepted') refuseUnlessInGoodStanding(await lockPartyStanding(tx, request.id));
        let dealId: string | null = null;
        let deliveryIds: string[] = [];
        // The step's audit rows, written together at its end (one statement, same transaction, same order).
        const audits: TAuditEntry[] = [];
        if (input.outcome === 'Accepted') {
          const revision = mustExist(
            await findRevision(tx, request.id, input.revision),
            `request ${request.id} revision ${input.revision}`,
          );
          const deal = await insertDeal(tx, {
            requestId: request.id,
            communityId: request.communityId,
            organizationId: request.organizationId,
            eventId: request.eventId,
            acceptedRevision: revision.number,
            amountMinor: revision.amountMinor,
            currency: revision.currency,
            category: revision.category,
            tierKeyword: revision.tierKeyword,
            benefits: revision.benefits,
            terms: revision.terms,
          });
          dealId = deal.id;
          audits.push({
            actorUserId: input.actorUserId,
            action: 'deal.created',
            entityType: 'deal',
            entityId: dealId,
            after: deal,
          });
          if (request.opportunityId) {
            const opportunity = await findOpportunity(tx, request.opportunityId, true);
            const won = await countDealsOfOpportunity(tx, request.opportunityId);
            if (opportunity && opportunity.status === 'Open' && won >= opportunity.slots) {
              await updateOpportunity(tx, opportunity.id, { status: 'Filled' });
              audits.push({
                actorUserId: null,
                action: 'opportunity.filled',
                entityType: 'opportunity',
                entityId: opportunity.id,
                before: { status: 'Open' },
                after: { status: 'Filled' },
              });
            }
          }
          // The contract step (a later issue) starts from here: a deal in status Accepted and its deal_accepted event.
          deliveryIds = (
            await publishWebhookEvent(tx, {
              communityId: request.communityId,
              type: 'deal_accepted',
              payload: {
                dealId,
                requestId: request.id,
                organizationId: request.organizationId,
                eventId: request.eventId,
                amountMinor: revision.amountMinor,
                currency: revision.currency,
                category: revision.category,
              },
            })
          ).deliveryIds;
        }
        await setRequestOutcome(tx, request.id, { status: input.outcome, dealId });
        audits.push({
          actorUserId: input.actorUserId,
          action: `request.${input.outcome.toLowerCase()}`,
          entityType: 'sponsorship_request',
          entityId: request.id,
          before: { status: request.status },
          after: { status: input.outcome, dealId },
          reason: input.reason ?? null,
        });
        await writeAudits(tx, audits);
        await announceReputationChanges(tx, announced(input.reputationSides, request));
        const sides: TSide[] = input.by ? [otherSide(input.by)] : ['community', 'organization'];
        if (input.outcome === 'Accepted') sides.push(input.by!);
        await notify(
          tx,
          request.id,
          sides.map((side) => ({
            side,
            keyPrefix: `negotiation:${request.id}:${input.seq}:${side}`,
            subject: `Request ${input.outcome.toLowerCase()}`,
            body: `The sponsorship request is now ${input.outcome}.${input.reason ? ` Reason: ${input.reason}` : ''}${dealId ? ` Deal ${dealId} was created.` : ''}`,
          })),
        );
        return { dealId, deliveryIds };
      });
    },

    async recordMessage(input) {
      return db.transaction(async (tx) => {
        const request = mustExist(await findRequest(tx, input.requestId), `request ${input.requestId}`);
        const inserted = await insertMessageIfNew(tx, {
          requestId: request.id,
          idempotencyKey: input.idempotencyKey,
          parentMessageId: input.parentMessageId ?? null,
          authorSide: input.by,
          authorUserId: input.actorUserId,
          body: input.body,
          attachments: input.attachments,
        });
        if (!inserted) return { messageId: (await messageIdByKey(tx, input.idempotencyKey))! };
        refuseUnlessInGoodStanding(await lockPartyStanding(tx, request.id));
        await touchRequest(tx, request.id);
        await announceReputationChanges(tx, announced(input.reputationSides, request));
        await writeAudit(tx, {
          actorUserId: input.actorUserId,
          action: 'request.message_posted',
          entityType: 'sponsorship_request',
          entityId: request.id,
          after: { messageId: inserted.id },
        });
        await notify(tx, request.id, [
          {
            side: otherSide(input.by),
            keyPrefix: `message:${inserted.id}`,
            subject: 'New message on a sponsorship request',
            body: input.body.slice(0, 500),
          },
        ]);
        return { messageId: inserted.id };
      });
    },

    async sendDeadlineReminder({ requestId, reminder }) {
      await db.transaction(async (tx) => {
        const request = mustExist(await findRequest(tx, requestId), `request ${requestId}`);
        await notify(
          tx,
          requestId,
          (['community', 'organization'] as const).map((side) => ({
            side,
            keyPrefix: `negotiation-reminder:${requestId}:${reminder}:${side}`,
            subject: 'A sponsorship request is about to expire',
            body: `Answer before ${request.deadline.toISOString()} or the request expires.`,
          })),
        );
      });
    },
  };
}
