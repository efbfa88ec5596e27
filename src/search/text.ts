import { synonymPhrases } from './synonyms.js';

/**
 * Typo budget shared by both adapters: Meilisearch's `typoTolerance.minWordSizeForTypos` is set from
 * it (its defaults), and the Postgres adapter corrects query words with the same rule, so "mongdb"
 * (6 letters, one typo) finds MongoDB on either.
 */
export const TYPO_MIN_WORD_SIZE = { oneTypo: 5, twoTypos: 9 } as const;

/** More words than this in a query add cost and no precision. */
export const MAX_QUERY_WORDS = 10;

export function typoBudget(word: string): 0 | 1 | 2 {
  const length = [...word].length;
  if (length >= TYPO_MIN_WORD_SIZE.twoTypos) return 2;
  if (length >= TYPO_MIN_WORD_SIZE.oneTypo) return 1;
  return 0;
}

/**
 * Lower-case words of a query. Letters and digits make words; ". - + # _ / @" join them ("node.js",
 * "vue-js", "c++") as they do in the documents' tsvector. Everything else separates, which also keeps
 * tsquery operators and quotes out of the words.
 */
export function queryWords(q: string): string[] {
  const words: string[] = [];
  for (const raw of q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}.\-+#_/@]+/u)) {
    const word = raw.replace(/^[.\-+#_/@]+/, '').replace(/[.\-_/@]+$/, '');
    if (/[\p{L}\p{N}]/u.test(word)) words.push(word);
    if (words.length === MAX_QUERY_WORDS) break;
  }
  return words;
}

/**
 * One unit of an AND query: the words as typed, or a phrase with its synonyms. Every alternative is a
 * list of words (a phrase when longer than one).
 */
export type TQueryClause = {
  alternatives: string[][];
  /** A single typed word: typo corrections apply to it. */
  single: string | null;
  /** The last typed word is matched as a prefix too (the user may still be typing it). */
  prefix: boolean;
};

export function queryClauses(words: string[], synonyms = synonymPhrases()): TQueryClause[] {
  const longest = Math.max(1, ...[...synonyms.keys()].map((key) => key.split(' ').length));
  const clauses: TQueryClause[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    for (let n = Math.min(longest, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const others = synonyms.get(phrase);
      if (others) {
        clauses.push({
          alternatives: [words.slice(i, i + n), ...others],
          single: n === 1 ? words[i]! : null,
          prefix: false,
        });
        matched = n;
        break;
      }
    }
    if (matched === 0) {
      clauses.push({ alternatives: [[words[i]!]], single: words[i]!, prefix: false });
      matched = 1;
    }
    i += matched;
  }
  const last = clauses[clauses.length - 1];
  if (last?.single && last.alternatives.length === 1) last.prefix = true;
  return clauses;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition, as Meilisearch counts
 * typos), stopping early: returns max + 1 as soon as the distance must exceed max.
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = [
    new Array<number>(b.length + 1),
    new Array<number>(b.length + 1),
    new Array<number>(b.length + 1),
  ];
  for (let j = 0; j <= b.length; j++) rows[1]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const prev2 = rows[0]!;
    const prev = rows[1]!;
    const cur = rows[2]!;
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    rows[0] = prev;
    rows[1] = cur;
    rows[2] = prev2;
  }
  const distance = rows[1]![b.length]!;
  return distance > max ? max + 1 : distance;
}

/**
 * Typos between a query word and an indexed word, as Meilisearch counts them by default: edits with
 * adjacent transposition (see editDistanceWithin), where a word not starting with the query word's
 * first letter costs one typo more (Meilisearch matches a 1-typo word only with the same first letter,
 * a 2-typo word with a different first letter only within one edit). max + 1 when over max.
 */
export function typoCost(query: string, word: string, max: number): number {
  const firstLetter = query[0] === word[0] ? 0 : 1;
  if (firstLetter > max) return max + 1;
  return Math.min(max + 1, firstLetter + editDistanceWithin(query, word, max - firstLetter));
}

/**
 * The cheapest typoCost of `query` against a prefix of `word` (the last query word may be a prefix of
 * what the user is still typing, typos included, as in Meilisearch), with that prefix; null when none is
 * within max.
 */
export function prefixCorrection(
  query: string,
  word: string,
  max: number,
): { prefix: string; cost: number } | null {
  let best: { prefix: string; cost: number } | null = null;
  for (
    let length = Math.max(1, query.length - max);
    length <= Math.min(word.length, query.length + max);
    length++
  ) {
    const prefix = word.slice(0, length);
    const cost = typoCost(query, prefix, max);
    if (cost <= max && (!best || cost < best.cost)) best = { prefix, cost };
  }
  return best;
}
