import type { TDb } from '../db/client.js';
import {
  negotiationPosition,
  openRequestsOfDisabledOrganizations,
  recordReconciliation,
} from '../db/repositories/reconcile-repository.js';
import type { THousekeepingActivities } from '../workflows/housekeeping/housekeeping.contract.js';
import type { TReconcileActivities } from '../workflows/negotiation/negotiation.contract.js';

/** What a workflow reads and writes when `npm run reconcile -- --fix` asks it to agree with Postgres again. */
export function createReconcileActivities(deps: { db: TDb }): TReconcileActivities & THousekeepingActivities {
  return {
    negotiationPosition: ({ requestId }) => negotiationPosition(deps.db, requestId),
    recordReconciliation: (entry) => recordReconciliation(deps.db, entry),
    openRequestsOfDisabledOrganizations: ({ limit }) => openRequestsOfDisabledOrganizations(deps.db, limit),
  };
}
