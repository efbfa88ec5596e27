import { synonymPhrases } from './synonyms.js';

/**
 * Typo budget shared by both adapters: Meilisearch's `typoTolerance.minWordSizeForTypos` is set from
 * it, and the Postgres adapter corrects query words with the same rule, so "mongdb" (6 letters, one
 * typo) finds MongoDB on either.
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

function trigrams(word: string): string[] {
  const padded = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return [...out];
}

/**
 * The words of the index, for typo correction: a query word is replaced by the indexed words within
 * its typo budget, which the tsvector then matches exactly through its GIN index. This is the
 * "table of unique words" technique of the pg_trgm documentation, held in memory because matching a
 * misspelt word against every document's text costs hundreds of milliseconds at 100k documents.
 * Candidates come from a trigram index over the words, then are confirmed by edit distance.
 */
export class TermDictionary {
  private readonly words: string[] = [];
  private readonly known = new Set<string>();
  private readonly postings = new Map<string, number[]>();
  private counts = new Uint8Array(0);

  get size(): number {
    return this.words.length;
  }

  /** Words earlier in the list win ties (load them most frequent first). */
  add(words: Iterable<string>): void {
    for (const word of words) {
      if (this.known.has(word) || word.length < TYPO_MIN_WORD_SIZE.oneTypo - 1) continue;
      const id = this.words.length;
      this.words.push(word);
      this.known.add(word);
      for (const gram of trigrams(word)) {
        const list = this.postings.get(gram);
        if (list) list.push(id);
        else this.postings.set(gram, [id]);
      }
    }
  }

  /** Indexed words within the typo budget of `word`, excluding the word itself; most frequent first. */
  corrections(word: string, limit = 12): string[] {
    const budget = typoBudget(word);
    if (budget === 0) return [];
    if (this.counts.length < this.words.length) this.counts = new Uint8Array(this.words.length * 2);
    const grams = trigrams(word);
    // Each edit changes at most four of a word's padded trigrams (a transposition touches four).
    const needed = Math.max(1, grams.length - 4 * budget);
    const touched: number[] = [];
    for (const gram of grams) {
      const list = this.postings.get(gram);
      if (!list) continue;
      for (const id of list) {
        if (this.counts[id] === 0) touched.push(id);
        if (this.counts[id]! < 255) this.counts[id]!++;
      }
    }
    const candidates: number[] = [];
    for (const id of touched) {
      if (this.counts[id]! >= needed) candidates.push(id);
      this.counts[id] = 0;
    }
    candidates.sort((a, b) => a - b);
    const out: string[] = [];
    for (const id of candidates) {
      const candidate = this.words[id]!;
      if (candidate !== word && editDistanceWithin(word, candidate, budget) <= budget) {
        out.push(candidate);
        if (out.length === limit) break;
      }
    }
    return out;
  }
}
