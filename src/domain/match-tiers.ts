/**
 * The pre-score of smart matching (`candidatePrescore`) split into tier cells, for a search index that can filter
 * but cannot sort by a computed score (Meilisearch). Each signal of a `TCandidateQuery` puts an organization in
 * exactly one outcome: the first tier its list overlaps, its list empty, or none of them. A cell is one outcome per
 * signal: every organization of a cell gets the same signal points (`base`), and its pre-score is `base` plus its
 * budget and reputation points. So the best organizations by pre-score are found by querying cells best base
 * first and stopping once `limit` organizations score at least what any cell not yet read could still reach.
 */
import type { TCandidateField, TCandidateQuery } from './matching.js';

/** One signal's condition in a cell: the list overlaps `anyOf` and none of `noneOf`, or is (not) empty. */
export type TTierCondition =
  | { field: TCandidateField; kind: 'overlaps'; anyOf: string[]; noneOf: string[] }
  | { field: TCandidateField; kind: 'empty' }
  /** Not empty, and overlaps none of `noneOf` (every tier value of the signal). */
  | { field: TCandidateField; kind: 'none'; noneOf: string[] };

export type TTierCell = {
  /** The signal points every organization of the cell gets. */
  base: number;
  conditions: TTierCondition[];
};

type TOutcome = { points: number; condition: TTierCondition | null; tier: boolean };

/** The outcomes of one signal, as candidatePrescore scores them (a tier whose values earlier tiers hold is dropped). */
function outcomesOf(signal: TCandidateQuery['signals'][number]): TOutcome[] {
  const out: TOutcome[] = [];
  const earlier: string[] = [];
  for (const tier of signal.tiers) {
    const own = [...new Set(tier.values.filter((v) => !earlier.includes(v)))];
    if (own.length) {
      out.push({
        points: tier.points,
        condition: { field: signal.field, kind: 'overlaps', anyOf: own, noneOf: [...earlier] },
        tier: true,
      });
    }
    earlier.push(...own);
  }
  // A signal without values or empty points is the same for everyone: no condition needed.
  if (earlier.length === 0 && signal.empty === 0) return [{ points: 0, condition: null, tier: false }];
  out.push({ points: signal.empty, condition: { field: signal.field, kind: 'empty' }, tier: false });
  out.push({
    points: 0,
    condition:
      earlier.length === 0
        ? // Not empty is all that is left.
          { field: signal.field, kind: 'none', noneOf: [] }
        : { field: signal.field, kind: 'none', noneOf: [...earlier] },
    tier: false,
  });
  return out;
}

/**
 * Every cell of the query's signals, best base first. With `narrowed` only the cells inside the narrowed set the
 * Postgres adapter keeps when enough qualify: a tier of the event type (the family) and a tier of a narrowing
 * signal (the region or Global, a technology).
 */
export function tierCells(query: TCandidateQuery, narrowed: boolean): TTierCell[] {
  const narrowingFields = new Set(query.narrowing.map((n) => n.field));
  let cells: { base: number; conditions: TTierCondition[]; family: boolean; narrows: boolean }[] = [
    { base: 0, conditions: [], family: false, narrows: false },
  ];
  for (const signal of query.signals) {
    const outcomes = outcomesOf(signal);
    cells = cells.flatMap((cell) =>
      outcomes.map((o) => ({
        base: cell.base + o.points,
        conditions: o.condition ? [...cell.conditions, o.condition] : cell.conditions,
        family: cell.family || (signal.field === 'preferredEventTypes' && o.tier),
        narrows: cell.narrows || (narrowingFields.has(signal.field) && o.tier),
      })),
    );
  }
  const kept = narrowed
    ? cells.filter((c) => c.family && (c.narrows || query.narrowing.length === 0))
    : cells;
  return kept.map(({ base, conditions }) => ({ base, conditions })).sort((a, b) => b.base - a.base);
}

/**
 * The most an organization of a cell can score: its base, the whole budget (none when its budget range is known
 * not to overlap) and the reputation points of `reputation`.
 */
export function cellBound(base: number, query: TCandidateQuery, reputation = 100, budget = true): number {
  return base + (budget ? query.budget.points : 0) + (query.reputationPoints * reputation) / 100;
}
