import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../client.js';
import { executeNamed } from '../prepared.js';
import type { TReputationSubject } from '../../domain/reputation.js';

/** NOTIFYed (at commit) by every transaction that announces a reputation change; the refresher LISTENs on it. */
export const REPUTATION_CHANGES_CHANNEL = 'reputation_changes';

/**
 * Announces that these subjects' reputation inputs changed, inside the caller's transaction (the step that changed
 * them): the rows commit with the step or not at all, and the NOTIFY is delivered at commit. One statement.
 */
export async function announceReputationChanges(tx: TDbOrTx, subjects: TReputationSubject[]): Promise<void> {
  if (subjects.length === 0) return;
  await tx.execute(
    sql`with ${reputationChangesCtes(reputationSubjects(subjects))} select (select count(*) from rep_notified)`,
  );
}

/** Subjects known by id, as the (type, id) rows reputationChangesCtes takes. */
export const reputationSubjects = (subjects: TReputationSubject[]) =>
  sql`select t, i from unnest(${sql.param(subjects.map((s) => s.type))}::text[], ${sql.param(subjects.map((s) => s.id))}::uuid[]) as x(t, i)`;

/**
 * The same as CTEs for a step's own statement: `rep_added` (one row per (type, id) that `subjects` selects) and
 * `rep_notified` (NOTIFY when any row was added), which the statement's final select must read: a CTE without
 * side effects runs only when read.
 */
export const reputationChangesCtes = (subjects: SQL) => sql`
    rep_added as (
      insert into reputation_changes (subject_type, subject_id) ${subjects}
      returning 1
    ), rep_notified as (
      select pg_notify(${REPUTATION_CHANGES_CHANNEL}, '') where exists (select 1 from rep_added)
    )`;

/**
 * The oldest `limit` announced changes and their distinct subjects, read without a lock or a transaction: the caller
 * recomputes the subjects (each in its own short statements, as an event-driven recomputation always did) and only
 * then `forgetReputationChanges` these ids. A crash in between leaves the rows for the next drain, which recomputes
 * them again (idempotent); a change committed meanwhile has an id of its own that stays. Holding a transaction open
 * across the recomputation would hold row locks the steps need while waiting for the pool's other connections.
 */
export async function takeReputationChanges(
  db: TDbOrTx,
  limit: number,
): Promise<{ ids: number[]; subjects: TReputationSubject[] }> {
  const { rows } = await executeNamed<{
    id: string;
    subject_type: TReputationSubject['type'];
    subject_id: string;
  }>(
    db,
    'take_reputation_changes',
    sql`select id, subject_type, subject_id from reputation_changes order by id limit ${limit}`,
  );
  const subjects = new Map<string, TReputationSubject>();
  for (const r of rows)
    subjects.set(`${r.subject_type}:${r.subject_id}`, { type: r.subject_type, id: r.subject_id });
  return { ids: rows.map((r) => Number(r.id)), subjects: [...subjects.values()] };
}

/** Deletes changes whose subjects were recomputed after they committed. */
export async function forgetReputationChanges(db: TDbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await executeNamed(
    db,
    'forget_reputation_changes',
    sql`delete from reputation_changes where id = any(${sql.param(ids)}::bigint[])`,
  );
}

/** How many announced changes wait for the refresher (ops details, tests). */
export async function pendingReputationChanges(db: TDbOrTx): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from reputation_changes`);
  return Number(rows[0]?.n ?? 0);
}
