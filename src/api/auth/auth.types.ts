import { z } from '@hono/zod-openapi';
import {
  COMMUNITY_ROLES,
  COMMUNITY_STATUSES,
  MEMBER_STATUSES,
  ORGANIZATION_KINDS,
  ORGANIZATION_MEMBER_STATUSES,
  ORGANIZATION_ROLES,
  ORGANIZATION_STATUSES,
} from '../../domain/commdesk-facts.js';
import { zText } from '../../domain/text.js';

/** Passwords arrive byte-exact (no trimming or normalising: that would change existing hashes' inputs). */
const ZPassword = zText({ min: 1, max: 1024, normalize: false });

export const ZLoginBody = z
  .strictObject({
    email: z.email().max(254),
    password: ZPassword,
    session: z
      .enum(['bearer', 'cookie'])
      .optional()
      .describe(
        '`bearer`: the token is returned in the body, for servers and scripts. `cookie`: for browsers; the token ' +
          'is set as an HttpOnly cookie and never returned, and unsafe requests must send X-CSRF-Token (csrfToken).',
      ),
  })
  .openapi('LoginBody');

export const ZUser = z
  .object({ id: z.string(), email: z.string(), name: z.string(), isPlatformAdmin: z.boolean() })
  .openapi('User');

const ZCommunityMemberships = z.array(
  z.object({
    communityId: z.string(),
    communityName: z.string(),
    communityStatus: z.enum(COMMUNITY_STATUSES),
    role: z.enum(COMMUNITY_ROLES),
    status: z.enum(MEMBER_STATUSES),
  }),
);
const ZOrganizationMemberships = z.array(
  z.object({
    organizationId: z.string(),
    organizationName: z.string(),
    organizationStatus: z.enum(ORGANIZATION_STATUSES),
    kind: z.enum(ORGANIZATION_KINDS),
    role: z.enum(ORGANIZATION_ROLES),
    status: z.enum(ORGANIZATION_MEMBER_STATUSES),
  }),
);

/** What activation answers: a bearer session (the activation link is opened by the API's own flow). */
export const ZSessionOpened = z.object({ token: z.string(), expiresAt: z.string(), user: ZUser });

export const ZLoginResult = z
  .object({
    token: z
      .string()
      .optional()
      .describe('The bearer token (bearer sessions only; a cookie session keeps it in the HttpOnly cookie)'),
    csrfToken: z
      .string()
      .optional()
      .describe('Cookie sessions only: send it as X-CSRF-Token on POST, PUT, PATCH and DELETE'),
    sessionKind: z.enum(['bearer', 'cookie']),
    expiresAt: z.string().describe('When the session ends unless refreshed'),
    absoluteExpiresAt: z.string().describe('No refresh extends the session past this'),
    user: ZUser,
    communities: ZCommunityMemberships,
    organizations: ZOrganizationMemberships,
  })
  .openapi('LoginResult');

export const ZMe = z
  .object({
    user: ZUser,
    session: z.object({
      expiresAt: z.string(),
      absoluteExpiresAt: z.string(),
      kind: z.enum(['bearer', 'cookie']),
      csrfToken: z
        .string()
        .nullable()
        .describe('Cookie sessions: the X-CSRF-Token value (a reloaded page gets it here); null for bearer'),
    }),
    communities: ZCommunityMemberships,
    organizations: ZOrganizationMemberships,
  })
  .openapi('Me');

export const ZActivateBody = z
  .strictObject({
    token: z
      .string()
      .min(20)
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/, 'not an activation token'),
    password: ZPassword.optional(),
  })
  .openapi('ActivateBody');
