import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TDbOrTx } from '../db/client.js';
import { organizationSearch as S } from '../db/schema/organization-search.js';
import { PUBLIC_DIRECTORY_STATUSES, type TOrganizationDocument } from '../domain/directory.js';
import type { TCandidateField, TCandidateQuery } from '../domain/matching.js';

const COLUMNS: Record<TCandidateField, AnyPgColumn> = {
  preferredEventTypes: S.preferredEventTypes,
  sponsorshipTypes: S.sponsorshipTypes,
  supportedRegions: S.supportedRegions,
  technologies: S.technologies,
};

/** candidatePrescore (src/domain/matching.ts) as SQL over one organization_search row, term for term. */
function prescoreSql(query: TCandidateQuery): SQL {
  const terms: SQL[] = query.signals.map((signal) => {
    const column = COLUMNS[signal.field];
    const tiers = signal.tiers.map(
      (tier) => sql`when ${column} && ${sql.param(tier.values)}::text[] then ${tier.points}::float8`,
    );
    return sql`(case when cardinality(${column}) = 0 then ${signal.empty}::float8 ${sql.join(tiers, sql` `)} else 0::float8 end)`;
  });
  const { currency, minMinor, maxMinor, points } = query.budget;
  const covered = sql`(least(${maxMinor}::bigint, ${S.budgetMaxMinor}) - greatest(${minMinor}::bigint, ${S.budgetMinMinor}))`;
  terms.push(sql`(case when ${S.budgetCurrency} = ${currency}
      and ${S.budgetMaxMinor} >= ${minMinor}::bigint and ${S.budgetMinMinor} <= ${maxMinor}::bigint
    then ${maxMinor === minMinor ? sql`${points}::float8` : sql`${points}::float8 * ${covered} / ${maxMinor - minMinor}::float8`}
    else 0::float8 end)`);
  terms.push(sql`${query.reputationPoints}::float8 * ${S.reputationScore} / 100::float8`);
  return sql.join(terms, sql` + `);
}

/**
 * Smart matching's candidates in one statement: the GIN indexes find the rows of the event type's family that
 * also overlap a narrowing list (region or Global, the technologies), the pre-score is computed on those rows
 * only and a top-N sort keeps `limit`; only when fewer than `limit` qualify (a small directory) is every visible
 * row scored instead (a one-time filter: the wider scan does not run otherwise). Only the kept rows' documents
 * are read (the document is stored out of line).
 */
export function matchCandidatesStatement(query: TCandidateQuery): SQL {
  const communities = [...new Set(query.visibleCommunityIds)];
  const visible = sql`(${S.status} = any(${sql.param([...PUBLIC_DIRECTORY_STATUSES])}::text[])${
    communities.length
      ? sql` or (${S.status} = 'Community Added' and ${S.addedByCommunityId} = any(${sql.param(communities)}::uuid[]))`
      : sql``
  })`;
  const family = sql`${visible} and ${S.preferredEventTypes} && ${sql.param(query.eventTypes)}::text[]`;
  const best = (where: SQL) => sql`
      select ${S.organizationId} as id, ${prescoreSql(query)} as prescore, ${S.reputationScore} as reputation
        from ${S} where ${where}
       order by 2 desc, 3 desc, 1
       limit ${query.limit}`;
  const narrowing = query.narrowing.map((n) => sql`${COLUMNS[n.field]} && ${sql.param(n.values)}::text[]`);
  const first = narrowing.length ? sql`${family} and (${sql.join(narrowing, sql` or `)})` : family;
  const candidates = sql`narrow as materialized (${best(first)}),
      best as (
        select * from narrow where (select count(*) from narrow) >= ${query.limit}
        union all
        select * from (${best(visible)}) wide where (select count(*) from narrow) < ${query.limit}
      )`;
  return sql`
    with ${candidates}
    select ${S.document} as document from best join ${S} on ${S.organizationId} = best.id
     order by best.prescore desc, best.reputation desc, best.id`;
}

export async function postgresMatchCandidates(
  db: TDbOrTx,
  query: TCandidateQuery,
): Promise<TOrganizationDocument[]> {
  const { rows } = await db.execute<{ document: TOrganizationDocument }>(matchCandidatesStatement(query));
  return rows.map((row) => row.document);
}
