// The lifecycle floor's API: served like ours (Hono on @hono/node-server, one process, the same Temporal client), with
// each route of a deal reduced to the Temporal calls ours makes, with the same arguments and options: the negotiation's
// start (summary, details, search attributes, id policies), the accept Update and the two reputation signal-with-starts
// after it, the contract's sign Updates, the Stripe event's signal, the escrow's command Updates. No session, validation,
// database, webhook signature or audit: that is what the benchmark compares against this floor. The routes ours answers
// from Postgres alone (GET /contracts/:id, POST /payments) answer here from the request.
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import { Hono } from 'hono';
import { requestReputationRefresh } from '../../src/api/reputation/reputation-refresh.js';
import { signalOf } from '../../src/api/stripe/receive-stripe-event.js';
import { loadConfig } from '../../src/config.js';
import type { TEscrowActor } from '../../src/domain/escrow.js';
import type { TPartyStanding } from '../../src/domain/negotiation.js';
import { negotiationSummary } from '../../src/domain/ops-view.js';
import {
  SA_AMOUNT_MINOR,
  SA_COMMUNITY_ID,
  SA_CURRENCY,
  SA_ORGANIZATION_ID,
  SA_STATUS,
  SA_WAITING_ON,
  SA_WAITING_SINCE,
} from '../../src/domain/search-attributes.js';
import { connectTemporal } from '../../src/infra/temporal-client.js';
import { logger } from '../../src/logger.js';
import { contractWorkflowId, signUpdate } from '../../src/workflows/contract/contract.contract.js';
import {
  escrowCommandUpdate,
  escrowWorkflowId,
  stripeEventSignal,
} from '../../src/workflows/escrow/escrow.contract.js';
import {
  acceptUpdate,
  NEGOTIATION_WORKFLOW,
  negotiationWorkflowId,
  type TNegotiationInput,
} from '../../src/workflows/negotiation/negotiation.contract.js';
import { LIFECYCLE_FLOOR_TASK_QUEUE } from './lifecycle-noop-activities.js';

const config = loadConfig({
  ...process.env,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
  ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 7).toString('base64')}`,
  STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_bench_servers',
  TEMPORAL_TASK_QUEUE: LIFECYCLE_FLOOR_TASK_QUEUE,
});
const temporal = await connectTemporal(process.env.TEMPORAL_ADDRESS!, config.TEMPORAL_NAMESPACE);
const deps = { temporal, config, logger };
const app = new Hono();

type TOpen = {
  communityId: string;
  organizationId: string;
  eventId: string;
  proposal: { amountMinor: number; currency: string; category: string };
};
/** What ours reads from Postgres per request (parties, sides, standing), kept here from the request's opening. */
const requests = new Map<string, TOpen>();
const parties = { community: 'Floor Community', organization: 'Floor Sponsor', event: 'Floor Event' };
const standing: TPartyStanding = {
  community: { name: parties.community, status: 'active' },
  organization: { name: parties.organization, status: 'Active' },
};
const userOf = (c: { req: { header(name: string): string | undefined } }) =>
  c.req.header('authorization')?.slice('Bearer '.length) ?? 'anonymous';

app.post('/api/v1/requests', async (c) => {
  const body = (await c.req.json()) as TOpen;
  const id = randomUUID();
  requests.set(id, body);
  const createdAt = new Date();
  const deadline = new Date(Date.now() + config.NEGOTIATION_RESPONSE_WINDOW);
  const opened = { amountMinor: body.proposal.amountMinor, currency: body.proposal.currency };
  await temporal.workflow.start(NEGOTIATION_WORKFLOW, {
    workflowId: negotiationWorkflowId(id),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [
      {
        requestId: id,
        initiator: 'community',
        deadlineAt: deadline.getTime(),
        reminderOffsetsMs: config.NEGOTIATION_REMINDERS,
        counterLimit: { max: config.COUNTER_OFFERS_PER_WINDOW, windowMs: config.COUNTER_OFFER_WINDOW },
        webhookRetryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
        ops: { parties, ...opened },
      } satisfies TNegotiationInput,
    ],
    staticSummary: negotiationSummary(parties, { ...opened, category: body.proposal.category }),
    staticDetails: `Sponsorship request ${id}, opened by the community. API: GET /api/v1/requests/${id}`,
    typedSearchAttributes: [
      { key: SA_COMMUNITY_ID, value: body.communityId },
      { key: SA_ORGANIZATION_ID, value: body.organizationId },
      { key: SA_STATUS, value: 'Pending' },
      { key: SA_WAITING_ON, value: 'organization' },
      { key: SA_WAITING_SINCE, value: createdAt },
      { key: SA_AMOUNT_MINOR, value: opened.amountMinor },
      { key: SA_CURRENCY, value: opened.currency },
    ],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  });
  return c.json({ success: true, data: { id, status: 'Pending', currentRevision: 1 } }, 201);
});

app.patch('/api/v1/requests/:id/accept', async (c) => {
  const id = c.req.param('id');
  const body = (await c.req.json()) as { revision: number };
  const request = requests.get(id)!;
  const view = await temporal.workflow.getHandle(negotiationWorkflowId(id)).executeUpdate(acceptUpdate, {
    args: [{ by: 'organization', actorUserId: userOf(c), revision: body.revision, standing }],
  });
  await requestReputationRefresh(deps, [
    { type: 'community', id: request.communityId },
    { type: 'organization', id: request.organizationId },
  ]);
  requests.delete(id);
  return c.json({ success: true, data: { id, ...view } });
});

app.get('/api/v1/contracts/:id', (c) => c.json({ success: true, data: { id: c.req.param('id') } }));

app.post('/api/v1/contracts/:id/sign', async (c) => {
  const body = (await c.req.json()) as { documentSha256: string; fullName: string };
  const side = body.fullName === 'Organizer' ? 'community' : 'organization';
  const signature = await temporal.workflow
    .getHandle(contractWorkflowId(c.req.param('id')))
    .executeUpdate(signUpdate, {
      args: [
        {
          side,
          userId: userOf(c),
          fullName: body.fullName,
          documentSha256: body.documentSha256,
          ip: '127.0.0.1',
          userAgent: (c.req.header('user-agent') ?? 'unknown').slice(0, 500),
          sessionId: userOf(c),
        },
      ],
    });
  return c.json({ success: true, data: signature });
});

app.post('/api/v1/payments', async (c) => c.json({ success: true, data: await c.req.json() }));

app.post('/api/v1/stripe/webhook', async (c) => {
  const event = JSON.parse(await c.req.text()) as Parameters<typeof signalOf>[0] & {
    data: { object: { metadata: { paymentId: string } } };
  };
  await temporal.workflow
    .getHandle(escrowWorkflowId(event.data.object.metadata.paymentId))
    .signal(stripeEventSignal, signalOf(event));
  return c.json({ success: true, data: { received: true } });
});

const party = (side: 'community' | 'organization', userId: string): TEscrowActor => ({
  kind: 'party',
  side,
  userId,
  mayRequest: side === 'community',
  mayApprove: side === 'organization',
});
app.post('/api/v1/payments/:paymentId/milestones/:milestoneId/release-request', async (c) => {
  const body = (await c.req.json()) as { note: string; proofUrl?: string };
  const view = await temporal.workflow
    .getHandle(escrowWorkflowId(c.req.param('paymentId')))
    .executeUpdate(escrowCommandUpdate, {
      args: [
        {
          actor: party('community', userOf(c)),
          action: {
            type: 'request_release',
            milestoneId: c.req.param('milestoneId'),
            amountMinor: null,
            note: body.note,
            proofUrl: body.proofUrl ?? null,
          },
          requestId: randomUUID(),
        },
      ],
    });
  return c.json({ success: true, data: { id: view.paymentId, status: view.status } });
});
app.post('/api/v1/payments/:paymentId/milestones/:milestoneId/approve', async (c) => {
  const view = await temporal.workflow
    .getHandle(escrowWorkflowId(c.req.param('paymentId')))
    .executeUpdate(escrowCommandUpdate, {
      args: [
        {
          actor: party('organization', userOf(c)),
          action: { type: 'approve', milestoneId: c.req.param('milestoneId') },
          requestId: randomUUID(),
        },
      ],
    });
  return c.json({ success: true, data: { id: view.paymentId, status: view.status } });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  console.log(`READY http://127.0.0.1:${info.port}`),
);
process.on('SIGTERM', () => server.close(() => void temporal.connection.close().then(() => process.exit(0))));
