import { z } from 'zod';
import { zText } from './text.js';
import {
  CATEGORY_INFO,
  categoryInfo,
  DEFAULT_PARTNER_CATEGORY,
  isPartnerCategory,
  PARTNER_AND_SPONSOR_CATEGORIES,
  type PartnerCategory,
} from './commdesk-facts.js';

export const BENEFIT_KEYS = [
  'logo_placement',
  'keynote_slot',
  'workshop_slot',
  'booth',
  'social_promotion',
  'newsletter_mention',
  'hiring_access',
  'custom',
] as const;

export const ZBenefit = z.strictObject({
  key: z.enum(BENEFIT_KEYS),
  label: zText({ min: 1, max: 120 }).optional(),
  detail: zText({ max: 500, multiline: true }).optional(),
});
export type TBenefit = z.infer<typeof ZBenefit>;

const ACCEPTED = PARTNER_AND_SPONSOR_CATEGORIES.join(', ');

/** A display category label; anything else is rejected with the full list so the caller can fix it. */
export const ZPartnerCategory = z
  .string()
  .refine(isPartnerCategory, { message: `category must be one of: ${ACCEPTED}` })
  .transform((value) => value as PartnerCategory)
  .meta({ enum: [...PARTNER_AND_SPONSOR_CATEGORIES] });

export const ZVisibility = z.enum(['public', 'community']);

export { CATEGORY_INFO, categoryInfo, DEFAULT_PARTNER_CATEGORY };

/** Lower-cased registrable-ish host of a URL ("https://www.Acme.io/x" -> "acme.io"). */
export function websiteHost(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/** Default benefits offered for a category, by display band (an opportunity may edit them). */
export function defaultBenefitsFor(category: PartnerCategory): TBenefit[] {
  const band = categoryInfo(category).band;
  const keys: (typeof BENEFIT_KEYS)[number][] =
    band === 1
      ? ['logo_placement', 'keynote_slot', 'booth', 'social_promotion', 'newsletter_mention', 'hiring_access']
      : band === 2
        ? ['logo_placement', 'workshop_slot', 'booth', 'social_promotion', 'newsletter_mention']
        : band === 3
          ? ['logo_placement', 'booth', 'social_promotion']
          : band <= 5
            ? ['logo_placement', 'social_promotion']
            : ['logo_placement'];
  return keys.map((key) => ({ key }));
}
