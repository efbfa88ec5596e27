// The one module the worker bundles: every workflow the marketplace runs.
export { webhookDeliveryWorkflow } from './webhook-delivery/webhook-delivery.workflow.js';
export { organizationVerificationWorkflow } from './verification/verification.workflow.js';
export { searchSyncWorkflow, searchIndexSyncWorkflow } from './search-sync/search-sync.workflow.js';
export { negotiationWorkflow } from './negotiation/negotiation.workflow.js';
export { webhookSweepWorkflow } from './webhook-sweep/webhook-sweep.workflow.js';
export { mailDispatchWorkflow } from './mail-dispatch/mail-dispatch.workflow.js';
export { housekeepingWorkflow } from './housekeeping/housekeeping.workflow.js';
export { contractWorkflow } from './contract/contract.workflow.js';
export { contractCancellationWorkflow } from './contract-cancellation/contract-cancellation.workflow.js';
export { fulfillmentWorkflow } from './fulfillment/fulfillment.workflow.js';
export {
  reputationWorkflow,
  reputationNightlyWorkflow,
  reputationRefresherWorkflow,
} from './reputation/reputation.workflow.js';
export { escrowWorkflow } from './escrow/escrow.workflow.js';
export { payoutWorkflow } from './payout/payout.workflow.js';
export {
  programFiringWorkflow,
  programCycleWorkflow,
  programMatchedInvitationsWorkflow,
} from './program-cycle/program-cycle.workflow.js';
export { ledgerVerifyWorkflow } from './ledger-verify/ledger-verify.workflow.js';
