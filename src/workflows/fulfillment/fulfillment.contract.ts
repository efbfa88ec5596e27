import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  TFulfillmentActor,
  TFulfillmentItem,
  TFulfillmentProgress,
  TFulfillmentSettings,
  TItemAction,
} from '../../domain/fulfillment.js';

export const FULFILLMENT_WORKFLOW = 'fulfillmentWorkflow';
/** One benefit manager per deal: a second start for the same deal is refused by Temporal itself. */
export const fulfillmentWorkflowId = (dealId: string) => `fulfillment:${dealId}`;

/** Ids only: the items, due dates and the event's end are read (and created) by the first activity. */
export type TFulfillmentInput = { dealId: string; contractId: string };

/** A person's action on an item, as the API resolved the caller (their side and whether they manage or review). */
export type TPersonAction = Exclude<TItemAction, { type: 'miss' }>;
export type TItemCommand = {
  itemId: string;
  actor: TFulfillmentActor;
  /** Applied in order and recorded as one change (a PATCH of owner, due date and status is atomic). */
  actions: TPersonAction[];
  requestId: string | null;
};
export type TItemResult = { item: TFulfillmentItem; changed: boolean };

export type TFulfillmentView = {
  dealId: string;
  contractId: string;
  items: TFulfillmentItem[];
  progress: TFulfillmentProgress;
};

export const itemUpdate = defineUpdate<TItemResult, [TItemCommand]>('item');
export const fulfillmentStateQuery = defineQuery<TFulfillmentView>('state');

/** Implemented in src/activities/fulfillment.activities.ts; each is idempotent (keyed by deal + step). */
export type TFulfillmentActivities = {
  /** Creates the fulfillment and one item per contracted benefit if absent; returns what Postgres holds. */
  openFulfillment(input: TFulfillmentInput): Promise<{
    items: TFulfillmentItem[];
    progress: TFulfillmentProgress;
    settings: TFulfillmentSettings;
    /** Who, what and how much, for the workflow's details in the Temporal UI. */
    summary: string;
  }>;
  /** Writes one change of an item (row, timeline, audit, emails) under `idempotencyKey`. */
  recordItemChange(input: {
    dealId: string;
    idempotencyKey: string;
    actor: TFulfillmentActor;
    actions: TPersonAction[];
    before: TFulfillmentItem;
    after: TFulfillmentItem;
    requestId: string | null;
  }): Promise<void>;
  sendDueReminder(input: { dealId: string; itemId: string; key: string; dueAt: number }): Promise<void>;
  markMissed(input: { dealId: string; itemId: string }): Promise<void>;
  /** Records that the alarm window was looked at; when `raised`, emails both sides and writes the timeline. */
  checkAlarm(input: { dealId: string; raised: boolean; percent: number }): Promise<void>;
  /** Builds the sponsor report (JSON and PDF), stores it and emails both sides; the same report when done before. */
  produceReport(input: { dealId: string }): Promise<void>;
  /** Every item is Verified or Waived: the contract becomes Completed. */
  completeContract(input: { dealId: string; contractId: string }): Promise<void>;
};
