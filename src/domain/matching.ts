/**
 * Smart matching (spec 16): how well an organization fits a sponsorship opportunity, as a sum of weighted signals,
 * each explained. Pure: the caller gathers the candidates (the SearchIndex) and their public history; this module
 * scores. The same function ranks organizations for an opportunity and opportunities for an organization (the
 * `reputation` signal is then the other side's). Published in docs/reputation-and-matching.md.
 *
 *   score = sum over signals of contribution,  contribution = weight * value,  value in [0, 1],  weights sum to 100
 */
import { CATEGORY_INFO, categoryInfo, isPartnerCategory, type PartnerCategory } from './commdesk-facts.js';
import type { TOrganizationDocument } from './directory.js';

export const MATCH_SIGNALS = [
  'event_type',
  'sponsorship_type',
  'budget',
  'audience',
  'region',
  'technology',
  'past_outcomes',
  'reputation',
  'recency',
] as const;
export type TMatchSignal = (typeof MATCH_SIGNALS)[number];

/** Points per signal; they sum to 100, so a perfect fit scores 100. */
export const MATCH_WEIGHTS: Record<TMatchSignal, number> = {
  event_type: 20,
  sponsorship_type: 10,
  budget: 15,
  audience: 5,
  region: 10,
  technology: 20,
  past_outcomes: 10,
  reputation: 5,
  recency: 5,
};

export type TMatchReason = {
  signal: TMatchSignal;
  weight: number;
  value: number;
  /** weight * value, rounded to 2 decimals; the reasons' contributions sum to the score. */
  contribution: number;
  detail: string;
};
export type TMatch = { score: number; reasons: TMatchReason[] };

type TBudget = { minMinor: number; maxMinor: number; currency: string };

/** What matching reads of an opportunity (all of it shown to organizations browsing opportunities). */
export type TMatchOpportunity = {
  eventType: string;
  eventCategory: string;
  region: string | null;
  expectedParticipants: number | null;
  desiredCategory: string;
  budget: TBudget;
  /** Title and description: technologies named there count. */
  text: string;
};

/** What matching reads of an organization: its public directory entry and public history only. */
export type TMatchOrganization = {
  preferredEventTypes: string[];
  sponsorshipTypes: string[];
  supportedRegions: string[];
  technologies: string[];
  developerTools: string[];
  industry: string | null;
  shortDescription: string | null;
  budget: TBudget | null;
  /** Public event listings (event partner panels) of this organization: how many for events of this type or category. */
  similarEvents: number;
  /** Median expected participants of the public events it is listed on; null without any. */
  typicalAudience: number | null;
  /** When it last changed its profile or was listed on an event (ISO). */
  lastActiveAt: string | null;
};

/** The other side's reputation (0-100) as published; null when not scored yet. */
export type TMatchContext = { counterpartReputation: number | null; now: Date };

// ---- the synonym graph ----

/**
 * Concepts and the terms that name them (lower-case; multi-word terms match as phrases), with related concepts
 * that count half (web <-> devtools: a frontend event suits a devtools company). Small on purpose: it covers the
 * spec's examples (AI event -> AI companies, web event -> frontend and devtools, cloud event -> AWS, Azure, GCP)
 * and the event categories of commdesk-facts.
 */
export const CONCEPTS: Record<string, { terms: readonly string[]; related: readonly string[] }> = {
  ai_ml: {
    terms: [
      'ai',
      'artificial intelligence',
      'machine learning',
      'ml',
      'deep learning',
      'llm',
      'llms',
      'large language model',
      'generative ai',
      'genai',
      'nlp',
      'computer vision',
      'tensorflow',
      'pytorch',
      'langchain',
      'openai api',
      'openai',
      'hugging face',
      'nvidia',
    ],
    related: ['data'],
  },
  cloud: {
    terms: [
      'cloud',
      'cloud computing',
      'cloud infrastructure',
      'aws',
      'amazon web services',
      'azure',
      'microsoft azure',
      'gcp',
      'google cloud',
      'google cloud platform',
      'serverless',
      'digitalocean',
      'cloudflare',
      'kubernetes',
      'k8s',
      'docker',
      'terraform',
      'firebase',
      'supabase',
    ],
    related: ['devops'],
  },
  web_frontend: {
    terms: [
      'web',
      'web development',
      'frontend',
      'front-end',
      'javascript',
      'js',
      'typescript',
      'ts',
      'react',
      'vue.js',
      'vue',
      'angular',
      'svelte',
      'next.js',
      'tailwind css',
      'node.js',
      'deno',
      'webassembly',
      'vercel',
      'netlify',
      'css',
      'html',
    ],
    related: ['devtools'],
  },
  devtools: {
    terms: [
      'developer tools',
      'devtools',
      'github',
      'gitlab',
      'postman',
      'vs code',
      'jetbrains',
      'github actions',
      'gitlab ci',
      'jenkins',
      'sentry',
      'copilot',
      'cursor',
      'playwright',
      'vite',
      'webpack',
      'eslint',
      'storybook',
      'intellij idea',
      'sdk',
      'api',
      'apis',
    ],
    related: ['web_frontend', 'devops'],
  },
  data: {
    terms: [
      'data',
      'data science',
      'data analytics',
      'analytics',
      'big data',
      'database',
      'databases',
      'sql',
      'postgresql',
      'postgres',
      'mysql',
      'mongodb',
      'redis',
      'elasticsearch',
      'kafka',
      'snowflake',
      'databricks',
      'confluent',
      'jupyter',
    ],
    related: ['ai_ml'],
  },
  devops: {
    terms: ['devops', 'sre', 'ci/cd', 'observability', 'prometheus', 'grafana', 'datadog', 'ansible'],
    related: ['cloud', 'devtools'],
  },
  security: {
    terms: ['cybersecurity', 'security', 'infosec', 'appsec', 'okta', 'zero trust'],
    related: [],
  },
  mobile: {
    terms: [
      'mobile',
      'mobile development',
      'android',
      'ios',
      'swift',
      'kotlin',
      'flutter',
      'react native',
      'xcode',
      'android studio',
    ],
    related: [],
  },
  open_source: { terms: ['open source', 'oss', 'linux', 'foss'], related: ['devtools'] },
  blockchain: {
    terms: ['blockchain', 'web3', 'ethereum', 'solidity', 'crypto', 'smart contracts'],
    related: [],
  },
  startup: {
    terms: ['startup', 'startups', 'entrepreneurship', 'venture capital', 'founders', 'fintech'],
    related: [],
  },
  gaming: { terms: ['gaming', 'game', 'games', 'unity', 'unreal engine', 'game development'], related: [] },
};

/** Technology names as the directory stores them, per concept: the candidate filter asks the SearchIndex for these. */
export const DIRECTORY_TECHNOLOGIES: Record<string, readonly string[]> = {
  ai_ml: ['TensorFlow', 'PyTorch', 'LangChain', 'OpenAI API', 'Python'],
  cloud: ['AWS', 'Google Cloud', 'Azure', 'Kubernetes', 'Docker', 'Terraform', 'Firebase', 'Supabase'],
  web_frontend: [
    'JavaScript',
    'TypeScript',
    'React',
    'Vue.js',
    'Angular',
    'Svelte',
    'Next.js',
    'Node.js',
    'Deno',
  ],
  devtools: ['Docker', 'Kubernetes', 'TypeScript', 'Node.js'],
  data: ['PostgreSQL', 'MySQL', 'MongoDB', 'Redis', 'Elasticsearch', 'Kafka', 'Python'],
  devops: ['Kubernetes', 'Terraform', 'Ansible', 'Prometheus', 'Grafana', 'Docker'],
  security: ['Linux', 'Go', 'Rust'],
  mobile: ['Swift', 'Kotlin', 'Flutter', 'React Native'],
  open_source: ['Linux', 'Rust', 'Go', 'Python'],
  blockchain: ['Solidity', 'Ethereum'],
  startup: [],
  gaming: ['Unity', 'Unreal Engine', 'C++', 'C#'],
};

const TERM_INDEX: Map<string, string> = new Map(
  Object.entries(CONCEPTS).flatMap(([concept, { terms }]) => terms.map((t) => [t, concept] as const)),
);
const MAX_TERM_WORDS = Math.max(...[...TERM_INDEX.keys()].map((t) => t.split(' ').length));

/** The concepts a text names (word and phrase matches, so "ml" does not match inside "html"). */
export function conceptsOf(texts: readonly (string | null | undefined)[]): Set<string> {
  const found = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const words = text.toLowerCase().match(/[a-z0-9+#./-]+/g) ?? [];
    const cleaned = words.map((w) => w.replace(/^[./-]+|[./-]+$/g, ''));
    // Longest phrase first, and its words are used up: "amazon web services" is cloud, not also "web".
    for (let i = 0; i < cleaned.length;) {
      let step = 1;
      for (let n = Math.min(MAX_TERM_WORDS, cleaned.length - i); n >= 1; n--) {
        const concept = TERM_INDEX.get(cleaned.slice(i, i + n).join(' '));
        if (concept) {
          found.add(concept);
          step = n;
          break;
        }
      }
      i += step;
    }
  }
  return found;
}

// ---- event types that suit each other ----

/** Event types close enough that a preference for one half-suits the other. */
const EVENT_TYPE_FAMILIES: readonly (readonly string[])[] = [
  ['Hackathon', 'Code Lab', 'Competition', 'Challenge', 'Open Source Sprint'],
  ['Workshop', 'Hands-on Workshop', 'Code Lab', 'Bootcamp', 'Training Session', 'Certification Program'],
  ['Conference', 'Seminar', 'Tech Talk', 'Panel Discussion', 'Webinar', 'AMA Session'],
  ['Meetup', 'Community Meetup', 'Networking Event'],
  ['Startup Pitch', 'Demo Day', 'Product Launch'],
  ['Festival', 'Concert', 'Sports Event', 'Trade Show'],
  ['Volunteer Event', 'Charity Event'],
];

/** The event type and the types of its families (what a candidate query may filter on for this event). */
export function eventTypeFamily(eventType: string): string[] {
  return [...new Set([eventType, ...EVENT_TYPE_FAMILIES.filter((f) => f.includes(eventType)).flat()])];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const pct = (x: number) => `${Math.round(x * 100)}%`;

// ---- the signals ----

export function eventTypeValue(eventType: string, preferred: readonly string[]): [number, string] {
  if (preferred.includes(eventType)) return [1, `prefers ${eventType} events`];
  if (preferred.length === 0) return [0.3, 'states no preferred event types'];
  const related = preferred.filter((p) =>
    EVENT_TYPE_FAMILIES.some((f) => f.includes(p) && f.includes(eventType)),
  );
  if (related.length) return [0.5, `prefers ${related.join(', ')}, close to ${eventType}`];
  return [0, `prefers ${preferred.slice(0, 3).join(', ')}, not ${eventType}`];
}

export function sponsorshipTypeValue(desired: string, offered: readonly string[]): [number, string] {
  if (offered.includes(desired)) return [1, `offers ${desired}`];
  if (offered.length === 0) return [0.3, 'states no sponsorship types'];
  if (!isPartnerCategory(desired)) return [0, `offers ${offered.slice(0, 3).join(', ')}`];
  const want = categoryInfo(desired);
  const infos = offered.filter(isPartnerCategory).map((o) => categoryInfo(o as PartnerCategory));
  const sameBand = infos.find((i) => i.band === want.band && i.kind === want.kind);
  if (sameBand) return [0.6, `offers ${sameBand.label}, the same tier band as ${desired}`];
  const sameKind = infos.find((i) => i.kind === want.kind);
  if (sameKind) return [0.3, `offers other ${want.kind} tiers (${sameKind.label}), not ${desired}`];
  return [0, `offers ${offered.slice(0, 3).join(', ')}, not ${desired}`];
}

/** The share of the opportunity's budget range the organization's range covers (same currency only). */
export function budgetValue(want: TBudget, org: TBudget | null): [number, string] {
  if (!org) return [0, 'states no budget range'];
  if (org.currency !== want.currency)
    return [0, `budget in ${org.currency}, the opportunity asks in ${want.currency}`];
  const lo = Math.max(want.minMinor, org.minMinor);
  const hi = Math.min(want.maxMinor, org.maxMinor);
  if (hi < lo) {
    return org.maxMinor < want.minMinor
      ? [0, `budget up to ${org.maxMinor / 100} ${org.currency}, below the ${want.minMinor / 100} asked`]
      : [0, `budget from ${org.minMinor / 100} ${org.currency}, above the ${want.maxMinor / 100} asked`];
  }
  const span = want.maxMinor - want.minMinor;
  const value = span === 0 ? 1 : (hi - lo) / span;
  return [clamp01(value), `budget range covers ${pct(clamp01(value))} of the range asked`];
}

/** How the event's size compares with the events the organization is publicly listed on (log scale, x8 = 0). */
export function audienceValue(participants: number | null, typical: number | null): [number, string] {
  if (!participants) return [0.5, 'the event states no expected participants'];
  if (!typical) return [0.5, 'no public past events to compare the audience with'];
  const value = clamp01(1 - Math.abs(Math.log2(participants / typical)) / 3);
  return [
    value,
    `${participants} expected participants; its listed events have ${Math.round(typical)} typically`,
  ];
}

export function regionValue(region: string | null, supported: readonly string[]): [number, string] {
  if (!region) return [0.5, 'the event names no region'];
  if (supported.includes(region)) return [1, `supports ${region}`];
  if (supported.includes('Global')) return [0.7, `supports Global (the event is in ${region})`];
  if (supported.length === 0) return [0.3, 'states no supported regions'];
  return [0, `supports ${supported.slice(0, 3).join(', ')}, not ${region}`];
}

/** Share of the event's concepts the organization covers (a related concept counts half). */
export function technologyValue(eventConcepts: Set<string>, orgConcepts: Set<string>): [number, string] {
  if (eventConcepts.size === 0) return [0.3, 'the opportunity names no technology'];
  let sum = 0;
  const exact: string[] = [];
  const near: string[] = [];
  for (const concept of eventConcepts) {
    if (orgConcepts.has(concept)) {
      sum += 1;
      exact.push(concept);
    } else if (CONCEPTS[concept]?.related.some((r) => orgConcepts.has(r))) {
      sum += 0.5;
      near.push(concept);
    }
  }
  const value = sum / eventConcepts.size;
  const detail =
    exact.length || near.length
      ? `covers ${[...exact, ...near.map((n) => `${n} (related)`)].join(', ')} of ${[...eventConcepts].join(', ')}`
      : `covers none of ${[...eventConcepts].join(', ')}`;
  return [value, detail];
}

export function pastOutcomesValue(similarEvents: number): [number, string] {
  const value = 1 - 0.5 ** Math.max(0, similarEvents);
  return [
    value,
    similarEvents ? `listed on ${similarEvents} similar public events` : 'no similar public events yet',
  ];
}

export function reputationValue(score: number | null): [number, string] {
  if (score === null) return [0.5, 'reputation not computed yet'];
  return [clamp01(score / 100), `reputation ${Math.round(score)} of 100`];
}

/** Halves every 90 days without activity. */
export function recencyValue(lastActiveAt: string | null, now: Date): [number, string] {
  if (!lastActiveAt) return [0, 'no recorded activity'];
  const days = Math.max(0, (now.getTime() - Date.parse(lastActiveAt)) / 86_400_000);
  return [0.5 ** (days / 90), `last active ${Math.floor(days)} days ago`];
}

/** The score and its reasons: every signal, its weight, value, contribution (weight x value) and why. */
export function scoreMatch(
  opportunity: TMatchOpportunity,
  org: TMatchOrganization,
  ctx: TMatchContext,
  eventConcepts: Set<string> = conceptsOf([opportunity.eventCategory, opportunity.text]),
): TMatch {
  const orgConcepts = conceptsOf([
    ...org.technologies,
    ...org.developerTools,
    org.industry,
    org.shortDescription,
  ]);
  const values: Record<TMatchSignal, [number, string]> = {
    event_type: eventTypeValue(opportunity.eventType, org.preferredEventTypes),
    sponsorship_type: sponsorshipTypeValue(opportunity.desiredCategory, org.sponsorshipTypes),
    budget: budgetValue(opportunity.budget, org.budget),
    audience: audienceValue(opportunity.expectedParticipants, org.typicalAudience),
    region: regionValue(opportunity.region, org.supportedRegions),
    technology: technologyValue(eventConcepts, orgConcepts),
    past_outcomes: pastOutcomesValue(org.similarEvents),
    reputation: reputationValue(ctx.counterpartReputation),
    recency: recencyValue(org.lastActiveAt, ctx.now),
  };
  const reasons = MATCH_SIGNALS.map((signal) => {
    const [value, detail] = values[signal];
    const weight = MATCH_WEIGHTS[signal];
    const v = Math.round(clamp01(value) * 10_000) / 10_000;
    return { signal, weight, value: v, contribution: round2(weight * v), detail };
  });
  return { score: round2(reasons.reduce((sum, r) => sum + r.contribution, 0)), reasons };
}

// ---- the candidates' pre-score ----

/** A list field of the directory a pre-score signal reads. */
export type TCandidateField =
  'preferredEventTypes' | 'sponsorshipTypes' | 'supportedRegions' | 'technologies';

/**
 * One signal of the pre-score: the points of the first tier whose values the organization's list overlaps,
 * `empty` points when its list is empty, otherwise 0.
 */
export type TCandidateSignal = {
  field: TCandidateField;
  tiers: { values: string[]; points: number }[];
  empty: number;
};

/**
 * What the SearchIndex is asked for smart matching (`SearchIndex.matchCandidates`): among the visible organizations
 * preferring one of `eventTypes` and overlapping a `narrowing` list, the `limit` best by `candidatePrescore`, then
 * reputation, then id; when fewer than `limit` organizations qualify (a small directory), the best of every visible
 * organization instead. The pre-score
 * is the part of `scoreMatch` the index can compute from the directory's fields alone (event type, sponsorship type,
 * region, the technologies list, budget overlap, reputation), with the same weights; what it cannot see (the
 * technologies named only in developer tools, industry or description, audience, past outcomes, recency: at most
 * 35 of the 100 points) is scored on the bounded set afterwards.
 */
export type TCandidateQuery = {
  visibleCommunityIds: string[];
  eventTypes: string[];
  signals: TCandidateSignal[];
  /** Points times the share of [minMinor, maxMinor] an organization's budget range covers (same currency). */
  budget: { currency: string; minMinor: number; maxMinor: number; points: number };
  /** Points times reputationScore / 100. */
  reputationPoints: number;
  /**
   * Lists of which an organization must overlap one (besides preferring the family) while `limit` do: the others
   * lack both the region and every technology, 27 of the 80 points the pre-score can give.
   */
  narrowing: { field: TCandidateField; values: string[] }[];
  limit: number;
};

/** The directory technologies that name a concept themselves (what conceptsOf finds in the technologies list). */
function technologiesOf(concept: string): string[] {
  return (DIRECTORY_TECHNOLOGIES[concept] ?? []).filter((t) => conceptsOf([t]).has(concept));
}

/**
 * The candidate query of an opportunity: at scale the event type's family is required (an organization preferring
 * no related type loses the 20 points of `event_type`, as much as any signal the index cannot see could make up)
 * and so is the region or a technology; each signal mirrors its `scoreMatch` value.
 */
export function candidateQuery(
  opportunity: TMatchOpportunity,
  eventConcepts: Set<string>,
  visibleCommunityIds: string[],
  limit: number,
): TCandidateQuery {
  const w = MATCH_WEIGHTS;
  const signals: TCandidateSignal[] = [
    {
      field: 'preferredEventTypes',
      tiers: [
        { values: [opportunity.eventType], points: w.event_type },
        { values: eventTypeFamily(opportunity.eventType), points: w.event_type * 0.5 },
      ],
      empty: w.event_type * 0.3,
    },
  ];
  const desired = opportunity.desiredCategory;
  if (isPartnerCategory(desired)) {
    const want = categoryInfo(desired);
    const labels = (f: (i: (typeof CATEGORY_INFO)[number]) => boolean) =>
      CATEGORY_INFO.filter(f).map((i) => i.label as string);
    signals.push({
      field: 'sponsorshipTypes',
      tiers: [
        { values: [desired], points: w.sponsorship_type },
        {
          values: labels((i) => i.band === want.band && i.kind === want.kind),
          points: w.sponsorship_type * 0.6,
        },
        { values: labels((i) => i.kind === want.kind), points: w.sponsorship_type * 0.3 },
      ],
      empty: w.sponsorship_type * 0.3,
    });
  } else {
    signals.push({
      field: 'sponsorshipTypes',
      tiers: [{ values: [desired], points: w.sponsorship_type }],
      empty: w.sponsorship_type * 0.3,
    });
  }
  // Without a region every organization gets the same value: nothing to rank by.
  if (opportunity.region) {
    signals.push({
      field: 'supportedRegions',
      tiers: [
        { values: [opportunity.region], points: w.region },
        { values: ['Global'], points: w.region * 0.7 },
      ],
      empty: w.region * 0.3,
    });
  }
  for (const concept of eventConcepts) {
    const points = w.technology / eventConcepts.size;
    const related = [...new Set((CONCEPTS[concept]?.related ?? []).flatMap(technologiesOf))];
    signals.push({
      field: 'technologies',
      tiers: [
        { values: technologiesOf(concept), points },
        { values: related, points: points * 0.5 },
      ].filter((t) => t.values.length > 0),
      empty: 0,
    });
  }
  const narrowing = signals
    .filter((s) => s.field === 'supportedRegions' || s.field === 'technologies')
    .map((s) => ({ field: s.field, values: [...new Set(s.tiers.flatMap((t) => t.values))] }))
    .filter((n) => n.values.length > 0);
  return {
    visibleCommunityIds,
    eventTypes: eventTypeFamily(opportunity.eventType),
    narrowing,
    signals,
    budget: { ...opportunity.budget, points: w.budget },
    reputationPoints: w.reputation,
    limit,
  };
}

type TPrescored = Pick<
  TOrganizationDocument,
  TCandidateField | 'budgetMinMinor' | 'budgetMaxMinor' | 'budgetCurrency' | 'reputationScore'
>;

/** The pre-score of one organization, as the Postgres adapter computes it in SQL (the Meilisearch adapter here). */
export function candidatePrescore(doc: TPrescored, query: TCandidateQuery): number {
  let score = 0;
  for (const signal of query.signals) {
    const list = doc[signal.field];
    if (list.length === 0) score += signal.empty;
    else score += signal.tiers.find((t) => t.values.some((v) => list.includes(v)))?.points ?? 0;
  }
  const { currency, minMinor, maxMinor, points } = query.budget;
  if (
    doc.budgetCurrency === currency &&
    doc.budgetMinMinor !== null &&
    doc.budgetMaxMinor !== null &&
    doc.budgetMaxMinor >= minMinor &&
    doc.budgetMinMinor <= maxMinor
  ) {
    const covered = Math.min(maxMinor, doc.budgetMaxMinor) - Math.max(minMinor, doc.budgetMinMinor);
    score += maxMinor === minMinor ? points : (points * covered) / (maxMinor - minMinor);
  }
  return score + (query.reputationPoints * doc.reputationScore) / 100;
}

/** Best first; ties broken by id so pages are stable. */
export function rankMatches<T extends { id: string; match: TMatch }>(items: T[]): T[] {
  return [...items].sort((a, b) => b.match.score - a.match.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** NDCG@k of a ranking against graded relevance (2 good, 1 fair, 0 bad or unlabelled). */
export function ndcgAtK(
  rankedIds: readonly string[],
  relevance: ReadonlyMap<string, number>,
  k = 10,
): number {
  const dcg = (gains: number[]) =>
    gains.slice(0, k).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...relevance.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(rankedIds.map((id) => relevance.get(id) ?? 0)) / ideal;
}
