/**
 * The payments ops queue (payment_ops_tasks): work a platform admin must do by hand, never resolved silently. Each
 * task is opened by the escrow's activity (with an email to every platform admin) and closed by an admin with a
 * resolution (POST /api/v1/ops/tasks/:id/close).
 */
export const PAYMENT_OPS_TASK_KINDS = [
  /** Stripe refused a transfer reversal during a refund: the released money stays with the community. */
  'reversal_failed',
  /** Stripe refused a milestone's transfer to the community (retried with backoff). */
  'transfer_failed',
  /** A transfer, refund or payout pending longer than the stuck-money delay. */
  'stuck_money',
  /** A party filed a dispute on a milestone: a platform admin resolves it. */
  'dispute_open',
  /** The other party did not answer a dispute by its deadline. */
  'dispute_answer_missed',
  /** A dispute is past its resolution deadline. */
  'dispute_overdue',
  /** Stripe opened a chargeback (charge.dispute.created): evidence is due at Stripe by `dueAt`. */
  'chargeback_open',
  /** Stripe closed a chargeback as lost. */
  'chargeback_lost',
  /** Stripe reports a payment of another amount or currency than the invoice. */
  'payment_mismatch',
  /** A refund Stripe reported as failed. */
  'refund_failed',
  /** A community's payout (connected account to its bank) still pending or in transit past ESCROW_STUCK_AFTER. */
  'payout_stuck',
  /** Stripe reported a community's payout as failed (payout.failed): the money is back in its Stripe balance. */
  'payout_failed',
] as const;
export type TPaymentOpsTaskKind = (typeof PAYMENT_OPS_TASK_KINDS)[number];

export const PAYMENT_OPS_TASK_STATUSES = ['open', 'done'] as const;
export type TPaymentOpsTaskStatus = (typeof PAYMENT_OPS_TASK_STATUSES)[number];
