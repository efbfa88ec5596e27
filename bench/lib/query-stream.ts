/**
 * Directory queries that never repeat: names of generated organizations with random typos, random filter
 * combinations, pages and sorts (seeded, so two runs send the same stream). A cache keyed by the query
 * cannot help such a stream; it is what users typing different things look like.
 */
import { EVENT_TYPES, PARTNER_AND_SPONSOR_CATEGORIES } from '../../src/domain/commdesk-facts.js';
import {
  DIRECTORY_SORTS,
  PUBLIC_DIRECTORY_STATUSES,
  type TDirectoryQuery,
} from '../../src/domain/directory.js';
import {
  generateOrganizations,
  INDUSTRIES,
  REGIONS,
  seededRandom,
  TECHNOLOGIES,
} from '../servers/directory-data.js';

export const STREAM_SHAPES = ['typo name', 'text + filters', 'filter only'] as const;
export type TStreamShape = (typeof STREAM_SHAPES)[number];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One random edit (substitution, deletion, insertion or transposition) in each word of 5+ letters. */
function typo(text: string, r: ReturnType<typeof seededRandom>): string {
  return text
    .toLowerCase()
    .split(' ')
    .map((word) => {
      if (word.length < 5) return word;
      const at = 1 + r.int(word.length - 2);
      const letter = LETTERS[r.int(LETTERS.length)]!;
      switch (r.int(4)) {
        case 0:
          return word.slice(0, at) + letter + word.slice(at + 1);
        case 1:
          return word.slice(0, at) + word.slice(at + 1);
        case 2:
          return word.slice(0, at) + letter + word.slice(at);
        default:
          return word.slice(0, at - 1) + word[at] + word[at - 1] + word.slice(at + 1);
      }
    })
    .join(' ');
}

function randomFilters(r: ReturnType<typeof seededRandom>, count: number): Partial<TDirectoryQuery> {
  const pickers: (() => Partial<TDirectoryQuery>)[] = [
    () => ({ technologies: r.some(TECHNOLOGIES, 1, 2, false) }),
    () => ({ regions: r.some(REGIONS, 1, 2, false) }),
    () => ({ eventTypes: r.some(EVENT_TYPES, 1, 2, false) }),
    () => ({ kind: r.next() < 0.5 ? 'sponsor' : 'partner' }),
    () => ({ industries: r.some(INDUSTRIES, 1, 2, false) }),
    () => ({ sponsorshipTypes: r.some(PARTNER_AND_SPONSOR_CATEGORIES, 1, 2, false) }),
  ];
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(r.int(pickers.length));
  return Object.assign({}, ...[...chosen].map((i) => pickers[i]!()));
}

/** `count` distinct queries of one shape over a directory of `size` generated organizations. */
export function queryStream(shape: TStreamShape, count: number, size: number, seed = 7): TDirectoryQuery[] {
  return labelledQueryStream(shape, count, size, seed).map((item) => item.query);
}

/**
 * The same stream, each typo name query with the id of the organization whose name it misspells (what a
 * recall@k counts) when the directory lists it; null for the other shapes, whose filters may exclude any
 * one organization.
 */
export function labelledQueryStream(
  shape: TStreamShape,
  count: number,
  size: number,
  seed = 7,
): { query: TDirectoryQuery; target: string | null }[] {
  const r = seededRandom(seed + STREAM_SHAPES.indexOf(shape) * 1_000_003);
  const seen = new Set<string>();
  const out: { query: TDirectoryQuery; target: string | null }[] = [];
  let target: string | null = null;
  const name = () => {
    const org = generateOrganizations(r.int(size), 1, [])[0]!;
    // An organization the directory does not list (pending, rejected...) cannot be recalled by any index.
    target = PUBLIC_DIRECTORY_STATUSES.includes(org.status) ? org.id : null;
    return org.displayName;
  };
  while (out.length < count) {
    const base = { visibleCommunityIds: [], limit: 20 };
    let query: TDirectoryQuery;
    if (shape === 'typo name') {
      query = { ...base, q: typo(name(), r), sort: 'relevance', page: 1 + (r.next() < 0.2 ? 1 : 0) };
    } else if (shape === 'text + filters') {
      const words = [name().split(' ')[0]!, r.skewed(TECHNOLOGIES), r.skewed(INDUSTRIES)];
      query = {
        ...base,
        ...randomFilters(r, 1 + r.int(2)),
        q: typo(words[r.int(words.length)]!, r),
        sort: r.next() < 0.6 ? 'relevance' : DIRECTORY_SORTS[r.int(DIRECTORY_SORTS.length)]!,
        page: 1 + r.int(3),
      };
    } else {
      query = {
        ...base,
        ...randomFilters(r, 1 + r.int(3)),
        sort: DIRECTORY_SORTS[r.int(DIRECTORY_SORTS.length)]!,
        page: 1 + r.int(5),
      };
    }
    const key = JSON.stringify(query);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ query, target: shape === 'typo name' ? target : null });
  }
  return out;
}
