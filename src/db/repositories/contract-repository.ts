import { and, asc, desc, eq, inArray, isNotNull, ne, type SQL, sql } from 'drizzle-orm';
import {
  COMMUNITY_SIGNER_ROLES,
  LIVE_CONTRACT_STATUSES,
  ORGANIZATION_SIGNER_ROLES,
} from '../../domain/contract.js';
import type { TDbOrTx } from '../client.js';
import { executeNamed, executeNamedQuery } from '../prepared.js';
import {
  contractEvents,
  contractSignatures,
  contracts,
  contractTemplateOverrides,
  deals,
  fulfillmentEvents,
  fulfillmentItems,
  organizationMembers,
  organizationSigners,
  users,
} from '../schema/index.js';

export type TContractRow = typeof contracts.$inferSelect;
export type TDealRow = typeof deals.$inferSelect;

export async function findContract(db: TDbOrTx, contractId: string, forUpdate = false) {
  const query = db.select().from(contracts).where(eq(contracts.id, contractId)).limit(1);
  const [row] = await executeNamedQuery('contract', forUpdate ? query.for('update') : query);
  return row;
}

/** The contract whose sealed PDF has this SHA-256, if any. */
export async function findContractIdBySealedSha256(db: TDbOrTx, sha256: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(isNotNull(contracts.sealedSha256), eq(contracts.sealedSha256, sha256)));
  return row?.id;
}

/** A contract with its deal (parties, amount, request), or undefined. */
export async function findContractWithDeal(db: TDbOrTx, contractId: string) {
  const [row] = await executeNamedQuery(
    'contract_with_deal',
    db
      .select({ contract: contracts, deal: deals })
      .from(contracts)
      .innerJoin(deals, eq(deals.id, contracts.dealId))
      .where(eq(contracts.id, contractId))
      .limit(1),
  );
  return row;
}

export async function findDeal(db: TDbOrTx, dealId: string, forUpdate = false) {
  const query = db.select().from(deals).where(eq(deals.id, dealId)).limit(1);
  const [row] = await executeNamedQuery('deal', forUpdate ? query.for('update') : query);
  return row;
}

/** The deal's live contract (Draft, PendingSignature, Signed, Completed or Disputed), if any. */
export async function findLiveContractOfDeal(db: TDbOrTx, dealId: string) {
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.dealId, dealId), inArray(contracts.status, [...LIVE_CONTRACT_STATUSES])))
    .limit(1);
  return row;
}

/** The deal's current contract: the live one, otherwise the latest (cancelled or expired) one. */
export async function currentContractIdOfDeal(db: TDbOrTx, dealId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.dealId, dealId))
    .orderBy(
      sql`case when ${contracts.status} in ('Cancelled', 'Expired') then 1 else 0 end`,
      desc(contracts.createdAt),
    )
    .limit(1);
  return row?.id ?? null;
}

/**
 * Inserts a Draft contract unless the row exists (a retry) or the deal already has another live contract (the
 * partial unique index decides). Returns the contract that is the deal's live one and whether this call created it.
 */
export async function insertContractIfNone(
  tx: TDbOrTx,
  values: { id: string; dealId: string; createdBy: string | null },
): Promise<{ contract: TContractRow; created: boolean }> {
  const [inserted] = await executeNamedQuery(
    'insert_contract',
    tx.insert(contracts).values(values).onConflictDoNothing().returning(),
  );
  if (inserted) return { contract: inserted, created: true };
  const mine = await findContract(tx, values.id);
  if (mine) return { contract: mine, created: false };
  const live = await findLiveContractOfDeal(tx, values.dealId);
  if (!live) throw new Error(`contract ${values.id} was neither inserted nor found`);
  return { contract: live, created: false };
}

/** One timeline/evidence row; false when its idempotency key was recorded before (a retried step). */
export async function insertContractEvent(
  tx: TDbOrTx,
  values: typeof contractEvents.$inferInsert,
): Promise<boolean> {
  const inserted = await executeNamedQuery(
    'contract_event',
    tx.insert(contractEvents).values(values).onConflictDoNothing().returning({ id: contractEvents.id }),
  );
  return inserted.length > 0;
}

export async function listContractEvents(db: TDbOrTx, contractId: string) {
  return db
    .select()
    .from(contractEvents)
    .where(eq(contractEvents.contractId, contractId))
    .orderBy(asc(contractEvents.id));
}

export async function listSignatures(db: TDbOrTx, contractId: string) {
  return db
    .select()
    .from(contractSignatures)
    .where(eq(contractSignatures.contractId, contractId))
    .orderBy(asc(contractSignatures.signedAt));
}

export async function isDelegatedSigner(db: TDbOrTx, organizationId: string, userId: string) {
  const [row] = await db
    .select({ userId: organizationSigners.userId })
    .from(organizationSigners)
    .where(
      and(eq(organizationSigners.organizationId, organizationId), eq(organizationSigners.userId, userId)),
    )
    .limit(1);
  return Boolean(row);
}

/** What a contract's PDF states about its parties and event (see contractPartiesSnapshot). */
export type TContractParties = Awaited<ReturnType<typeof contractPartiesSnapshot>>;
type TRawParties = {
  community: { id: string; name: string } | null;
  organization: { id: string; legalName: string | null; displayName: string } | null;
  event: { title: string; startsAt: string; endsAt: string } | null;
  signers: { side: 'community' | 'organization'; name: string; role: string }[];
};

/**
 * The columns community, organization, event and signers of contractPartiesSnapshot for the deal's parties given as
 * SQL (parameters, or the columns of a deal row when a bigger statement reads them with the deal).
 */
export function contractPartiesColumns(deal: { communityId: SQL; organizationId: SQL; eventId: SQL }): SQL {
  return sql`
      (select json_build_object('id', id, 'name', name) from communities where id = ${deal.communityId})
        as community,
      (select json_build_object('id', id, 'legalName', legal_name, 'displayName', display_name) from organizations
        where id = ${deal.organizationId}) as organization,
      (select json_build_object('title', title, 'startsAt', starts_at, 'endsAt', ends_at) from events
        where id = ${deal.eventId}) as event,
      -- The people who may sign for each side, by name and role (delegated organization signers included).
      (select coalesce(json_agg(s order by s.side, s.name), '[]'::json) from (
        select 'community' as side, u.name, m.role from community_members m join users u on u.id = m.user_id
        where m.community_id = ${deal.communityId} and m.status = 'Active'
          and m.role in ${[...COMMUNITY_SIGNER_ROLES]}
        union
        select 'organization', u.name, m.role from organization_members m join users u on u.id = m.user_id
        where m.organization_id = ${deal.organizationId} and m.status = 'active'
          and (m.role in ${[...ORGANIZATION_SIGNER_ROLES]}
            or exists (select 1 from organization_signers s
                       where s.organization_id = m.organization_id and s.user_id = m.user_id))) s) as signers`;
}

/** The parties from the columns of contractPartiesColumns. */
export function contractPartiesOf(row: TRawParties) {
  return {
    community: row.community ?? undefined,
    organization: row.organization ?? undefined,
    event: row.event
      ? {
          title: row.event.title,
          startsAt: new Date(row.event.startsAt),
          endsAt: new Date(row.event.endsAt),
        }
      : undefined,
    signers: row.signers,
  };
}

/** What the contract states about its parties and event, read when it is generated: one statement (four before). */
export async function contractPartiesSnapshot(
  db: TDbOrTx,
  deal: { communityId: string; organizationId: string; eventId: string | null },
) {
  const { rows } = await executeNamed<TRawParties>(
    db,
    'contract_parties',
    sql`select ${contractPartiesColumns({
      communityId: sql`${deal.communityId}::uuid`,
      organizationId: sql`${deal.organizationId}::uuid`,
      eventId: sql`${deal.eventId}::uuid`,
    })}`,
  );
  return contractPartiesOf(rows[0]!);
}

export async function findTemplateOverride(db: TDbOrTx, communityId: string) {
  const [row] = await executeNamedQuery(
    'template_override',
    db.select().from(contractTemplateOverrides).where(eq(contractTemplateOverrides.communityId, communityId)),
  );
  return row;
}

/** The members an organization's admin delegated to sign its contracts, with their names. */
export async function listOrganizationSigners(db: TDbOrTx, organizationId: string) {
  return db
    .select({
      userId: organizationSigners.userId,
      name: users.name,
      role: organizationMembers.role,
      delegatedBy: organizationSigners.delegatedBy,
      createdAt: organizationSigners.createdAt,
    })
    .from(organizationSigners)
    .innerJoin(users, eq(users.id, organizationSigners.userId))
    .leftJoin(
      organizationMembers,
      and(
        eq(organizationMembers.organizationId, organizationSigners.organizationId),
        eq(organizationMembers.userId, organizationSigners.userId),
      ),
    )
    .where(eq(organizationSigners.organizationId, organizationId))
    .orderBy(asc(organizationSigners.createdAt));
}

/** An active member of the organization, or undefined. */
export async function findActiveOrganizationMember(db: TDbOrTx, organizationId: string, userId: string) {
  const [row] = await db
    .select({ userId: organizationMembers.userId, role: organizationMembers.role })
    .from(organizationMembers)
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.userId, userId),
        eq(organizationMembers.status, 'active'),
      ),
    );
  return row;
}

/** Delegates signing; false when the member was a delegated signer already. */
export async function addOrganizationSigner(
  tx: TDbOrTx,
  values: { organizationId: string; userId: string; delegatedBy: string },
): Promise<boolean> {
  const inserted = await tx
    .insert(organizationSigners)
    .values(values)
    .onConflictDoNothing()
    .returning({ userId: organizationSigners.userId });
  return inserted.length > 0;
}

/** Withdraws a delegation; false when there was none. */
export async function removeOrganizationSigner(tx: TDbOrTx, organizationId: string, userId: string) {
  const removed = await tx
    .delete(organizationSigners)
    .where(
      and(eq(organizationSigners.organizationId, organizationId), eq(organizationSigners.userId, userId)),
    )
    .returning({ userId: organizationSigners.userId });
  return removed.length > 0;
}

/**
 * Moves a contract on from `fromStatus` with the given fields (the caller sets updatedAt); the row after, or
 * undefined when the contract was no longer in that status (cancelled meanwhile, or an earlier attempt moved it).
 */
export async function moveContractFrom(
  tx: TDbOrTx,
  contractId: string,
  fromStatus: TContractRow['status'],
  values: Partial<typeof contracts.$inferInsert>,
): Promise<TContractRow | undefined> {
  const [row] = await executeNamedQuery(
    'move_contract',
    tx
      .update(contracts)
      .set(values)
      .where(and(eq(contracts.id, contractId), eq(contracts.status, fromStatus)))
      .returning(),
  );
  return row;
}

/** A contract's signing deadline passed unsigned (in the caller's transaction, row locked before). */
export async function markContractExpired(tx: TDbOrTx, contractId: string) {
  await tx
    .update(contracts)
    .set({ status: 'Expired', updatedAt: new Date() })
    .where(eq(contracts.id, contractId));
}

/** The deal waits for a contract again: Accepted (unless it already is). */
export async function reopenDealForContract(tx: TDbOrTx, dealId: string) {
  await tx
    .update(deals)
    .set({ status: 'Accepted', updatedAt: new Date() })
    .where(and(eq(deals.id, dealId), ne(deals.status, 'Accepted')));
}

/** The deal's contract is signed: the deal is Contracted. */
export async function markDealContracted(tx: TDbOrTx, dealId: string) {
  await tx.update(deals).set({ status: 'Contracted', updatedAt: new Date() }).where(eq(deals.id, dealId));
}

/** Records a party's signature; undefined when that side had signed before (a retried step). */
export async function insertSignatureIfNew(tx: TDbOrTx, values: typeof contractSignatures.$inferInsert) {
  const [row] = await tx.insert(contractSignatures).values(values).onConflictDoNothing().returning();
  return row;
}

/** One side's signature of a contract. */
export async function findSignature(tx: TDbOrTx, contractId: string, side: 'community' | 'organization') {
  const [row] = await tx
    .select()
    .from(contractSignatures)
    .where(and(eq(contractSignatures.contractId, contractId), eq(contractSignatures.side, side)));
  return row;
}

/** A contract's id and status, locked (a payment's dispute moves it between Signed and Disputed). */
export async function lockContractStatus(tx: TDbOrTx, contractId: string) {
  const [row] = await tx
    .select({ id: contracts.id, status: contracts.status })
    .from(contracts)
    .where(eq(contracts.id, contractId))
    .for('update');
  return row;
}

export async function setContractStatus(tx: TDbOrTx, contractId: string, status: TContractRow['status']) {
  await tx.update(contracts).set({ status, updatedAt: new Date() }).where(eq(contracts.id, contractId));
}

/** A Signed contract becomes Completed; false when it is not Signed (a Disputed one keeps its status). */
export async function completeSignedContract(tx: TDbOrTx, contractId: string): Promise<boolean> {
  const [row] = await tx
    .update(contracts)
    .set({ status: 'Completed', updatedAt: new Date() })
    .where(and(eq(contracts.id, contractId), inArray(contracts.status, ['Signed'])))
    .returning({ id: contracts.id });
  return Boolean(row);
}

/** A signed contract cancelled by agreement: its status and reason (in the caller's transaction, row locked before). */
export async function markContractCancelled(tx: TDbOrTx, contractId: string, reason: string) {
  await tx
    .update(contracts)
    .set({ status: 'Cancelled', cancelReason: reason, updatedAt: new Date() })
    .where(eq(contracts.id, contractId));
}

/**
 * The deal's benefit items not yet Verified (nor Waived) become Waived, each with its fulfillment timeline entry keyed
 * by `keyPrefix` + item (a retried step waives nothing twice). Returns how many were waived.
 */
export async function waiveOpenItemsOfDeal(
  tx: TDbOrTx,
  dealId: string,
  keyPrefix: string,
  actor: { userId: string; side: 'community' | 'organization' },
  reason: string,
): Promise<number> {
  const open = await tx
    .select({ id: fulfillmentItems.id, status: fulfillmentItems.status })
    .from(fulfillmentItems)
    .where(
      and(eq(fulfillmentItems.dealId, dealId), sql`${fulfillmentItems.status} not in ('Verified', 'Waived')`),
    )
    .for('update');
  if (open.length === 0) return 0;
  const now = new Date();
  await tx
    .update(fulfillmentItems)
    .set({ status: 'Waived', waivedBy: ['community', 'organization'], waivedAt: now, updatedAt: now })
    .where(
      inArray(
        fulfillmentItems.id,
        open.map((i) => i.id),
      ),
    );
  await tx
    .insert(fulfillmentEvents)
    .values(
      open.map((i) => ({
        dealId,
        itemId: i.id,
        idempotencyKey: `${keyPrefix}:${i.id}`,
        type: 'waived',
        actorUserId: actor.userId,
        actorSide: actor.side,
        fromStatus: i.status,
        toStatus: 'Waived' as const,
        detail: { reason: `the contract was cancelled by agreement of both parties: ${reason}` },
      })),
    )
    .onConflictDoNothing();
  return open.length;
}
