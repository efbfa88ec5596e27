// Deterministic, realistic-looking organizations for the directory benchmark (seeded: every run
// generates the same rows, so numbers are comparable between runs and machines).
import {
  EVENT_TYPES,
  ORGANIZATION_STATUSES,
  PARTNER_AND_SPONSOR_CATEGORIES,
  type OrganizationStatus,
} from '../../src/domain/commdesk-facts.js';

type TOrganizationInsert = {
  id: string;
  kind: 'sponsor' | 'partner';
  legalName: string | null;
  displayName: string;
  normalizedDomain: string;
  website: string;
  logoUrl: string | null;
  industry: string | null;
  shortDescription: string | null;
  technologies: string[];
  developerTools: string[];
  supportedRegions: string[];
  preferredEventTypes: string[];
  supportedCommunityTypes: string[];
  availableSponsorshipTypes: string[];
  budgetMinMinor: number | null;
  budgetMaxMinor: number | null;
  budgetCurrency: string | null;
  status: OrganizationStatus;
  reputationScore: number;
  addedByCommunityId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export const WELL_KNOWN = [
  'Google Cloud',
  'MongoDB',
  'Amazon Web Services',
  'Microsoft Azure',
  'GitHub',
  'GitLab',
  'DigitalOcean',
  'Cloudflare',
  'Vercel',
  'Netlify',
  'Stripe',
  'Twilio',
  'Datadog',
  'Elastic',
  'Redis',
  'Confluent',
  'HashiCorp',
  'Snowflake',
  'Databricks',
  'Supabase',
  'Postman',
  'JetBrains',
  'Atlassian',
  'Okta',
  'Algolia',
  'Sentry',
  'Grafana Labs',
  'Docker',
  'Red Hat',
  'Canonical',
  'NVIDIA',
  'Hugging Face',
] as const;

export const INDUSTRIES = [
  'Cloud Infrastructure',
  'Artificial Intelligence',
  'Machine Learning',
  'Developer Tools',
  'Cybersecurity',
  'Fintech',
  'E-commerce',
  'Healthcare',
  'EdTech',
  'Gaming',
  'Media',
  'Telecommunications',
  'Semiconductors',
  'Blockchain',
  'Data Analytics',
  'Open Source',
  'DevOps',
  'Mobile',
  'Internet of Things',
  'Automotive',
  'Consulting',
  'Recruiting',
  'Venture Capital',
  'Nonprofit',
] as const;

export const TECHNOLOGIES = [
  'JavaScript',
  'TypeScript',
  'Python',
  'Go',
  'Rust',
  'Java',
  'Kotlin',
  'Swift',
  'C++',
  'C#',
  'Ruby',
  'PHP',
  'Elixir',
  'Scala',
  'React',
  'Vue.js',
  'Angular',
  'Svelte',
  'Next.js',
  'Node.js',
  'Deno',
  'Django',
  'Flask',
  'Spring Boot',
  'Ruby on Rails',
  'Laravel',
  '.NET',
  'Flutter',
  'React Native',
  'Kubernetes',
  'Docker',
  'Terraform',
  'Ansible',
  'AWS',
  'Google Cloud',
  'Azure',
  'PostgreSQL',
  'MySQL',
  'MongoDB',
  'Redis',
  'Elasticsearch',
  'Kafka',
  'GraphQL',
  'gRPC',
  'TensorFlow',
  'PyTorch',
  'LangChain',
  'OpenAI API',
  'Solidity',
  'Ethereum',
  'WebAssembly',
  'Unity',
  'Unreal Engine',
  'Tailwind CSS',
  'Firebase',
  'Supabase',
  'Prometheus',
  'Grafana',
  'Linux',
  'Raspberry Pi',
] as const;

const DEVELOPER_TOOLS = [
  'VS Code',
  'GitHub Actions',
  'GitLab CI',
  'Jenkins',
  'Postman',
  'Jira',
  'Sentry',
  'Datadog',
  'Figma',
  'Storybook',
  'Vite',
  'Webpack',
  'ESLint',
  'Jupyter',
  'Copilot',
  'Cursor',
  'IntelliJ IDEA',
  'Xcode',
  'Android Studio',
  'Playwright',
] as const;

export const REGIONS = [
  'North America',
  'Europe',
  'APAC',
  'India',
  'LATAM',
  'Middle East',
  'Africa',
  'Global',
] as const;

const COMMUNITY_TYPES = [
  'Student Club',
  'Developer Community',
  'Open Source Project',
  'Meetup Group',
  'University',
  'Women in Tech',
] as const;

const SYLLABLES = [
  'ze',
  'no',
  'va',
  'lu',
  'mi',
  'ra',
  'ko',
  'ti',
  'sa',
  'qu',
  'xa',
  'bri',
  'tro',
  'fle',
  'gra',
  'dex',
  'lin',
  'mar',
  'pel',
  'sol',
  'ver',
  'cor',
  'nex',
  'ori',
  'pix',
  'quo',
  'ryn',
  'sta',
  'tek',
  'uma',
  'vex',
  'wyn',
  'yon',
  'zen',
  'ark',
  'bel',
  'cyn',
  'dro',
  'eon',
  'fyr',
  'gal',
  'hal',
  'ion',
  'jet',
  'kyr',
  'lum',
  'myr',
  'nov',
  'ops',
  'pul',
] as const;

const SUFFIXES = [
  'Labs',
  'Cloud',
  'Systems',
  'Data',
  'AI',
  'Networks',
  'Software',
  'Technologies',
  'Analytics',
  'Security',
  'Studios',
  'Robotics',
  'Digital',
  'Dynamics',
  'Interactive',
  'Ventures',
  'Foundation',
  'Collective',
  'Works',
  'IO',
] as const;

const DESCRIPTION_TEMPLATES = [
  (i: string, t: string[]) =>
    `Builds ${i.toLowerCase()} products with ${t.join(' and ')} for developer communities.`,
  (i: string, t: string[]) =>
    `A ${i.toLowerCase()} company supporting hackathons and meetups; stack: ${t.join(', ')}.`,
  (i: string, t: string[]) =>
    `Helps teams ship faster with ${t[0] ?? 'modern tools'}; active in ${i.toLowerCase()} and developer relations.`,
  (i: string, t: string[]) => `Sponsors student developers working on ${t.join(', ')}. Focus: ${i}.`,
] as const;

/** mulberry32: tiny, fast, good enough for test data, and reproducible across Node versions. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  /** Zipf-like: early entries of a list are far more common than late ones, as in real data. */
  const skewed = <T>(list: readonly T[]) => list[Math.floor(list.length * next() ** 2)]!;
  const some = <T>(list: readonly T[], min: number, max: number, skew = true) => {
    const n = min + int(max - min + 1);
    const out = new Set<T>();
    while (out.size < n) out.add(skew ? skewed(list) : list[int(list.length)]!);
    return [...out];
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  return { next, int, skewed, some, uuid };
}

const STATUS_WEIGHTS: [OrganizationStatus, number][] = [
  ['Active', 0.55],
  ['Verified', 0.2],
  ['Community Added', 0.1],
  ['Pending Verification', 0.08],
  ['Rejected', 0.04],
  ['Disabled', 0.03],
];
if (STATUS_WEIGHTS.length !== ORGANIZATION_STATUSES.length) throw new Error('status weights incomplete');

const CURRENCIES: [string | null, number][] = [
  ['USD', 0.55],
  ['EUR', 0.2],
  ['INR', 0.15],
  ['GBP', 0.05],
  [null, 0.05],
];

function weighted<T>(r: number, table: [T, number][]): T {
  let acc = 0;
  for (const [value, weight] of table) {
    acc += weight;
    if (r < acc) return value;
  }
  return table[table.length - 1]![0];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Organizations `from` .. `from + count - 1` of the seeded sequence: generating 0..10k then 10k..100k
 * gives the same first 10k rows as generating 0..100k at once.
 */
export function generateOrganizations(
  from: number,
  count: number,
  communityIds: string[],
  seed = 20_260_101,
): TOrganizationInsert[] {
  const rows: TOrganizationInsert[] = [];
  const epoch = Date.UTC(2023, 0, 1);
  const span = Date.UTC(2026, 0, 1) - epoch;
  for (let n = from; n < from + count; n++) {
    const r = seededRandom(seed ^ Math.imul(n + 1, 0x9e3779b1));
    let brand: string;
    const wellKnown = n < WELL_KNOWN.length;
    if (wellKnown) {
      brand = WELL_KNOWN[n]!;
    } else {
      const syllables = 2 + r.int(2);
      brand = capitalize(
        Array.from({ length: syllables }, () => SYLLABLES[r.int(SYLLABLES.length)]).join(''),
      );
      if (r.next() < 0.7) brand += ` ${SUFFIXES[r.int(SUFFIXES.length)]}`;
    }
    const domain = `${brand.toLowerCase().replace(/[^a-z0-9]+/g, '')}${wellKnown ? '' : `-${n}`}.${['com', 'io', 'dev', 'ai', 'co'][r.int(5)]}`;
    const industry = r.skewed(INDUSTRIES);
    const technologies = r.some(TECHNOLOGIES, 2, 6);
    const currency = weighted(r.next(), CURRENCIES);
    const min = currency ? (5 + r.int(200)) * 10_000 : null;
    // The well-known names are what the typo queries look for: keep them listed and near the top.
    const status = wellKnown ? 'Active' : weighted(r.next(), STATUS_WEIGHTS);
    const createdAt = new Date(epoch + Math.floor(r.next() * span));
    rows.push({
      id: r.uuid(),
      kind: r.next() < 0.65 ? 'sponsor' : 'partner',
      legalName: r.next() < 0.6 ? `${brand} ${['Inc.', 'Ltd', 'GmbH', 'Pvt Ltd', 'LLC'][r.int(5)]}` : null,
      displayName: brand,
      normalizedDomain: domain,
      website: `https://${domain}`,
      logoUrl: `https://${domain}/logo.png`,
      industry,
      shortDescription: DESCRIPTION_TEMPLATES[r.int(DESCRIPTION_TEMPLATES.length)]!(
        industry,
        technologies.slice(0, 3),
      ),
      technologies,
      developerTools: r.some(DEVELOPER_TOOLS, 0, 3),
      supportedRegions: r.some(REGIONS, 1, 3),
      preferredEventTypes: r.some(EVENT_TYPES, 1, 4),
      supportedCommunityTypes: r.some(COMMUNITY_TYPES, 1, 3, false),
      availableSponsorshipTypes: r.some(PARTNER_AND_SPONSOR_CATEGORIES, 1, 3),
      budgetMinMinor: min,
      budgetMaxMinor: min === null ? null : min * (2 + r.int(8)),
      budgetCurrency: currency,
      status,
      reputationScore: wellKnown ? 95 + r.int(5) : Math.floor(100 * r.next() ** 1.5),
      addedByCommunityId:
        status === 'Community Added' && communityIds.length > 0
          ? communityIds[r.int(communityIds.length)]!
          : null,
      createdAt,
      updatedAt: createdAt,
    });
  }
  return rows;
}
