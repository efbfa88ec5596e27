import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { TTemplateOverride } from '../../domain/contract-template.js';
import type { TDbOrTx } from '../client.js';
import { executeNamed } from '../prepared.js';
import { contracts, deals } from '../schema/index.js';
import {
  contractPartiesColumns,
  contractPartiesOf,
  type TContractParties,
  type TContractRow,
  type TDealRow,
} from './contract-repository.js';
import { sideEmailsInsert, type TSideEmail } from './negotiation-repository.js';

/** The column's name in Postgres (createDb's drizzle maps keys to snake_case, as the dialect of executeNamed does). */
const dbName = (c: PgColumn) => (c.keyAsName ? toSnakeCase(c.name) : c.name);

/** A table's columns selected from `alias` as `<prefix><column>`, so two tables' rows share one result row. */
function prefixedColumns(table: PgTable, alias: string, prefix: string): SQL {
  return sql.join(
    Object.values(getTableColumns(table)).map(
      (c) =>
        sql`${sql.identifier(alias)}.${sql.identifier(dbName(c))} as ${sql.identifier(prefix + dbName(c))}`,
    ),
    sql`, `,
  );
}

/** The row drizzle's own select would answer, read back from prefixedColumns' result (same driver mapping). */
function rowOf<T>(table: PgTable, prefix: string, raw: Record<string, unknown>): T {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, PgColumn][]) {
    const value = raw[prefix + dbName(column)];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T;
}

const dealColumns = prefixedColumns(deals, 'd', 'd_');
const contractColumns = prefixedColumns(contracts, 'c', 'c_');

/**
 * Opens a new contract's Draft in ONE statement (the transaction of five round trips it replaces: lock the deal,
 * insert the contract unless there is one, its `created` event, its audit row): the deal is locked, the Draft is
 * inserted only when the deal is Accepted (doing nothing on a conflict: this contract's row from an earlier attempt,
 * or another live contract of the deal under the partial unique index), and its event and audit row are written only
 * from the inserted row. Returns the contract and deal rows when this call created the Draft; otherwise undefined and
 * nothing was written: the caller then answers from the rows as they are (a retry, a re-run, a superseded contract,
 * a deal no longer Accepted), in its own statements, since this statement's snapshot may not show a row that a
 * concurrent opener committed while it waited for the deal's lock.
 */
export async function insertDraftContractWithEvents(
  db: TDbOrTx,
  input: { contractId: string; dealId: string; actorUserId: string | null },
): Promise<
  | {
      contract: TContractRow;
      deal: TDealRow;
      /** What its document is rendered from, read in the same statement (two statements after it before). */
      document: {
        override: { version: number; fields: TTemplateOverride } | undefined;
        parties: TContractParties;
      };
    }
  | undefined
> {
  const { rows } = await executeNamed<Record<string, unknown>>(
    db,
    'open_contract',
    sql`
    with d as (
      select * from deals where id = ${input.dealId}::uuid for update
    ), c as (
      insert into contracts (id, deal_id, created_by)
      select ${input.contractId}::uuid, d.id, ${input.actorUserId}::uuid from d where d.status = 'Accepted'
      on conflict do nothing
      returning *
    ), ev as (
      insert into contract_events (contract_id, idempotency_key, type, actor_user_id, to_status, detail)
      select c.id, c.id::text || ':created', 'created', ${input.actorUserId}::uuid, 'Draft',
        jsonb_build_object('dealId', c.deal_id)
      from c
      on conflict do nothing
    ), au as (
      insert into audit_log (actor_user_id, actor_type, action, entity_type, entity_id, "before", "after", reason,
        request_id)
      select ${input.actorUserId}::uuid, ${input.actorUserId ? 'user' : 'system'}, 'contract.created',
        'contract', c.id::text, null, jsonb_build_object('dealId', c.deal_id, 'status', 'Draft'), null, null
      from c
    )
    select ${contractColumns}, ${dealColumns},
      (select json_build_object('version', o.version, 'fields', o.fields) from contract_template_overrides o
        where o.community_id = d.community_id) as template_override,
      ${contractPartiesColumns({ communityId: sql`d.community_id`, organizationId: sql`d.organization_id`, eventId: sql`d.event_id` })}
    from c join d on d.id = c.deal_id`,
  );
  const raw = rows[0];
  if (!raw) return undefined;
  const override = raw.template_override as { version: number; fields: TTemplateOverride } | null;
  return {
    contract: rowOf<TContractRow>(contracts, 'c_', raw),
    deal: rowOf<TDealRow>(deals, 'd_', raw),
    document: {
      override: override ?? undefined,
      parties: contractPartiesOf(raw as Parameters<typeof contractPartiesOf>[0]),
    },
  };
}

/**
 * Records a rendered Draft's document in ONE statement (three in the transaction before): the contract moves from
 * Draft to PendingSignature with the template's settings and its document, and only when it moved, its `generated`
 * event and audit row are written from the moved row. Returns the row after, or undefined when the contract was no
 * longer a Draft (cancelled while rendered, or generated by an earlier attempt): then nothing was written.
 */
export async function moveDraftToPendingSignature(
  db: TDbOrTx,
  input: {
    contractId: string;
    templateVersion: string;
    milestones: TContractRow['milestones'];
    sequential: boolean;
    signingOrder: TContractRow['signingOrder'];
    documentKey: string;
    documentSha256: string;
    deadline: Date;
    updatedAt: Date;
    /** The emails of the move (to the request's negotiators), queued in the same statement when it moved. */
    emails: { requestId: string; emails: TSideEmail[] };
  },
): Promise<TContractRow | undefined> {
  const { rows } = await executeNamed<Record<string, unknown>>(
    db,
    'generated_contract',
    sql`
    with c as (
      update contracts set status = 'PendingSignature', template_version = ${input.templateVersion},
        milestones = ${input.milestones === null ? null : JSON.stringify(input.milestones)}::jsonb, sequential = ${input.sequential},
        signing_order = ${sql.param(input.signingOrder)}::text[], document_key = ${input.documentKey},
        document_sha256 = ${input.documentSha256}, deadline = ${input.deadline.toISOString()}::timestamptz,
        updated_at = ${input.updatedAt.toISOString()}::timestamptz
      where id = ${input.contractId}::uuid and status = 'Draft'
      returning *
    ), ev as (
      insert into contract_events (contract_id, idempotency_key, type, from_status, to_status, document_sha256,
        detail)
      select c.id, c.id::text || ':generated', 'generated', 'Draft', 'PendingSignature', c.document_sha256,
        jsonb_build_object('templateVersion', c.template_version, 'deadline', ${input.deadline.toISOString()}::text)
      from c
      on conflict do nothing
    ), au as (
      insert into audit_log (actor_user_id, actor_type, action, entity_type, entity_id, "before", "after")
      select null, 'system', 'contract.generated', 'contract', c.id::text, '{"status": "Draft"}'::jsonb,
        jsonb_build_object('status', 'PendingSignature', 'documentSha256', c.document_sha256, 'templateVersion',
          c.template_version)
      from c
    ), mailed as (${sideEmailsInsert(input.emails.requestId, input.emails.emails, sql`exists (select 1 from c)`)})
    select ${contractColumns} from c`,
  );
  const raw = rows[0];
  return raw ? rowOf<TContractRow>(contracts, 'c_', raw) : undefined;
}
