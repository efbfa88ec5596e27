// The "required" floor's API (bench/negotiation.bench.ts): the no-op floor's API (bench/floor/api-server.ts) plus the
// work each step cannot skip, done as cheaply as it can be: one Postgres transaction of bare, prepared SQL that
// authenticates the caller (their session and their side of the request), checks the turn and the revision under the
// request's row lock, and commits the step (the request, its revision, a deal and its contract at acceptance, an audit
// row), durable before the step is answered; then the workflow's start or Update, with the static summary and search
// attributes ops read; and at acceptance the contract's workflow. No validation library, no rate limits,
// notifications, webhooks, reputation, document or reconciliation: those are ours only, so the required floor is a
// lower bound of what a correct negotiation costs.
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
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 30 });
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

type TSide = 'community' | 'organization';
type TProposal = { amountMinor: number; currency: string; category: string };
class Refused extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** One transaction on one connection; a refusal rolls it back and becomes the answer. */
async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}
// Named: each connection parses a statement once (ours names its hot statements too, src/db/prepared.ts).
const INSERT_REVISION = {
  name: 'required-revision',
  text: `insert into bench_required.revisions (request_id, revision, author, amount_minor, currency, proposal)
         values ($1, $2, $3, $4, $5, $6)`,
};
const INSERT_AUDIT = {
  name: 'required-audit',
  text: `insert into bench_required.audit (actor_user_id, action, subject_id, detail) values ($1, $2, $3, $4)`,
};
const tokenHash = (c: Context) => sha256Hex((c.req.header('authorization') ?? '').replace(/^Bearer /, ''));
const refused = (c: Context, err: unknown) => {
  if (!(err instanceof Refused)) throw err;
  return c.json({ success: false, error: { message: err.message } }, err.status);
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
  try {
    await inTransaction(async (client) => {
      const { rows } = await client.query<{ user_id: string }>({
        name: 'required-organizer',
        text: `select s.user_id from sessions s join community_members m on m.user_id = s.user_id
               where s.token_hash = $1 and s.expires_at > now() and s.revoked_at is null
                 and m.community_id = $2 and m.status = 'Active'`,
        values: [tokenHash(c), body.communityId],
      });
      if (!rows[0]) throw new Refused(403, 'not an organizer of this community');
      await client.query({
        name: 'required-open',
        text: `insert into bench_required.requests
                 (id, community_id, organization_id, event_id, initiator, status, current_revision, current_author)
               values ($1, $2, $3, $4, 'community', 'Pending', 1, 'community')`,
        values: [id, body.communityId, body.organizationId, body.eventId],
      });
      await client.query({
        ...INSERT_REVISION,
        values: [id, 1, 'community', body.proposal.amountMinor, body.proposal.currency, body.proposal],
      });
      await client.query({
        ...INSERT_AUDIT,
        values: [rows[0].user_id, 'request.opened', id, { revision: 1 }],
      });
    });
  } catch (err) {
    return refused(c, err);
  }
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

/** Under the request's row lock: the caller's side, refused unless it is their turn on the current revision. */
async function lockTurn(client: pg.PoolClient, c: Context, revision: number) {
  const { rows } = await client.query<{
    user_id: string;
    side: TSide | null;
    status: string;
    current_revision: number;
    current_author: TSide;
    organization_id: string;
  }>({
    name: 'required-lock',
    text: `select s.user_id, r.status, r.current_revision, r.current_author, r.organization_id,
             case when exists (select 1 from organization_members m where m.user_id = s.user_id
                                 and m.organization_id = r.organization_id and m.status = 'active') then 'organization'
                  when exists (select 1 from community_members m where m.user_id = s.user_id
                                 and m.community_id = r.community_id and m.status = 'Active') then 'community' end as side
           from bench_required.requests r, sessions s
           where r.id = $1 and s.token_hash = $2 and s.expires_at > now() and s.revoked_at is null
           for update of r`,
    values: [c.req.param('id'), tokenHash(c)],
  });
  const row = rows[0];
  if (!row) throw new Refused(404, 'no such request');
  if (!row.side) throw new Refused(403, 'not a party to this request');
  if (row.status !== 'Pending' && row.status !== 'Negotiation')
    throw new Refused(409, `the request is ${row.status}`);
  if (row.current_author === row.side) throw new Refused(409, 'waiting on the other side');
  if (row.current_revision !== revision)
    throw new Refused(409, `revision ${row.current_revision} is current`);
  return { userId: row.user_id, side: row.side };
}

app.patch('/api/v1/requests/:id/negotiate', async (c) => {
  const body = (await c.req.json()) as { inReplyToRevision: number; proposal: TProposal };
  const id = c.req.param('id');
  const revision = body.inReplyToRevision + 1;
  let side: TSide;
  try {
    side = await inTransaction(async (client) => {
      const turn = await lockTurn(client, c, body.inReplyToRevision);
      await client.query({
        name: 'required-counter',
        text: `update bench_required.requests
               set status = 'Negotiation', current_revision = $2, current_author = $3, updated_at = now() where id = $1`,
        values: [id, revision, turn.side],
      });
      await client.query({
        ...INSERT_REVISION,
        values: [id, revision, turn.side, body.proposal.amountMinor, body.proposal.currency, body.proposal],
      });
      await client.query({
        ...INSERT_AUDIT,
        values: [turn.userId, 'request.countered', id, { revision }],
      });
      return turn.side;
    });
  } catch (err) {
    return refused(c, err);
  }
  const view = await temporal.workflow
    .getHandle(`bench-required:${id}`)
    .executeUpdate(requiredCounterUpdate, {
      args: [
        { revision, author: side, amountMinor: body.proposal.amountMinor, currency: body.proposal.currency },
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
  let offer: { amountMinor: number; currency: string };
  try {
    offer = await inTransaction(async (client) => {
      const turn = await lockTurn(client, c, body.revision);
      await client.query({
        name: 'required-accept',
        text: `update bench_required.requests set status = 'Accepted', updated_at = now() where id = $1`,
        values: [id],
      });
      const { rows } = await client.query<{ amount_minor: string; currency: string }>({
        name: 'required-deal',
        text: `insert into bench_required.deals (id, request_id, amount_minor, currency)
               select $1, request_id, amount_minor, currency from bench_required.revisions
               where request_id = $2 and revision = $3
               returning amount_minor, currency`,
        values: [dealId, id, body.revision],
      });
      await client.query({
        name: 'required-contract',
        text: `insert into bench_required.contracts (id, deal_id, status, signature_deadline) values ($1, $2, 'Draft', $3)`,
        values: [contractId, dealId, signatureDeadline],
      });
      await client.query({
        ...INSERT_AUDIT,
        values: [turn.userId, 'request.accepted', id, { revision: body.revision, dealId, contractId }],
      });
      return { amountMinor: Number(rows[0]!.amount_minor), currency: rows[0]!.currency };
    });
  } catch (err) {
    return refused(c, err);
  }
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
