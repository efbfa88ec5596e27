import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { TConfig } from '../config.js';
import type { TDb } from '../db/client.js';
import { categoryInfo, type PartnerCategory } from '../domain/commdesk-facts.js';
import type { TBenefit } from '../domain/event-partners.js';
import { unsupportedCurrency } from '../domain/money.js';
import {
  findOpenRequestId,
  insertOpening,
  otherSide,
  type TOpening,
} from '../db/repositories/negotiation-repository.js';
import { publishWebhookEvent } from '../db/repositories/webhooks-repository.js';
import { negotiationSummary } from '../domain/ops-view.js';
import {
  SA_AMOUNT_MINOR,
  SA_COMMUNITY_ID,
  SA_CURRENCY,
  SA_ORGANIZATION_ID,
  SA_PROGRAM_ID,
  SA_STATUS,
  SA_WAITING_ON,
  SA_WAITING_SINCE,
} from '../domain/search-attributes.js';
import { AppError } from '../errors.js';
import {
  NEGOTIATION_PATCH_LEVEL,
  NEGOTIATION_WORKFLOW,
  negotiationWorkflowId,
  type TNegotiationInput,
} from '../workflows/negotiation/negotiation.contract.js';
import type { TLogger } from '../logger.js';
import { dispatchDeliveries } from './webhook-dispatch.js';

/** The opening revision's terms, with the message sent to the other side. */
export type TOpeningProposal = {
  amountMinor: number;
  currency: string;
  category: PartnerCategory;
  benefits: TBenefit[];
  terms: string;
  message?: string | undefined;
};

/**
 * Opens a request with its first revision (one transaction, with the workflow started inside it so a
 * refused start writes nothing), then sends the webhook deliveries it published.
 *
 * One business step with two callers: the API (a community's request, a sponsor's application) and the program
 * cycle's activity (a renewal). Activities may not import the API layer, so it lives here, beside the other code
 * both the API and the worker use to start workflows, and takes its dependencies as arguments.
 */
export async function openRequest(
  deps: { db: TDb; config: TConfig; temporal: Client; logger: TLogger },
  args: Pick<
    TOpening,
    'communityId' | 'organizationId' | 'eventId' | 'opportunityId' | 'initiator' | 'actorUserId' | 'deadline'
  > & {
    proposal: TOpeningProposal;
    /** A program's renewal (opened by its cycle workflow): at most one per program, period and community. */
    program?: { programId: string; period: string };
  },
) {
  const { db, config } = deps;
  // As requireSupportedCurrency (src/api/money.ts) answers: a 422 naming the field.
  const unsupported = unsupportedCurrency(config.SUPPORTED_CURRENCIES, args.proposal.currency);
  if (unsupported)
    throw new AppError('BUSINESS_RULE', unsupported, [
      { location: 'body', path: 'proposal.currency', message: unsupported },
    ]);
  const result = await db.transaction(async (tx) => {
    const { message, ...terms } = args.proposal;
    // The request, its first revision, timeline entry, audit row and the other side's emails in one statement (the
    // id is chosen here so the email can name the request).
    const id = randomUUID();
    const opened = await insertOpening(tx, {
      id,
      communityId: args.communityId,
      organizationId: args.organizationId,
      eventId: args.eventId,
      opportunityId: args.opportunityId,
      initiator: args.initiator,
      actorUserId: args.actorUserId,
      deadline: args.deadline,
      programId: args.program?.programId ?? null,
      programPeriod: args.program?.period ?? null,
      terms,
      tierKeyword: categoryInfo(terms.category).tierKeyword,
      message: message ?? null,
      email: {
        keyPrefix: `negotiation:${id}:1`,
        subject: args.initiator === 'community' ? 'New sponsorship request' : 'New sponsorship application',
        body: `${args.proposal.currency} ${(args.proposal.amountMinor / 100).toFixed(2)} as ${args.proposal.category}.${message ? `\n\n${message}` : ''}\n\nOpen: GET /api/v1/requests/${id}`,
      },
    });
    if (!opened) {
      const existingId = await findOpenRequestId(tx, args);
      throw new AppError(
        'CONFLICT',
        `An open request between this community and organization${args.eventId ? ' for this event' : ''} already exists: ${existingId}`,
        { existingRequestId: existingId },
      );
    }
    const { request, parties } = opened;
    const published =
      args.initiator === 'organization'
        ? await publishWebhookEvent(tx, {
            communityId: args.communityId,
            type: 'sponsor_application_submitted',
            payload: {
              requestId: request.id,
              opportunityId: args.opportunityId,
              organizationId: args.organizationId,
              eventId: args.eventId,
              amountMinor: terms.amountMinor,
              currency: terms.currency,
              category: terms.category,
            },
          })
        : { deliveryIds: [] };
    const offer = { amountMinor: terms.amountMinor, currency: terms.currency };
    await deps.temporal.workflow.start(NEGOTIATION_WORKFLOW, {
      workflowId: negotiationWorkflowId(request.id),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [
        {
          requestId: request.id,
          initiator: args.initiator,
          deadlineAt: args.deadline.getTime(),
          reminderOffsetsMs: config.NEGOTIATION_REMINDERS,
          counterLimit: { max: config.COUNTER_OFFERS_PER_WINDOW, windowMs: config.COUNTER_OFFER_WINDOW },
          webhookRetryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
          // The whole opening offer: the first counter's step diffs against it without reading it back.
          ops: { parties, ...terms },
          patchLevel: NEGOTIATION_PATCH_LEVEL,
        } satisfies TNegotiationInput,
      ],
      // What ops see in the Temporal UI's list and detail pages, and can filter and save views on.
      staticSummary: negotiationSummary(parties, { ...offer, category: terms.category }),
      staticDetails: `Sponsorship request ${request.id}, opened by the ${args.initiator}. API: GET /api/v1/requests/${request.id}`,
      typedSearchAttributes: [
        { key: SA_COMMUNITY_ID, value: args.communityId },
        { key: SA_ORGANIZATION_ID, value: args.organizationId },
        { key: SA_STATUS, value: 'Pending' },
        { key: SA_WAITING_ON, value: otherSide(args.initiator) },
        { key: SA_WAITING_SINCE, value: request.createdAt },
        { key: SA_AMOUNT_MINOR, value: offer.amountMinor },
        { key: SA_CURRENCY, value: offer.currency },
        ...(args.program ? [{ key: SA_PROGRAM_ID, value: args.program.programId }] : []),
      ],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
    return { request, deliveryIds: published.deliveryIds };
  });
  if (result.deliveryIds.length) {
    await dispatchDeliveries(
      deps,
      result.deliveryIds.map((id) => ({ id, run: 1 })),
      { communityId: args.communityId, eventType: 'sponsor_application_submitted' },
    );
  }
  return result.request;
}
