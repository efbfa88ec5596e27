import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TDbOrTx } from '../db/client.js';
import { organizationMatch as M, organizationMatchTerm as T } from '../db/schema/organization-match.js';
import { organizationSearch as S } from '../db/schema/organization-search.js';
import { PUBLIC_DIRECTORY_STATUSES, type TOrganizationDocument } from '../domain/directory.js';
import type { TCandidateField, TCandidateQuery } from '../domain/matching.js';

/** Each pre-score list of organization_match: its mask and its values without a bit of their own. */
const LISTS: Record<TCandidateField, { mask: AnyPgColumn; extra: AnyPgColumn }> = {
  preferredEventTypes: { mask: M.preferredEventTypes, extra: M.preferredEventTypesExtra },
  sponsorshipTypes: { mask: M.sponsorshipTypes, extra: M.sponsorshipTypesExtra },
  supportedRegions: { mask: M.supportedRegions, extra: M.supportedRegionsExtra },
  technologies: { mask: M.technologies, extra: M.technologiesExtra },
};

/**
 * Whether the row's `field` list overlaps `values`: its mask shares a bit with theirs (one scalar subquery on
 * organization_match_term, evaluated once per statement), or, for a row with values lacking a bit (sign bit set),
 * its extra values overlap them. Exact either way (see src/db/schema/organization-match.ts).
 */
function overlaps(field: TCandidateField, values: string[]): SQL {
  const { mask, extra } = LISTS[field];
  const param = sql`${sql.param(values)}::text[]`;
  const bits = sql`(select coalesce(bit_or(1::bigint << ${T.bit}), 0) from ${T}
      where ${T.field} = ${field} and ${T.value} = any(${param}) and ${T.bit} is not null)`;
  return sql`((${mask} & ${bits}) <> 0 or (${mask} < 0 and ${extra} && ${param}))`;
}

/** candidatePrescore (src/domain/matching.ts) as SQL over one organization_match row, term for term. */
function prescoreSql(query: TCandidateQuery): SQL {
  const terms: SQL[] = query.signals.map((signal) => {
    const tiers = signal.tiers.map(
      (tier) => sql`when ${overlaps(signal.field, tier.values)} then ${tier.points}::float8`,
    );
    // A list is empty exactly when its mask is 0.
    return sql`(case when ${LISTS[signal.field].mask} = 0 then ${signal.empty}::float8 ${sql.join(tiers, sql` `)} else 0::float8 end)`;
  });
  const { currency, minMinor, maxMinor, points } = query.budget;
  const covered = sql`(least(${maxMinor}::bigint, ${M.budgetMaxMinor}) - greatest(${minMinor}::bigint, ${M.budgetMinMinor}))`;
  terms.push(sql`(case when ${M.budgetCurrency} = ${currency}
      and ${M.budgetMaxMinor} >= ${minMinor}::bigint and ${M.budgetMinMinor} <= ${maxMinor}::bigint
    then ${maxMinor === minMinor ? sql`${points}::float8` : sql`${points}::float8 * ${covered} / ${maxMinor - minMinor}::float8`}
    else 0::float8 end)`);
  terms.push(sql`${query.reputationPoints}::float8 * ${M.reputationScore} / 100::float8`);
  return sql.join(terms, sql` + `);
}

/**
 * Smart matching's candidates in one statement over organization_match, the lean copy of the index (about 100
 * bytes a row, each list a bit mask): the rows of the event type's family that also overlap a narrowing list
 * (region or Global, the technologies) are scored and a top-N sort keeps `limit`; only when fewer than `limit`
 * qualify (a small directory) is every visible row scored instead (a one-time filter: the wider scan does not run
 * otherwise). Only the kept rows' documents are read from organization_search (the document is stored out of line).
 * At 100k organizations the family and narrowing hold up to half the rows: a sequential scan testing masks costs
 * a fraction of the GIN scans and text-array overlaps it replaces, for the same rows in the same order.
 */
export function matchCandidatesStatement(query: TCandidateQuery): SQL {
  const communities = [...new Set(query.visibleCommunityIds)];
  const visible = sql`(${M.status} = any(${sql.param([...PUBLIC_DIRECTORY_STATUSES])}::text[])${
    communities.length
      ? sql` or (${M.status} = 'Community Added' and ${M.addedByCommunityId} = any(${sql.param(communities)}::uuid[]))`
      : sql``
  })`;
  const family = sql`${visible} and ${overlaps('preferredEventTypes', query.eventTypes)}`;
  const best = (where: SQL) => sql`
      select ${M.organizationId} as id, ${prescoreSql(query)} as prescore, ${M.reputationScore} as reputation
        from ${M} where ${where}
       order by 2 desc, 3 desc, 1
       limit ${query.limit}`;
  const narrowing = query.narrowing.map((n) => overlaps(n.field, n.values));
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
