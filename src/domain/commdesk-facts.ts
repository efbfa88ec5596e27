/**
 * Values shared with the existing CommDesk frontend and sibling systems (shared/spec/commdesk-facts.md).
 * Accepted exactly as written: case and spelling matter to the frontend.
 */

export const SPONSOR_CATEGORIES = [
  'Title Sponsor',
  'Presenting Sponsor',
  'Co-Presenting Sponsor',
  'Diamond Sponsor',
  'Platinum Sponsor',
  'Premier Sponsor',
  'Elite Sponsor',
  'Gold Sponsor',
  'Silver Sponsor',
  'Bronze Sponsor',
  'Knowledge Sponsor',
  'Education Sponsor',
  'Learning Sponsor',
  'Media Sponsor',
  'Press Sponsor',
  'Broadcast Sponsor',
  'Support Sponsor',
  'Associate Sponsor',
  'Contributor Sponsor',
  'Community Sponsor',
  'Ecosystem Sponsor',
] as const;

export const PARTNER_CATEGORIES = [
  'Official Partner',
  'Community Partner',
  'Ecosystem Partner',
  'Knowledge Partner',
  'Media Partner',
  'Support Partner',
  'Associate Partner',
  'Strategic Partner',
  'Innovation Partner',
  'Technology Partner',
  'Outreach Partner',
  'Venue Partner',
] as const;

export const PARTNER_AND_SPONSOR_CATEGORIES = [...SPONSOR_CATEGORIES, ...PARTNER_CATEGORIES] as const;
export type PartnerCategory = (typeof PARTNER_AND_SPONSOR_CATEGORIES)[number];
export const DEFAULT_PARTNER_CATEGORY: PartnerCategory = 'Official Partner';

export const PARTNERS_AND_SPONSORS_TIER = [
  'title',
  'presenting',
  'co-presenting',
  'diamond',
  'platinum',
  'premier',
  'elite',
  'gold',
  'silver',
  'bronze',
  'knowledge',
  'education',
  'learning',
  'media',
  'press',
  'broadcast',
  'support',
  'associate',
  'contributor',
  'community',
  'ecosystem',
  'partner',
  'official partner',
] as const;
export type TierKeyword = (typeof PARTNERS_AND_SPONSORS_TIER)[number];

export type PartnerKind = 'sponsor' | 'partner';

/** Display bands in frontend colour order; a label belongs to the first band whose keyword it contains. */
export const DISPLAY_BANDS: readonly (readonly string[])[] = [
  ['title', 'presenting', 'co-presenting', 'diamond'],
  ['platinum', 'premier', 'elite'],
  ['gold'],
  ['silver'],
  ['bronze'],
  ['knowledge', 'education', 'learning'],
  ['media', 'press', 'broadcast'],
  ['support', 'associate', 'contributor'],
  ['community', 'ecosystem', 'partner'],
];

export type CategoryInfo = {
  label: PartnerCategory;
  kind: PartnerKind;
  tierKeyword: TierKeyword;
  /** 1-based band index; lower sorts first. */
  band: number;
};

const TIER_SET: ReadonlySet<string> = new Set(PARTNERS_AND_SPONSORS_TIER);

function describe(label: PartnerCategory): CategoryInfo {
  const kind: PartnerKind = label.endsWith(' Sponsor') ? 'sponsor' : 'partner';
  const stem = label.replace(/ (Sponsor|Partner)$/, '').toLowerCase();
  let tierKeyword: TierKeyword;
  if (label === 'Official Partner') tierKeyword = 'official partner';
  else if (TIER_SET.has(stem)) tierKeyword = stem as TierKeyword;
  else tierKeyword = 'partner';
  const lower = label.toLowerCase();
  const bandIndex = DISPLAY_BANDS.findIndex((band) => band.some((keyword) => lower.includes(keyword)));
  return { label, kind, tierKeyword, band: bandIndex + 1 };
}

export const CATEGORY_INFO: readonly CategoryInfo[] = PARTNER_AND_SPONSOR_CATEGORIES.map(describe);
const INFO_BY_LABEL = new Map(CATEGORY_INFO.map((info) => [info.label as string, info]));

export function isPartnerCategory(value: string): value is PartnerCategory {
  return INFO_BY_LABEL.has(value);
}

export function categoryInfo(label: PartnerCategory): CategoryInfo {
  return INFO_BY_LABEL.get(label)!;
}

export const EVENT_TYPES = [
  'Workshop',
  'Hands-on Workshop',
  'Seminar',
  'Conference',
  'Webinar',
  'Meetup',
  'Hackathon',
  'Code Lab',
  'Bootcamp',
  'Panel Discussion',
  'Tech Talk',
  'AMA Session',
  'Networking Event',
  'Startup Pitch',
  'Product Launch',
  'Demo Day',
  'Training Session',
  'Certification Program',
  'Competition',
  'Challenge',
  'Community Meetup',
  'Open Source Sprint',
  'Volunteer Event',
  'Charity Event',
  'Festival',
  'Concert',
  'Sports Event',
  'Trade Show',
] as const;

export const EVENT_CATEGORIES = [
  'Technology',
  'Artificial Intelligence',
  'Machine Learning',
  'Web Development',
  'Mobile Development',
  'Cloud Computing',
  'Cybersecurity',
  'Data Science',
  'Open Source',
  'DevOps',
  'Startup',
  'Entrepreneurship',
  'Business',
  'Product Management',
  'Education',
  'Career Development',
  'Leadership',
  'Design / UI-UX',
  'Marketing',
  'Finance',
  'Health',
  'Social Impact',
  'Community',
  'Entertainment',
  'Music',
  'Art',
  'Sports',
] as const;

export const EVENT_CURRENCIES = ['INR', 'USD', 'EUR', 'GBP'] as const;
/** Event System API statuses; the frontend's Live/Upcoming/Completed is derived from dates. */
export const EVENT_STATUSES = ['draft', 'published', 'archived'] as const;
export const EVENT_PHASES = ['Upcoming', 'Live', 'Completed'] as const;

export const COMMUNITY_ROLES = [
  'Organizer',
  'Co-Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
  'Industry Relations Lead',
  'Community Lead',
  'Events Lead',
  'Hackathon Lead',
  'Mentor',
  'Volunteer',
  'Member',
] as const;
export type CommunityRole = (typeof COMMUNITY_ROLES)[number];

export const COMMUNITY_STATUSES = [
  'pending',
  'under_review',
  'approved',
  'active',
  'rejected',
  'suspended',
] as const;
export type CommunityStatus = (typeof COMMUNITY_STATUSES)[number];
export const OUTREACH_COMMUNITY_STATUSES: readonly CommunityStatus[] = ['approved', 'active'];

export const MEMBER_STATUSES = ['On Boarding', 'Active', 'Inactive', 'Suspended', 'Banned'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const ORGANIZATION_KINDS = ['sponsor', 'partner'] as const;
export const ORGANIZATION_STATUSES = [
  'Pending Verification',
  'Verified',
  'Community Added',
  'Active',
  'Rejected',
  'Disabled',
] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export const ORGANIZATION_ROLES = [
  'Sponsor Admin',
  'Sponsor Manager',
  'DevRel Manager',
  'Hiring Manager',
  'Partner Admin',
  'Partnership Manager',
] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];
/** A person's standing in an organization: invited (not yet accepted), active, or removed (left or was removed). */
export const ORGANIZATION_MEMBER_STATUSES = ['invited', 'active', 'removed'] as const;

export const PARTNERSHIPS_INTEREST = 'PARTNERSHIPS & SPONSORSHIPS';
