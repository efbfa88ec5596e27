// The "required" floor's API (bench/negotiation.bench.ts): the no-op floor's API (bench/floor/api-server.ts) plus the
// work each step cannot skip, done as cheaply as it can be: ONE prepared statement (atomic, durable on its own) that
// authenticates the caller (their session and their side of the request), moves the request only if it is open, their
// turn and the revision they answer is current (the UPDATE re-checks that under the row's lock), and writes the step
// (the request, its revision, a deal and its contract at acceptance, an audit row), committed before the step is
// answered; then the workflow's start or Update, with the static summary and search attributes ops read; and at
// acceptance the contract's workflow (started from here: only a process with a worker can start one eagerly, as ours
// does from its acceptance step). No validation library, no rate limits, notifications, webhooks, reputation, document,
// and no repair when the Update fails after the commit (ours re-runs or adopts such a step, see the negotiation's
// inDoubt and resync): those are ours only, so this is a lower bound of what a correct negotiation costs in this
// architecture (a workflow per negotiation and per contract, Postgres as the system of record).
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import pg from 'pg';
import {
  SA_AMOUNT_MINOR,
  SA_COMMUNITY_ID,
  SA_CURRENCY,
  SA_DEAL_ID,
  SA_ORGANIZATION_ID,
  SA_STATUS,
  SA_WAITING_ON,
  SA_WAITING_SINCE,
} from '../../src/domain/search-attributes.js';
import { sha256Hex } from '../../src/infra/secret-box.js';
import { connectTemporal } from '../../src/infra/temporal-client.js';
import {
  benchRequiredContractWorkflow,
  benchRequiredNegotiationWorkflow,
  REQUIRED_TASK_QUEUE,
  requiredAcceptUpdate,
  requiredCounterUpdate,
} from './required.workflow.js';

const DAY = 86_400_000;
// Connections are kept between phases (pg's default drops them after 10 s idle): the bench measures steps, not
// connection set-up.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 30, idleTimeoutMillis: 0 });
await pool.query(`
  create schema if not exists bench_required;
  create table if not exists bench_required.requests (
    id uuid primary key, community_id uuid not null, organization_id uuid not null, event_id uuid,
    initiator text not null, status text not null, current_revision int not null, current_author text not null,
    created_at timestamptz not null default now(), updated_at timestamptz not null default now());
  create unique index if not exists requests_open_uq on bench_required.requests (community_id, organization_id, event_id)
    where status in ('Pending', 'Negotiation');
  create table if not exists bench_required.revisions (
    request_id uuid not null references bench_required.requests, revision int not null, author text not null,
    amount_minor bigint not null, currency text not null, proposal jsonb not null,
    created_at timestamptz not null default now(), primary key (request_id, revision));
  create table if not exists bench_required.deals (
    id uuid primary key, request_id uuid not null unique references bench_required.requests,
    amount_minor bigint not null, currency text not null, created_at timestamptz not null default now());
  create table if not exists bench_required.contracts (
    id uuid primary key, deal_id uuid not null unique references bench_required.deals, status text not null,
    signature_deadline timestamptz not null, created_at timestamptz not null default now());
  create table if not exists bench_required.audit (
    id bigserial primary key, actor_user_id uuid not null, action text not null, subject_id uuid not null,
    detail jsonb not null, at timestamptz not null default now());`);

const temporal = await connectTemporal(
  process.env.TEMPORAL_ADDRESS!,
  process.env.TEMPORAL_NAMESPACE ?? 'default',
);
const app = new Hono();

type TProposal = { amountMinor: number; currency: string; category: string };
const tokenHash = (c: Context) => sha256Hex((c.req.header('authorization') ?? '').replace(/^Bearer /, ''));
const refused = (c: Context, status: 403 | 409, message: string) =>
  c.json({ success: false, error: { message } }, status);

// The caller's side of request $1 from their session ($2): null when they are neither party's active member.
const TURN = `turn as (
  select r.id, s.user_id,
         case when exists (select 1 from organization_members m where m.user_id = s.user_id
                             and m.organization_id = r.organization_id and m.status = 'active') then 'organization'
              when exists (select 1 from community_members m where m.user_id = s.user_id
                             and m.community_id = r.community_id and m.status = 'Active') then 'community' end as side
  from bench_required.requests r, sessions s
  where r.id = $1::uuid and s.token_hash = $2::text and s.expires_at > now() and s.revoked_at is null)`;
// Moves the request when it is open, the caller's turn and revision $3 current.
const MOVED = (set: string) => `moved as (
  update bench_required.requests r set ${set}, updated_at = now() from turn t
  where r.id = t.id and t.side is not null and r.status in ('Pending', 'Negotiation')
    and r.current_author <> t.side and r.current_revision = $3::int
  returning r.id, t.user_id, t.side)`;

const OPEN = {
  name: 'required-open',
  text: `with who as (
           select s.user_id from sessions s join community_members m on m.user_id = s.user_id
           where s.token_hash = $1::text and s.expires_at > now() and s.revoked_at is null
             and m.community_id = $3::uuid and m.status = 'Active'),
         req as (
           insert into bench_required.requests
             (id, community_id, organization_id, event_id, initiator, status, current_revision, current_author)
           select $2::uuid, $3::uuid, $4::uuid, $5::uuid, 'community', 'Pending', 1, 'community' from who returning id),
         rev as (
           insert into bench_required.revisions (request_id, revision, author, amount_minor, currency, proposal)
           select id, 1, 'community', $6::bigint, $7::text, $8::jsonb from req),
         audit as (
           insert into bench_required.audit (actor_user_id, action, subject_id, detail)
           select who.user_id, 'request.opened', req.id, '{"revision": 1}' from who, req)
         select count(*)::int as opened from req`,
};
const COUNTER = {
  name: 'required-counter',
  text: `with ${TURN}, ${MOVED("status = 'Negotiation', current_revision = $3::int + 1, current_author = t.side")},
         rev as (
           insert into bench_required.revisions (request_id, revision, author, amount_minor, currency, proposal)
           select id, $3::int + 1, side, $4::bigint, $5::text, $6::jsonb from moved),
         audit as (
           insert into bench_required.audit (actor_user_id, action, subject_id, detail)
           select user_id, 'request.countered', id, json_build_object('revision', $3::int + 1) from moved)
         select side from moved`,
};
const ACCEPT = {
  name: 'required-accept',
  text: `with ${TURN}, ${MOVED("status = 'Accepted'")},
         deal as (
           insert into bench_required.deals (id, request_id, amount_minor, currency)
           select $4::uuid, v.request_id, v.amount_minor, v.currency
           from bench_required.revisions v join moved m on v.request_id = m.id where v.revision = $3::int
           returning id, amount_minor, currency),
         contract as (
           insert into bench_required.contracts (id, deal_id, status, signature_deadline)
           select $5::uuid, id, 'Draft', $6::timestamptz from deal),
         audit as (
           insert into bench_required.audit (actor_user_id, action, subject_id, detail)
           select user_id, 'request.accepted', id, json_build_object('revision', $3::int, 'dealId', $4::uuid, 'contractId', $5::uuid)
           from moved)
         select amount_minor, currency from deal`,
};

app.post('/api/v1/requests', async (c) => {
  const body = (await c.req.json()) as {
    communityId: string;
    organizationId: string;
    eventId: string;
    proposal: TProposal;
  };
  const id = randomUUID();
  const deadlineAt = Date.now() + 14 * DAY;
  const { rows } = await pool.query<{ opened: number }>({
    ...OPEN,
    values: [
      tokenHash(c),
      id,
      body.communityId,
      body.organizationId,
      body.eventId,
      body.proposal.amountMinor,
      body.proposal.currency,
      body.proposal,
    ],
  });
  if (rows[0]!.opened === 0) return refused(c, 403, 'not an organizer of this community');
  await temporal.workflow.start(benchRequiredNegotiationWorkflow, {
    workflowId: `bench-required:${id}`,
    taskQueue: REQUIRED_TASK_QUEUE,
    args: [{ initiator: 'community', deadlineAt }],
    staticSummary: `Bench → Sponsor: ${body.proposal.currency} ${body.proposal.amountMinor / 100} ${body.proposal.category}`,
    staticDetails: `Sponsorship request ${id}, opened by the community.`,
    typedSearchAttributes: [
      { key: SA_COMMUNITY_ID, value: body.communityId },
      { key: SA_ORGANIZATION_ID, value: body.organizationId },
      { key: SA_STATUS, value: 'Pending' },
      { key: SA_WAITING_ON, value: 'organization' },
      { key: SA_WAITING_SINCE, value: new Date() },
      { key: SA_AMOUNT_MINOR, value: body.proposal.amountMinor },
      { key: SA_CURRENCY, value: body.proposal.currency },
    ],
  });
  return c.json({ success: true, data: { id, status: 'Pending', currentRevision: 1 } }, 201);
});

// A refusal is diagnosed no further than this (the bench's calls are all in turn): a real API would read why.
const NOT_IN_TURN = 'not a party, not open, not your turn, or not the current revision';

app.patch('/api/v1/requests/:id/negotiate', async (c) => {
  const body = (await c.req.json()) as { inReplyToRevision: number; proposal: TProposal };
  const id = c.req.param('id');
  const { rows } = await pool.query<{ side: 'community' | 'organization' }>({
    ...COUNTER,
    values: [
      id,
      tokenHash(c),
      body.inReplyToRevision,
      body.proposal.amountMinor,
      body.proposal.currency,
      body.proposal,
    ],
  });
  if (!rows[0]) return refused(c, 409, NOT_IN_TURN);
  const view = await temporal.workflow
    .getHandle(`bench-required:${id}`)
    .executeUpdate(requiredCounterUpdate, {
      args: [
        {
          revision: body.inReplyToRevision + 1,
          author: rows[0].side,
          amountMinor: body.proposal.amountMinor,
          currency: body.proposal.currency,
        },
      ],
    });
  return c.json({ success: true, data: { id, ...view } });
});

app.patch('/api/v1/requests/:id/accept', async (c) => {
  const body = (await c.req.json()) as { revision: number };
  const id = c.req.param('id');
  const dealId = randomUUID();
  const contractId = randomUUID();
  const signatureDeadline = new Date(Date.now() + 30 * DAY);
  const { rows } = await pool.query<{ amount_minor: string; currency: string }>({
    ...ACCEPT,
    values: [id, tokenHash(c), body.revision, dealId, contractId, signatureDeadline],
  });
  if (!rows[0]) return refused(c, 409, NOT_IN_TURN);
  const offer = { amountMinor: Number(rows[0].amount_minor), currency: rows[0].currency };
  const view = await temporal.workflow
    .getHandle(`bench-required:${id}`)
    .executeUpdate(requiredAcceptUpdate, { args: [{ dealId }] });
  await temporal.workflow.start(benchRequiredContractWorkflow, {
    workflowId: `bench-required-contract:${contractId}`,
    taskQueue: REQUIRED_TASK_QUEUE,
    args: [{ deadlineAt: signatureDeadline.getTime() }],
    staticSummary: `Contract · Bench → Sponsor: ${offer.currency} ${offer.amountMinor / 100}`,
    staticDetails: `Contract ${contractId} of deal ${dealId}, request ${id}.`,
    typedSearchAttributes: [
      { key: SA_STATUS, value: 'Draft' },
      { key: SA_WAITING_ON, value: 'both' },
      { key: SA_WAITING_SINCE, value: new Date() },
      { key: SA_DEAL_ID, value: dealId },
      { key: SA_AMOUNT_MINOR, value: offer.amountMinor },
      { key: SA_CURRENCY, value: offer.currency },
    ],
  });
  return c.json({ success: true, data: { id, ...view } });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '0.0.0.0' }, (info) =>
  console.log(`READY http://localhost:${info.port}`),
);
process.on('SIGTERM', () =>
  server.close(() => void Promise.all([temporal.connection.close(), pool.end()]).then(() => process.exit(0))),
);
