import { z } from '@hono/zod-openapi';
import { zText } from '../../domain/text.js';

/** Passwords arrive byte-exact (no trimming or normalising: that would change existing hashes' inputs). */
const ZPassword = zText({ min: 1, max: 1024, normalize: false });

export const ZLoginBody = z
  .strictObject({
    email: z.email().max(254),
    password: ZPassword,
  })
  .openapi('LoginBody');

export const ZUser = z
  .object({ id: z.string(), email: z.string(), name: z.string(), isPlatformAdmin: z.boolean() })
  .openapi('User');

export const ZLoginResult = z
  .object({ token: z.string(), expiresAt: z.string(), user: ZUser })
  .openapi('LoginResult');

export const ZMe = z
  .object({
    user: ZUser,
    session: z.object({ expiresAt: z.string() }),
    communities: z.array(
      z.object({
        communityId: z.string(),
        communityName: z.string(),
        communityStatus: z.string(),
        role: z.string(),
        status: z.string(),
      }),
    ),
    organizations: z.array(
      z.object({
        organizationId: z.string(),
        organizationName: z.string(),
        organizationStatus: z.string(),
        kind: z.string(),
        role: z.string(),
        status: z.string(),
      }),
    ),
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
