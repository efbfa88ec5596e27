import { describe, expect, it } from 'vitest';
import {
  CATEGORY_INFO,
  PARTNER_AND_SPONSOR_CATEGORIES,
  PARTNERS_AND_SPONSORS_TIER,
} from '../../src/domain/commdesk-facts.js';

// Written out by hand from shared/spec/commdesk-facts.md, not derived from the code under test.
const EXPECTED: [label: string, kind: string, tier: string, band: number][] = [
  ['Title Sponsor', 'sponsor', 'title', 1],
  ['Presenting Sponsor', 'sponsor', 'presenting', 1],
  ['Co-Presenting Sponsor', 'sponsor', 'co-presenting', 1],
  ['Diamond Sponsor', 'sponsor', 'diamond', 1],
  ['Platinum Sponsor', 'sponsor', 'platinum', 2],
  ['Premier Sponsor', 'sponsor', 'premier', 2],
  ['Elite Sponsor', 'sponsor', 'elite', 2],
  ['Gold Sponsor', 'sponsor', 'gold', 3],
  ['Silver Sponsor', 'sponsor', 'silver', 4],
  ['Bronze Sponsor', 'sponsor', 'bronze', 5],
  ['Knowledge Sponsor', 'sponsor', 'knowledge', 6],
  ['Education Sponsor', 'sponsor', 'education', 6],
  ['Learning Sponsor', 'sponsor', 'learning', 6],
  ['Media Sponsor', 'sponsor', 'media', 7],
  ['Press Sponsor', 'sponsor', 'press', 7],
  ['Broadcast Sponsor', 'sponsor', 'broadcast', 7],
  ['Support Sponsor', 'sponsor', 'support', 8],
  ['Associate Sponsor', 'sponsor', 'associate', 8],
  ['Contributor Sponsor', 'sponsor', 'contributor', 8],
  ['Community Sponsor', 'sponsor', 'community', 9],
  ['Ecosystem Sponsor', 'sponsor', 'ecosystem', 9],
  ['Official Partner', 'partner', 'official partner', 9],
  ['Community Partner', 'partner', 'community', 9],
  ['Ecosystem Partner', 'partner', 'ecosystem', 9],
  ['Knowledge Partner', 'partner', 'knowledge', 6],
  ['Media Partner', 'partner', 'media', 7],
  ['Support Partner', 'partner', 'support', 8],
  ['Associate Partner', 'partner', 'associate', 8],
  ['Strategic Partner', 'partner', 'partner', 9],
  ['Innovation Partner', 'partner', 'partner', 9],
  ['Technology Partner', 'partner', 'partner', 9],
  ['Outreach Partner', 'partner', 'partner', 9],
  ['Venue Partner', 'partner', 'partner', 9],
];

describe('partner category mapping (facts file)', () => {
  it('has the 33 labels in frontend order', () => {
    expect(PARTNER_AND_SPONSOR_CATEGORIES).toHaveLength(33);
    expect([...PARTNER_AND_SPONSOR_CATEGORIES]).toEqual(EXPECTED.map(([label]) => label));
  });

  it.each(EXPECTED)('%s -> kind %s, tier %s, band %i', (label, kind, tier, band) => {
    const info = CATEGORY_INFO.find((c) => c.label === label);
    expect(info).toEqual({ label, kind, tierKeyword: tier, band });
  });

  it('maps every label to one of the 23 tier keywords', () => {
    expect(PARTNERS_AND_SPONSORS_TIER).toHaveLength(23);
    for (const info of CATEGORY_INFO) expect(PARTNERS_AND_SPONSORS_TIER).toContain(info.tierKeyword);
  });
});
