import { createHash, randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { TDb, TTx } from '../db/client.js';
import { mustExist } from './must-exist.js';
import { writeAudit } from '../db/repositories/audit-repository.js';
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
import { announceReputationChanges } from '../db/repositories/reputation-changes-repository.js';
import {
  claimOutcomeStep,
  insertMessageIfNew,
  messageIdByKey,
  touchRequest,
  writeOutcome,
  type TDealInsert,
} from '../db/repositories/negotiation-steps-repository.js';
import { categoryInfo } from '../domain/commdesk-facts.js';
import { currencyChange } from '../domain/money.js';
import {
  diffProposals,
  standingViolation,
  type TPartyStanding,
  type TProposal,
  type TSide,
} from '../domain/negotiation.js';
import { dealSummary } from '../domain/ops-view.js';
import type { TReputationSubject } from '../domain/reputation.js';
import {
  CONTRACT_PATCH_LEVEL,
  CONTRACT_WORKFLOW,
  contractWorkflowId,
  type TContractActivities,
  type TContractInput,
} from '../workflows/contract/contract.contract.js';
import type {
  TContractStart,
  TNegotiationActivities,
} from '../workflows/negotiation/negotiation.contract.js';

export type TNegotiationDeps = {
  db: TDb;
  /**
   * The contract activities' open-and-generate (given by the worker): an acceptance opens and generates its contract
   * before starting it, so the run has nothing to do but wait for signatures. Absent, the run does it itself.
   */
  openAndGenerateContract?: TContractActivities['openAndGenerateContract'];
};

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

/**
 * How long an acceptance waits for its contract's generation before leaving it to the contract's run: well inside the
 * step's attempt timeout (STEP_RETRY), so a slow document store never fails the acceptance.
 */
const ACCEPTANCE_GENERATION_BUDGET_MS = 2_000;

/** Name-based UUID namespace of the contracts acceptances start (any fixed value; changing it renames them). */
const ACCEPTED_CONTRACT_NAMESPACE = 'commdesk:contract-of-accepted-deal:';

/**
 * The id of the contract a deal's acceptance starts: a name-based UUID (version 5 layout) of the deal's id, so every
 * attempt of the step, and a step re-run after its answer was lost, names the same contract. A later contract of the
 * same deal (after a cancellation or an expiry, through the API) gets a random id as before.
 */
export function acceptedContractId(dealId: string): string {
  const hash = createHash('sha1').update(ACCEPTED_CONTRACT_NAMESPACE).update(dealId).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Starts `contract:<id>` for an accepted deal through the worker's Temporal client, after the step's transaction has
 * committed: the same input, summary and details the negotiation gave it as a child, without the child's commands,
 * events and extra workflow task in the negotiation. Idempotent: the id comes from the deal, and a second start (a
 * retried attempt, a re-run step) is refused by Temporal and ignored. A failure (Temporal unreachable) fails the
 * attempt, which is retried; the committed step answers the same on every attempt, so the start follows it.
 */
export async function startAcceptedContract(
  start: TContractStart,
  ids: { dealId: string; requestId: string; actorUserId: string | null },
  openAndGenerate: TNegotiationDeps['openAndGenerateContract'],
) {
  const { client, info } = Context.current();
  const contractId = acceptedContractId(ids.dealId);
  const input: TContractInput = {
    contractId,
    dealId: ids.dealId,
    actorUserId: ids.actorUserId,
    ...(start.ops ? { ops: start.ops } : {}),
    patchLevel: CONTRACT_PATCH_LEVEL,
  };
  // Opened and generated here (idempotent, like the run's own step): the run then only waits for signatures.
  let opened: TContractInput['opened'];
  if (openAndGenerate) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        openAndGenerate(input),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('generation over budget')),
            ACCEPTANCE_GENERATION_BUDGET_MS,
          );
        }),
      ]);
      // The deal already has another live contract (one started through the API first): that one is its contract.
      if (result.superseded) return;
      opened = { settings: result.settings, generated: result.generated };
    } catch {
      // Not the acceptance's to fail on (a template the renderer refuses, Postgres gone for a moment, a document store
      // that does not answer): the run opens and generates it then, under its own retries. A generation still running
      // here is idempotent with the run's: the move to PendingSignature is conditional, and the second keeps what the
      // first recorded.
    } finally {
      clearTimeout(timer);
    }
  }
  try {
    await client.workflow.start(CONTRACT_WORKFLOW, {
      workflowId: contractWorkflowId(contractId),
      taskQueue: info.taskQueue,
      args: [{ ...input, ...(opened ? { opened } : {}) } satisfies TContractInput],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // The contract runs on this worker's task queue: its first workflow task comes back in the start's answer and
      // runs here, instead of going through the server's matching to a poll (a hint, ignored when no slot is free).
      requestEagerStart: true,
      staticSummary: start.ops ? dealSummary('Contract', start.ops) : `Contract of deal ${ids.dealId}`,
      staticDetails: `Contract ${contractId} of deal ${ids.dealId}, started by the acceptance of request ${ids.requestId}. API: GET /api/v1/contracts/${contractId}`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
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

  return {
    async recordCounter(input) {
      // Revisions are immutable and the workflow records them in order, so the previous one is read outside the write,
      // and only when the workflow does not hold it (a run started before the opening passed its offer, or one that
      // adopted the revision from Postgres).
      const previous =
        input.previous ??
        mustExist(
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
      const step: Omit<TCounterStep, 'reputationSides' | 'publishNegotiationStarted'> = {
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
      const recorded = mustExist(
        await recordCounterStep(db, {
          ...step,
          // A counter that announces a reputation change (the other side's first answer) writes it in its statement.
          reputationSides: [...new Set(input.reputationSides ?? [])],
          // Revision 2 is the first counter: it moves Pending -> Negotiation and publishes
          // request_negotiation_started in the same statement.
          publishNegotiationStarted: input.revision === 2,
        }),
        `request ${input.requestId}`,
      );
      if (!recorded.fresh && !recorded.recorded_before)
        refuseUnlessInGoodStanding({
          community: { name: recorded.community_name, status: recorded.community_status },
          organization: { name: recorded.organization_name, status: recorded.organization_status },
        });
      return { deliveryIds: recorded.delivery_ids };
    },

    async recordOutcome(input) {
      // Two statements whatever the outcome: the claim (with the locks and reads the step needs) and the writes.
      const recorded = await db.transaction(async (tx) => {
        const accepting = input.outcome === 'Accepted';
        const request = mustExist(
          await claimOutcomeStep(tx, {
            requestId: input.requestId,
            seq: input.seq,
            outcome: input.outcome,
            by: input.by,
            actorUserId: input.actorUserId,
            revision: input.revision,
            detail:
              input.reason || input.cause
                ? {
                    ...(input.reason ? { reason: input.reason } : {}),
                    ...(input.cause ? { cause: input.cause } : {}),
                  }
                : null,
          }),
          `request ${input.requestId}`,
        );
        if (!request.fresh) return { dealId: request.deal_id, deliveryIds: [] as string[] };
        // No deal with a party that is not in good standing; closing a request (reject, withdraw, expire) is fine.
        if (accepting)
          refuseUnlessInGoodStanding({
            community: { name: request.community_name!, status: request.community_status! },
            organization: { name: request.organization_name!, status: request.organization_status! },
          });
        const revision = accepting
          ? mustExist(request.revision, `request ${request.id} revision ${input.revision}`)
          : null;
        // The deal's id is chosen here so that its event, audit rows and emails go in the same statement.
        const dealId = revision ? randomUUID() : null;
        const sides: TSide[] = input.by ? [otherSide(input.by)] : ['community', 'organization'];
        if (accepting) sides.push(input.by!);
        const deliveryIds = await writeOutcome(tx, {
          request: {
            id: request.id,
            communityId: request.community_id,
            organizationId: request.organization_id,
            eventId: request.event_id,
            status: request.status,
          },
          outcome: input.outcome,
          actorUserId: input.actorUserId,
          reason: input.reason ?? null,
          deal:
            revision && dealId
              ? {
                  id: dealId,
                  requestId: request.id,
                  communityId: request.community_id,
                  organizationId: request.organization_id,
                  eventId: request.event_id,
                  acceptedRevision: revision.number,
                  amountMinor: Number(revision.amount_minor),
                  currency: revision.currency,
                  category: revision.category as TDealInsert['category'],
                  tierKeyword: revision.tier_keyword as TDealInsert['tierKeyword'],
                  benefits: revision.benefits as TDealInsert['benefits'],
                  terms: revision.terms,
                }
              : null,
          fillOpportunity:
            accepting && request.opportunity_id && request.opportunity_status === 'Open'
              ? { id: request.opportunity_id, slots: Number(request.opportunity_slots) }
              : null,
          // The contract step (a later issue) starts from here: a deal in status Accepted and its deal_accepted event.
          webhookPayload: revision && {
            dealId,
            requestId: request.id,
            organizationId: request.organization_id,
            eventId: request.event_id,
            amountMinor: Number(revision.amount_minor),
            currency: revision.currency,
            category: revision.category,
          },
          reputation: announced(input.reputationSides, {
            communityId: request.community_id,
            organizationId: request.organization_id,
          }),
          emails: sides.map((side) => ({
            side,
            keyPrefix: `negotiation:${request.id}:${input.seq}:${side}`,
            subject: `Request ${input.outcome.toLowerCase()}`,
            body: `The sponsorship request is now ${input.outcome}.${input.reason ? ` Reason: ${input.reason}` : ''}${dealId ? ` Deal ${dealId} was created.` : ''}\n\nOpen: GET /api/v1/requests/${request.id}`,
          })),
        });
        return { dealId, deliveryIds };
      });
      // After the commit, fresh or recorded before (the deal exists either way): the start is idempotent.
      if (input.contract && input.outcome === 'Accepted' && recorded.dealId)
        await startAcceptedContract(
          input.contract,
          { dealId: recorded.dealId, requestId: input.requestId, actorUserId: input.actorUserId },
          deps.openAndGenerateContract,
        );
      return recorded;
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
