import { z } from '@hono/zod-openapi';
import { STRIPE_EVENT_DELIVERIES, type TStripeEventDelivery } from '../../domain/stripe-events.js';

type TDelivered = Exclude<TStripeEventDelivery, 'pending'>;
import { PAYOUT_STATUSES } from '../../domain/payouts.js';
import { ZUuid } from '../http.js';

/**
 * A Stripe event as the webhook receives it (only what we read is named; Stripe adds fields over time, so others
 * pass). The signature on the raw body is what makes it trustworthy, not this shape.
 */
export const ZStripeEvent = z
  .looseObject({
    id: z.string().regex(/^evt_[A-Za-z0-9_]{1,255}$/, { message: 'must be a Stripe event id (evt_...)' }),
    object: z.literal('event'),
    type: z
      .string()
      .max(200)
      .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, {
        message: 'must be a Stripe event type such as payment_intent.succeeded',
      }),
    created: z.number().int().min(0).describe("Stripe's creation time (Unix seconds)"),
    livemode: z.boolean(),
    account: z
      .string()
      .max(255)
      .regex(/^acct_[A-Za-z0-9]+$/, { message: 'must be a Stripe account id (acct_...)' })
      .optional()
      .describe('the connected account (Connect events)'),
    data: z
      .looseObject({
        object: z
          .looseObject({
            id: z
              .string()
              .max(255)
              .regex(/^[A-Za-z0-9_]+$/, { message: 'must be a Stripe object id' })
              .optional(),
            object: z
              .string()
              .max(100)
              .regex(/^[a-z_.]+$/, { message: 'must be a Stripe object type' })
              .optional(),
            metadata: z.record(z.string(), z.string()).nullable().optional(),
          })
          // Stripe's objects carry many more fields than we read: declared open on purpose, not left untyped.
          .openapi({ additionalProperties: true }),
      })
      .openapi({ additionalProperties: true }),
  })
  .openapi('StripeEvent', { additionalProperties: true });
export type TStripeEventBody = z.infer<typeof ZStripeEvent>;

export const ZStripeSignatureHeader = z.object({
  'stripe-signature': z
    .string({ error: 'missing: Stripe signs every event it sends, and an unsigned request is refused' })
    .max(4096)
    .regex(/^[\x20-\x7E]+$/, { message: 'must be printable ASCII (t=...,v1=...)' })
    .openapi({
      description:
        'Stripe-Signature: t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<raw body>" with the signing secret>',
      example: 't=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
    }),
});

export const ZStripeWebhookResult = z
  .object({
    eventId: z.string(),
    /** True when this event id was stored before: nothing was stored or changed again. */
    duplicate: z.boolean(),
    /** Never `pending` in an answer: a delivery that could not be made is a 503, and Stripe sends the event again. */
    delivery: z.enum(STRIPE_EVENT_DELIVERIES.filter((d) => d !== 'pending') as [TDelivered, ...TDelivered[]]),
    note: z.string().nullable(),
  })
  .openapi('StripeWebhookResult');

export const ZCommunityPayoutParams = z.object({ communityId: ZUuid });

/** What Stripe still needs before the account can be paid out, as Stripe last reported it. */
export const ZPayoutRequirements = z
  .object({
    currentlyDue: z.array(z.string()).describe('fields Stripe needs now'),
    pastDue: z.array(z.string()).describe('fields whose deadline passed: payouts stop until they are given'),
    eventuallyDue: z.array(z.string()),
    disabledReason: z.string().nullable().describe('why Stripe disabled the account, if it did'),
    currentDeadline: z.iso.datetime({ offset: true }).nullable(),
  })
  .openapi('PayoutRequirements');

export const ZPayoutAccount = z
  .object({
    communityId: z.uuid(),
    stripeAccountId: z.string(),
    payoutsEnabled: z.boolean().describe('transfers to the community can be paid out: releases are not held'),
    chargesEnabled: z.boolean(),
    detailsSubmitted: z.boolean(),
    requirements: ZPayoutRequirements,
    country: z.string().nullable(),
    defaultCurrency: z.string().nullable(),
    /** When Stripe's last reported state was created (null: not reported since creation). */
    stateAsOf: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .openapi('PayoutAccount');

export const ZConnectedPayout = z
  .object({
    stripePayoutId: z.string(),
    amountMinor: z.number().int(),
    currency: z
      .string()
      .regex(/^[a-z]{3}$/)
      .describe('lower-case ISO 4217 code, as Stripe gives it'),
    status: z.enum(PAYOUT_STATUSES),
    arrivalDate: z.iso
      .datetime({ offset: true })
      .nullable()
      .describe('when Stripe expects the money in the bank account'),
    failureCode: z.string().nullable(),
    failureMessage: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }).describe('when Stripe created the payout'),
    updatedAt: z.iso.datetime({ offset: true }).describe('when Stripe last reported a change'),
  })
  .openapi('ConnectedPayout');

export const ZPayoutAccountWithPayouts = ZPayoutAccount.extend({
  payouts: z
    .array(ZConnectedPayout)
    .describe("the account's latest 20 payouts to the community's bank, newest first"),
}).openapi('PayoutAccountWithPayouts');

export const ZPayoutAccountOnboarding = z
  .object({
    account: ZPayoutAccount,
    onboardingUrl: z
      .url()
      .describe("Stripe's hosted onboarding for the account (single use, expires in minutes)"),
    onboardingExpiresAt: z.iso.datetime({ offset: true }),
  })
  .openapi('PayoutAccountOnboarding');
