/**
 * `npm run reconcile [-- --fix]`: compares every open workflow's state with its Postgres rows and prints each
 * difference with the workflow id and what to do. With --fix it repairs what is safe: a negotiation re-runs the
 * steps Postgres lost or adopts the steps Postgres committed that it never saw (through its `resync` Update, under
 * its handler lock), and a difference no side can settle is marked as needing attention. It never invents money,
 * signatures or steps. Against `npm start`'s embedded stack by default; DATABASE_URL / TEMPORAL_ADDRESS otherwise.
 */
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { loadConfigOrExit, type TConfig } from './config.js';
import { createDb, type TDb } from './db/client.js';
import { writeAudit } from './db/repositories/audit-repository.js';
import {
  latestVerificationStatus,
  negotiationPosition,
  openRequestIds,
  recordReconciliation,
} from './db/repositories/reconcile-repository.js';
import { requestOps } from './db/repositories/negotiation-repository.js';
import { sponsorshipRequests } from './db/schema/index.js';
import { negotiationSummary } from './domain/ops-view.js';
import {
  SA_AMOUNT_MINOR,
  SA_COMMUNITY_ID,
  SA_CURRENCY,
  SA_ORGANIZATION_ID,
} from './domain/search-attributes.js';
import {
  compareNegotiation,
  compareVerification,
  explainNegotiation,
  type TNegotiationPosition,
} from './domain/reconcile.js';
import {
  NEGOTIATION_PATCH_LEVEL,
  NEGOTIATION_WORKFLOW,
  negotiationPositionQuery,
  negotiationWorkflowId,
  resyncUpdate,
  type TNegotiationInput,
} from './workflows/negotiation/negotiation.contract.js';
import {
  VERIFICATION_WORKFLOW,
  verificationStateQuery,
} from './workflows/verification/verification.contract.js';

/**
 * An activity scheduled or running, or a workflow task not yet completed (a query then answers from state whose
 * commands are not recorded yet): the row catches up by itself, so it is no difference.
 */
export function stepInFlight(raw: {
  pendingActivities?: unknown[] | null;
  pendingWorkflowTask?: unknown;
}): boolean {
  return (raw.pendingActivities ?? []).length > 0 || Boolean(raw.pendingWorkflowTask);
}

export type TFinding = { workflowId: string; problem: string; action: string; fixed?: string };

const requestIdOf = (workflowId: string) => workflowId.slice('negotiation:'.length);
const organizationIdOf = (workflowId: string) => workflowId.slice('verification:'.length);

export async function reconcile(deps: {
  db: TDb;
  temporal: Client;
  config: TConfig;
  fix: boolean;
}): Promise<{ checked: number; findings: TFinding[] }> {
  const { db, temporal, config, fix } = deps;
  const findings: TFinding[] = [];
  const seen = new Set<string>();
  let checked = 0;

  async function negotiation(workflowId: string, workflow: TNegotiationPosition, running: boolean) {
    const requestId = requestIdOf(workflowId);
    const database = await negotiationPosition(db, requestId);
    const divergence = compareNegotiation(workflow, database);
    if (divergence.kind === 'in-sync') return;
    const { problem, action, fixable } = explainNegotiation(workflowId, divergence);
    const finding: TFinding = { workflowId, problem, action };
    findings.push(finding);
    if (!fix || !fixable) return;
    if (running) {
      const result = await temporal.workflow.getHandle(workflowId).executeUpdate(resyncUpdate);
      finding.fixed = result.repaired
        ? `repaired (${result.divergence.kind})`
        : `not repaired: ${result.divergence.kind}, marked as needing attention where it applies`;
    } else {
      // A closed workflow runs no Update: the request is marked for a person, on its timeline.
      await recordReconciliation(db, {
        requestId,
        seq: Math.max(workflow.step, database!.step) + 1,
        outcome: divergence.kind,
        detail: `${problem} (the workflow is closed)`,
        needsAttention: true,
      });
      finding.fixed = 'marked as needing attention (the workflow is closed)';
    }
  }

  for await (const execution of temporal.workflow.list({
    query: `ExecutionStatus = "Running" AND TaskQueue = "${config.TEMPORAL_TASK_QUEUE}"`,
  })) {
    const handle = temporal.workflow.getHandle(execution.workflowId);
    if (execution.type === NEGOTIATION_WORKFLOW) {
      // The list is eventually consistent: a run closed a moment ago (terminated by an operator) may still be listed
      // as running. Left unseen, the pass over open requests below finds it closed and restarts it.
      if ((await handle.describe()).status.name !== 'RUNNING') continue;
      checked++;
      seen.add(execution.workflowId);
      await negotiation(execution.workflowId, await handle.query(negotiationPositionQuery), true);
    } else if (execution.type === VERIFICATION_WORKFLOW) {
      checked++;
      const organizationId = organizationIdOf(execution.workflowId);
      const [state, description, runStatus] = await Promise.all([
        handle.query(verificationStateQuery),
        handle.describe(),
        latestVerificationStatus(db, organizationId),
      ]);
      const divergence = compareVerification(state.phase, runStatus, stepInFlight(description.raw));
      if (divergence.kind === 'in-sync' || divergence.kind === 'in-flight') continue;
      const finding: TFinding =
        divergence.kind === 'row-missing'
          ? {
              workflowId: execution.workflowId,
              problem: 'Postgres has no verification run for this organization',
              action: `restore it from a backup, or end the workflow: temporal workflow terminate --workflow-id ${execution.workflowId}`,
            }
          : {
              workflowId: execution.workflowId,
              problem: `the workflow is in ${state.phase} (run status ${divergence.expected}) but Postgres says ${divergence.actual}`,
              action:
                'a platform admin decides from the audit entry --fix writes; nothing is changed automatically',
            };
      findings.push(finding);
      if (fix && divergence.kind === 'differs') {
        await writeAudit(db, {
          actorUserId: null,
          action: 'verification.needs_attention',
          entityType: 'organization',
          entityId: organizationId,
          before: { runStatus: divergence.actual },
          after: { workflowPhase: state.phase },
          reason: finding.problem,
        });
        finding.fixed = 'marked as needing attention (audit log)';
      }
    }
  }

  // The other direction: an open request whose workflow is closed, or that Temporal does not know at all.
  for (const requestId of await openRequestIds(db)) {
    const workflowId = negotiationWorkflowId(requestId);
    if (seen.has(workflowId)) continue;
    checked++;
    const handle = temporal.workflow.getHandle(workflowId);
    const status = await handle.describe().then(
      (d) => d.status.name,
      (err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      },
    );
    // RUNNING here: started after the list above was read, or not yet in the (eventually consistent) list.
    if (status === 'RUNNING' || status === 'COMPLETED') {
      await negotiation(workflowId, await handle.query(negotiationPositionQuery), status === 'RUNNING');
      continue;
    }
    // Missing, terminated, failed or timed out: nothing will ever move this request on.
    const finding: TFinding = {
      workflowId,
      problem: status
        ? `the request is open in Postgres but its workflow is ${status.toLowerCase()}`
        : 'the request is open in Postgres but Temporal has no workflow for it',
      action: 'npm run reconcile -- --fix starts a new run from the row and has it adopt the request state',
    };
    findings.push(finding);
    if (!fix) continue;
    const [row] = await db.select().from(sponsorshipRequests).where(eq(sponsorshipRequests.id, requestId));
    if (!row) continue;
    // Who, what and how much by name (the current revision's offer), as the API gives a run it starts.
    const deal = await requestOps(db, requestId);
    const started = await temporal.workflow.start(NEGOTIATION_WORKFLOW, {
      workflowId,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [
        {
          requestId,
          initiator: row.initiator,
          deadlineAt: row.deadline.getTime(),
          reminderOffsetsMs: config.NEGOTIATION_REMINDERS,
          counterLimit: { max: config.COUNTER_OFFERS_PER_WINDOW, windowMs: config.COUNTER_OFFER_WINDOW },
          webhookRetryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
          ...(deal
            ? {
                ops: {
                  parties: { community: deal.community, organization: deal.organization, event: deal.event },
                  amountMinor: deal.amountMinor,
                  currency: deal.currency,
                  category: deal.category,
                  revision: row.currentRevision,
                },
              }
            : {}),
          patchLevel: NEGOTIATION_PATCH_LEVEL,
        } satisfies TNegotiationInput,
      ],
      ...(deal
        ? {
            staticSummary: negotiationSummary(deal, deal),
            staticDetails: `Sponsorship request ${requestId}, started again by npm run reconcile -- --fix (revision ${row.currentRevision} by the ${row.currentAuthor}). API: GET /api/v1/requests/${requestId}`,
            typedSearchAttributes: [
              { key: SA_COMMUNITY_ID, value: deal.communityId },
              { key: SA_ORGANIZATION_ID, value: deal.organizationId },
              { key: SA_AMOUNT_MINOR, value: deal.amountMinor },
              { key: SA_CURRENCY, value: deal.currency },
            ],
          }
        : {}),
      // A closed run of the same id may exist (terminated by an operator): this is its successor.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    const result = await started.executeUpdate(resyncUpdate);
    finding.fixed = `new run started; ${result.repaired ? "it adopted Postgres's state" : result.divergence.kind}`;
  }
  return { checked, findings };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadConfigOrExit();
  const fix = process.argv.includes('--fix');
  const databaseUrl =
    config.DATABASE_URL ?? `postgres://commdesk:commdesk@127.0.0.1:${config.EMBEDDED_PG_PORT}/commdesk`;
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_PORT}`;
  const { db, pool } = createDb(databaseUrl, 2);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5_000 });
    await db.execute('select 1');
  } catch (err) {
    console.error(
      `reconcile needs the running system (npm start, or DATABASE_URL and TEMPORAL_ADDRESS): ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(2);
  }
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const { checked, findings } = await reconcile({ db, temporal, config, fix });
  for (const f of findings) {
    console.log(
      `${f.workflowId}\n  differs: ${f.problem}\n  to do:   ${f.action}${f.fixed ? `\n  --fix:   ${f.fixed}` : ''}`,
    );
  }
  console.log(
    `\n${checked} workflows checked, ${findings.length} differences${fix ? '' : ' (run with --fix to repair)'}`,
  );
  await connection.close();
  await pool.end();
  process.exit(findings.length > 0 && !fix ? 1 : 0);
}
