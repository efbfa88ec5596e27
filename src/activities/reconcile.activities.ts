import type { TDb } from '../db/client.js';
import { negotiationPosition, recordReconciliation } from '../db/repositories/reconcile-repository.js';
import type { TReconcileActivities } from '../workflows/negotiation/negotiation.contract.js';

/** What a workflow reads and writes when `npm run reconcile -- --fix` asks it to agree with Postgres again. */
export function createReconcileActivities(deps: { db: TDb }): TReconcileActivities {
  return {
    negotiationPosition: ({ requestId }) => negotiationPosition(deps.db, requestId),
    recordReconciliation: (entry) => recordReconciliation(deps.db, entry),
  };
}
