import { defineSignal } from '@temporalio/workflow';
import type { TPayoutOps } from '../../domain/ops-view.js';
import type { TPayoutStatus } from '../../domain/payouts.js';

export const PAYOUT_WORKFLOW = 'payoutWorkflow';

/** One workflow per payout, started on its first event: the business key is Stripe's payout id. */
export const payoutWorkflowId = (stripePayoutId: string) => `payout:${stripePayoutId}`;

export type TPayoutWatchInput = {
  stripePayoutId: string;
  communityId: string;
  /** When Stripe created the payout (ms): the stuck-money clock starts there, not at our first sight of it. */
  createdAtMs: number;
  /** ESCROW_STUCK_AFTER at start (ms), kept in the input so a replay waits the same. */
  stuckAfterMs: number;
  /** The community by name and the amount, for the details ops read (absent in watches started before they were). */
  ops?: TPayoutOps;
};

export type TPayoutCheck = { status: TPayoutStatus; stuck: boolean };

/** The webhook tells the watch that the payout reached a final status (paid, failed, canceled): its alert clears. */
export const payoutSettledSignal = defineSignal<[{ status: TPayoutStatus }]>('payoutSettled');

export type TPayoutActivities = {
  /**
   * Reads the payout's row; still pending or in transit: opens the `payout_stuck` ops task and emails every platform
   * admin (keyed by the payout, so a retry opens and sends nothing twice).
   */
  checkStuckPayout(input: { stripePayoutId: string; stuckAfterMs: number }): Promise<TPayoutCheck>;
};
