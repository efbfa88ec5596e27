// The lifecycle floor's activities: every activity our worker registers, under the same name, doing no I/O (no
// database, Stripe, PDF or mail) and answering in the shape the workflows expect, so OUR workflows (negotiation,
// contract, escrow, fulfillment, reputation) run unchanged on them. A deal's CPU above this floor is our activities,
// API and database; the engine's work (and our workflow code) is in both.
//
// The escrow's answers are its state after the step: computed with the same pure transition the real activity uses
// (the workflow cannot advance on anything else). Each step a deal waits on (the contract generated, the invoice, a
// payment status) is printed as one `EVENT {json}` line, the floor's counterpart of the rows the bench watches in
// Postgres for our stack.
import { randomUUID } from 'node:crypto';
import { DEFAULT_CONTRACT_TEMPLATE } from '../../src/activities/contract.activities.js';
import { escrowSettingsOf } from '../../src/activities/escrow.activities.js';
import { startAcceptedContract } from '../../src/activities/negotiation.activities.js';
import type { TConfig } from '../../src/config.js';
import { escrowTransition, initialEscrowState, paymentStatus, settled } from '../../src/domain/escrow.js';
import type { TSide } from '../../src/domain/negotiation.js';
import type { TContractActivities } from '../../src/workflows/contract/contract.contract.js';
import type { TEscrowActivities } from '../../src/workflows/escrow/escrow.contract.js';
import type { TFulfillmentActivities } from '../../src/workflows/fulfillment/fulfillment.contract.js';
import type { TNegotiationActivities } from '../../src/workflows/negotiation/negotiation.contract.js';
import type { TReputationActivities } from '../../src/workflows/reputation/reputation.contract.js';

/** The floor's own task queue: our worker never sees its workflows (children start on their parent's queue). */
export const LIFECYCLE_FLOOR_TASK_QUEUE = 'bench-lifecycle-floor';

/** Every floor deal is worth this much (our deals' amounts come from the proposal, which no activity reads here). */
export const FLOOR_DEAL_AMOUNT_MINOR = 25_000_000;
/** The document hash the no-op generation answers with: a signer needs it, as ours reads it from GET /contracts/:id. */
export const floorDocumentSha256 = (contractId: string) =>
  contractId.replace(/-/g, '').padEnd(64, '0').slice(0, 64);

export type TFloorEvent =
  | { kind: 'generated'; dealId: string; contractId: string; documentSha256: string }
  | { kind: 'invoiced'; dealId: string; paymentId: string; grossMinor: number; milestoneIds: string[] }
  | { kind: 'escrow'; dealId: string; paymentId: string; status: string };

const emit = (event: TFloorEvent) => process.stdout.write(`EVENT ${JSON.stringify(event)}\n`);

/**
 * The no-op set: named activities with answers shaped like the real ones; `names` (every activity of the real
 * worker) get a no-op answering undefined, which is what the rest of them return or is never reached by a deal.
 */
export function noopActivities(config: TConfig, names: string[]) {
  const dealOfContract = new Map<string, string>();
  const dealOfPayment = new Map<string, string>();
  // The floor's escrows are in USD (their state below).
  const escrowSettings = escrowSettingsOf(config, 'USD');

  const negotiation: Pick<TNegotiationActivities, 'recordCounter' | 'recordOutcome' | 'recordMessage'> = {
    async recordCounter() {
      return { deliveryIds: [] };
    },
    // An acceptance starts its deal's contract, as the real step does (the start is the engine's work): through the
    // activity's client, with the Draft the no-op generation answers passed in.
    async recordOutcome(input) {
      const dealId = input.outcome === 'Accepted' ? randomUUID() : null;
      if (dealId && input.contract)
        await startAcceptedContract(
          input.contract,
          { dealId, requestId: input.requestId, actorUserId: input.actorUserId },
          (opening) => contract.openAndGenerateContract(opening),
        );
      return { dealId, deliveryIds: [] };
    },
    async recordMessage() {
      return { messageId: randomUUID() };
    },
  };
  const contract: Pick<
    TContractActivities,
    'openContract' | 'generateContract' | 'openAndGenerateContract' | 'recordSignature' | 'sealContract'
  > = {
    async openAndGenerateContract(input) {
      const opened = await contract.openContract(input);
      const generated = await contract.generateContract({
        contractId: input.contractId,
        signingWindowMs: opened.settings.signingWindowMs,
      });
      return { superseded: false, settings: opened.settings, generated };
    },
    async openContract(input) {
      dealOfContract.set(input.contractId, input.dealId);
      return {
        superseded: false,
        settings: {
          signingWindowMs: config.CONTRACT_SIGNING_WINDOW,
          reminderOffsetsMs: config.CONTRACT_REMINDERS,
          webhookRetryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
        },
      };
    },
    async generateContract({ contractId, signingWindowMs }) {
      const documentSha256 = floorDocumentSha256(contractId);
      emit({ kind: 'generated', dealId: dealOfContract.get(contractId) ?? '', contractId, documentSha256 });
      return {
        documentSha256,
        deadlineAt: Date.now() + signingWindowMs,
        sequential: DEFAULT_CONTRACT_TEMPLATE.sequential,
        order: DEFAULT_CONTRACT_TEMPLATE.signingOrder as TSide[],
      };
    },
    async recordSignature(input) {
      return {
        side: input.side,
        userId: input.userId,
        fullName: input.fullName,
        signedAt: new Date().toISOString(),
        documentSha256: input.documentSha256,
      };
    },
    async sealContract({ contractId }) {
      return { sealedSha256: floorDocumentSha256(contractId), deliveryIds: [] };
    },
  };
  const escrow: Pick<TEscrowActivities, 'openEscrow' | 'invoiceAndCollect' | 'applyEscrowChange'> = {
    async openEscrow(input) {
      dealOfPayment.set(input.paymentId, input.dealId);
      const template = DEFAULT_CONTRACT_TEMPLATE.milestones;
      // The same opening state as the real activity's (a deal without an event, in USD).
      const state = initialEscrowState({
        currency: 'USD',
        grossMinor: FLOOR_DEAL_AMOUNT_MINOR,
        feeBps: config.PLATFORM_FEE_BPS,
        milestones: template,
        milestoneIds: template.map(() => randomUUID()),
        eventEndsAt: null,
        now: Date.now(),
      });
      return {
        state,
        settings: escrowSettings,
        summary: `Escrow of USD ${(FLOOR_DEAL_AMOUNT_MINOR / 100).toFixed(2)} for deal ${input.dealId} (contract ${input.contractId})`,
        communityId: randomUUID(),
        organizationId: randomUUID(),
      };
    },
    async invoiceAndCollect({ paymentId, before, settings, now }) {
      const after = escrowTransition(
        before,
        { type: 'invoiced', deadlineAt: now + settings.paymentWindowMs },
        { kind: 'system' },
        settings,
        now,
      );
      emit({
        kind: 'invoiced',
        dealId: dealOfPayment.get(paymentId) ?? '',
        paymentId,
        grossMinor: after.grossMinor,
        milestoneIds: after.milestones.map((m) => m.id),
      });
      return after;
    },
    async applyEscrowChange(change) {
      const after = settled(
        escrowTransition(change.before, change.action, change.actor, change.settings, change.now),
      );
      emit({
        kind: 'escrow',
        dealId: dealOfPayment.get(change.paymentId) ?? '',
        paymentId: change.paymentId,
        status: paymentStatus(after),
      });
      return after;
    },
  };
  const fulfillment: Pick<TFulfillmentActivities, 'openFulfillment'> = {
    async openFulfillment() {
      const endAt = Date.now() + config.FULFILLMENT_DEFAULT_DUE;
      return {
        items: [
          {
            id: randomUUID(),
            status: 'Planned',
            ownerUserId: randomUUID(),
            dueAt: endAt,
            proof: null,
            disputeReason: null,
            waivedBy: [],
          },
        ],
        progress: { endAt, remindersSent: [], alarmChecked: false, reportProduced: false, completed: false },
        settings: {
          reminderOffsetsMs: config.FULFILLMENT_REMINDERS,
          alarmBeforeEndMs: config.FULFILLMENT_ALARM_BEFORE_END,
          alarmThresholdPercent: config.FULFILLMENT_ALARM_THRESHOLD,
          reportAfterEndMs: config.FULFILLMENT_REPORT_AFTER_END,
        },
        summary: 'Benefit fulfillment (floor)',
      };
    },
  };
  const reputation: Pick<TReputationActivities, 'recomputeReputation'> = {
    async recomputeReputation() {
      return { score: 50, confidence: 0, directoryScoreChanged: false };
    },
  };
  const named: Record<string, (...args: never[]) => Promise<unknown>> = {
    ...negotiation,
    ...contract,
    ...escrow,
    ...fulfillment,
    ...reputation,
  };
  const unknown = Object.keys(named).filter((name) => !names.includes(name));
  if (unknown.length)
    throw new Error(`no-op activities the real worker does not have: ${unknown.join(', ')}`);
  return Object.fromEntries(names.map((name) => [name, named[name] ?? (async () => undefined)])) as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
}
