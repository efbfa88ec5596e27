import { z } from 'zod';

export const CONTACT_FIELDS = [
  'primaryEmail',
  'businessEmail',
  'devRelEmail',
  'hiringEmail',
  'billingEmail',
] as const;

export const ZContacts = z.strictObject(
  Object.fromEntries(CONTACT_FIELDS.map((f) => [f, z.email().max(254).nullable().optional()])) as Record<
    (typeof CONTACT_FIELDS)[number],
    z.ZodOptional<z.ZodNullable<z.ZodEmail>>
  >,
);
export type TContacts = Partial<Record<(typeof CONTACT_FIELDS)[number], string | null>>;

/** Lower-cased domain part of an email address. */
export const emailDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
