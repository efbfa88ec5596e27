import { classifyFailures } from './classify.js';
import { createContractActivities, type TContractDeps } from './contract.activities.js';
import { createEscrowActivities } from './escrow.activities.js';
import { createFulfillmentActivities } from './fulfillment.activities.js';
import { createLedgerVerifyActivities } from './ledger-verify.activities.js';
import { createMailActivities, type TMailDeps } from './mail.activities.js';
import { createNegotiationActivities } from './negotiation.activities.js';
import { createPayoutActivities } from './payout.activities.js';
import { createProgramActivities } from './program.activities.js';
import { createReconcileActivities } from './reconcile.activities.js';
import { createReputationActivities } from './reputation.activities.js';
import { createSearchSyncActivities } from './search-sync.activities.js';
import { createVerificationActivities, type TVerificationDeps } from './verification.activities.js';
import { createWebhookDeliveryActivities, type TWebhookDeps } from './webhook-delivery.activities.js';

export type TActivityDeps = TWebhookDeps &
  TVerificationDeps &
  TMailDeps &
  TContractDeps & { shuttingDown?: AbortSignal };

/** Every activity the worker registers, built from one set of dependencies. */
export function createActivities(deps: TActivityDeps) {
  const contract = createContractActivities(deps);
  return classifyFailures({
    ...createWebhookDeliveryActivities(deps),
    ...createVerificationActivities(deps),
    ...createSearchSyncActivities(deps),
    // An acceptance opens and generates its contract before starting it (TNegotiationDeps.openAndGenerateContract).
    ...createNegotiationActivities({ ...deps, openAndGenerateContract: contract.openAndGenerateContract }),
    ...createReconcileActivities(deps),
    ...createMailActivities(deps),
    ...contract,
    ...createFulfillmentActivities(deps),
    ...createLedgerVerifyActivities(deps),
    ...createEscrowActivities(deps),
    ...createPayoutActivities(deps),
    ...createProgramActivities(deps),
    ...createReputationActivities(deps),
  });
}
