import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ZInvoiceDocument, ZReceiptDocument } from '../../src/api/payments/invoices.types.js';
import { ZPayment } from '../../src/api/payments/payments.types.js';
import {
  DISPUTE_FILERS,
  DISPUTE_OUTCOMES,
  ESCROW_ACTION_TYPES,
  ESCROW_WAITING_ON,
  MILESTONE_STATUSES,
  PAYMENT_EVENT_ACTORS,
  PAYMENT_EVENT_TYPES,
  PAYMENT_PHASES,
  PAYMENT_STATUSES,
  RELEASE_CONDITION_TYPES,
} from '../../src/domain/escrow.js';
import { INVOICE_PARTY_KINDS } from '../../src/domain/invoice.js';
import { LEDGER_ACCOUNTS, LEDGER_KINDS } from '../../src/domain/ledger.js';
import { assertLedgerHolds } from '../../src/ledger-verify.js';
import { createSessionToken, createUser } from '../helpers/fixtures.js';
import { chargebackEvent, escrowDeal, pay, paymentWhen, type TEscrowDeal } from '../helpers/escrow.js';
import { paymentIntentEvent, postStripeEvent } from '../helpers/stripe.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

/**
 * The payments API answers only what its document declares: every payment view returned by the real flows (GET and
 * every POST step: release, approval, dispute, answer, resolution, refund, a mismatched payment frozen) parses with
 * the response schema the OpenAPI document is generated from, so each status, timeline type, actor, outcome and
 * currency is one of the documented enum values; the invoice and receipt JSON likewise. The document's enums are the
 * domain's constant lists, value for value.
 */

let stack: TTestStack;
let admin: { token: string; id: string };

beforeAll(async () => {
  stack = await startTestStack({ STRIPE_API_BASE: inject('stripe').apiBase });
  const user = await createUser(stack.db, { isPlatformAdmin: true });
  admin = { id: user.id, token: await createSessionToken(stack.db, user.id) };
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** What the API returned, by field, across every checked response. */
const seen = {
  status: new Set<string>(),
  phase: new Set<string>(),
  waitingOn: new Set<string>(),
  milestone: new Set<string>(),
  eventType: new Set<string>(),
  actor: new Set<string>(),
  actionType: new Set<string>(),
  outcome: new Set<string>(),
  filedBy: new Set<string>(),
  ledgerKind: new Set<string>(),
  account: new Set<string>(),
};

/** Parses a payment view with the documented schema (a value outside an enum fails here) and records its values. */
function checked(body: { data: unknown }, what: string) {
  const parsed = ZPayment.safeParse(body.data);
  if (!parsed.success) throw new Error(`${what}: ${parsed.error.message}\n${JSON.stringify(body.data)}`);
  const p = parsed.data;
  seen.status.add(p.status);
  seen.phase.add(p.phase);
  seen.waitingOn.add(p.waitingOn);
  for (const m of p.milestones) seen.milestone.add(m.status);
  for (const e of p.timeline) {
    seen.eventType.add(e.type);
    if (e.actorSide) seen.actor.add(e.actorSide);
    if (e.detail?.action) seen.actionType.add(e.detail.action.type);
  }
  for (const d of p.disputes) {
    seen.filedBy.add(d.filedBy);
    if (d.resolution) seen.outcome.add(d.resolution.outcome);
  }
  for (const l of p.ledger) {
    seen.ledgerKind.add(l.kind);
    seen.account.add(l.account);
  }
  return p;
}

const post = async (token: string, path: string, body: unknown = {}) => {
  const res = await stack.request('POST', `/api/v1${path}`, { token, body });
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return checked(res.body, `POST ${path}`);
};
const view = async (deal: TEscrowDeal, until: (p: any) => boolean, what: string) =>
  checked({ data: await paymentWhen(stack, deal.sponsor.token, deal.paymentId, until, what) }, what);

async function documents(deal: TEscrowDeal) {
  for (const [kind, schema] of [
    ['invoice', ZInvoiceDocument],
    ['receipt', ZReceiptDocument],
  ] as const) {
    const res = await stack.request('GET', `/api/v1/payments/${deal.paymentId}/${kind}?format=json`, {
      token: deal.sponsor.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) throw new Error(`${kind}: ${parsed.error.message}\n${JSON.stringify(res.body)}`);
  }
}

describe('payments: responses stay inside the documented enums', () => {
  it('the document lists the domain constants as the enums of the payment, invoice and receipt schemas', async () => {
    const doc = (await stack.request('GET', '/openapi.json')).body;
    const schemas = doc.components.schemas;
    const p = schemas.Payment.properties;
    const item = (s: any) => s.items.properties;
    expect(p.status.enum).toEqual([...PAYMENT_STATUSES]);
    expect(p.phase.enum).toEqual([...PAYMENT_PHASES]);
    expect(p.waitingOn.enum).toEqual([...ESCROW_WAITING_ON]);
    expect(p.currency.pattern).toBe('^[A-Z]{3}$');
    expect(item(p.ledger).kind.enum).toEqual([...LEDGER_KINDS]);
    expect(item(p.ledger).account.enum).toEqual([...LEDGER_ACCOUNTS]);
    expect(item(p.balances).account.enum).toEqual([...LEDGER_ACCOUNTS]);
    const timeline = item(p.timeline);
    expect(timeline.type.enum).toEqual([...PAYMENT_EVENT_TYPES]);
    // A nullable enum lists null among its values (or is anyOf [enum, null]): compared without it.
    const enumOf = (s: any) =>
      ((s.enum ?? s.anyOf?.find((x: any) => x.enum)?.enum) as (string | null)[]).filter((v) => v !== null);
    expect(enumOf(timeline.actorSide)).toEqual([...PAYMENT_EVENT_ACTORS]);
    expect(enumOf(timeline.fromStatus)).toEqual([...PAYMENT_STATUSES]);
    expect(enumOf(timeline.toStatus)).toEqual([...PAYMENT_STATUSES]);
    const resolveRef = (s: any) => (s.$ref ? schemas[s.$ref.split('/').pop()] : s);
    const milestone = resolveRef(p.milestones.items).properties;
    expect(milestone.status.enum).toEqual([...MILESTONE_STATUSES]);
    expect(milestone.condition.properties.type.enum).toEqual([...RELEASE_CONDITION_TYPES]);
    const dispute = resolveRef(p.disputes.items).properties;
    expect(dispute.filedBy.enum).toEqual([...DISPUTE_FILERS]);
    const resolution = (dispute.resolution.anyOf ?? [dispute.resolution]).find((x: any) => x.properties);
    expect(resolution.properties.outcome.enum).toEqual([...DISPUTE_OUTCOMES]);
    expect(schemas.PaymentEventDetail.properties.action.properties.type.enum).toEqual([
      ...ESCROW_ACTION_TYPES,
    ]);
    expect(schemas.InvoiceDocument.properties.buyer.properties.kind.enum).toEqual([...INVOICE_PARTY_KINDS]);
  });

  it('every payment view of the real flows parses with the documented schema', async () => {
    // Released: paid, asked for, approved, transferred.
    const released = await escrowDeal(stack);
    checked(
      (
        await stack.request('GET', `/api/v1/payments/${released.paymentId}`, {
          token: released.sponsor.token,
        })
      ).body,
      'awaiting payment',
    );
    await pay(stack, released);
    const p = await view(released, (x) => x.status === 'InEscrow', 'InEscrow');
    const m1 = p.milestones[0]!.id;
    await post(released.organizer.token, `/payments/${released.paymentId}/milestones/${m1}/release-request`, {
      note: 'Logo is live',
      proofUrl: 'https://example.com/proof',
    });
    await post(released.sponsor.token, `/payments/${released.paymentId}/milestones/${m1}/approve`);
    await view(released, (x) => x.status === 'Released', 'Released');
    await documents(released);

    // Refunded by a platform admin while in escrow.
    const refunded = await escrowDeal(stack);
    await pay(stack, refunded);
    await view(refunded, (x) => x.status === 'InEscrow', 'InEscrow');
    await post(admin.token, `/payments/${refunded.paymentId}/refund`, { reason: 'event cancelled' });
    await view(refunded, (x) => x.status === 'Refunded', 'Refunded');

    // Frozen: Stripe reports another amount than the invoice.
    const short = await escrowDeal(stack);
    const event = paymentIntentEvent('payment_intent.succeeded', {
      paymentId: short.paymentId,
      dealId: short.dealId,
      contractId: short.contractId,
      amountMinor: short.payment.grossMinor - 1,
      paymentIntentId: short.payment.stripePaymentIntentId!,
    });
    expect((await postStripeEvent(stack, event)).status).toBe(200);
    // Not taken into escrow: still AwaitingPayment, held (frozen) with the alert for ops.
    await view(short, (x) => x.frozen === true && /Stripe reports/.test(x.alert ?? ''), 'the mismatch held');

    // Frozen: a chargeback opened at Stripe holds every release of a funded payment.
    const chargedBack = await escrowDeal(stack);
    await pay(stack, chargedBack);
    await view(chargedBack, (x) => x.status === 'InEscrow', 'InEscrow');
    expect(
      (await postStripeEvent(stack, chargebackEvent(chargedBack, 'charge.dispute.created'))).status,
    ).toBe(200);
    await view(chargedBack, (x) => x.status === 'Frozen', 'Frozen');

    // The flows reached the values that matter (the parse above is what checks each against its enum).
    expect([...seen.status]).toEqual(
      expect.arrayContaining(['AwaitingPayment', 'InEscrow', 'Released', 'Refunded', 'Frozen']),
    );
    expect([...seen.eventType]).toEqual(
      expect.arrayContaining([
        'created',
        'invoiced',
        'paid',
        'request_release',
        'approve',
        'transferred',
        'refund',
        'payment_mismatch',
        'freeze',
      ]),
    );
    expect([...seen.actor]).toEqual(
      expect.arrayContaining(['system', 'stripe', 'community', 'organization', 'platform_admin']),
    );
    expect([...seen.milestone]).toEqual(
      expect.arrayContaining(['Pending', 'Funded', 'ReleaseRequested', 'Released', 'Refunded']),
    );
    expect([...seen.ledgerKind]).toEqual(
      expect.arrayContaining(['funding', 'release', 'transfer', 'refund']),
    );
    await assertLedgerHolds(stack.db);
  }, 180_000);

  it('the dispute flow (filed, answered, split) answers inside the documented enums too', async () => {
    // Settled: disputed by the sponsor, answered by the community, split by a platform admin.
    const split = await escrowDeal(stack);
    await pay(stack, split);
    let p = await view(split, (x) => x.status === 'InEscrow', 'InEscrow');
    const m2 = p.milestones[0]!.id;
    await post(split.organizer.token, `/payments/${split.paymentId}/milestones/${m2}/release-request`, {
      note: 'all done',
    });
    p = await post(split.sponsor.token, `/payments/${split.paymentId}/milestones/${m2}/dispute`, {
      reason: 'booth missing',
    });
    const disputeId = p.disputes[0]!.id;
    await post(split.organizer.token, `/disputes/${disputeId}/answer`, { statement: 'booth was there' });
    await post(admin.token, `/disputes/${disputeId}/resolve`, { outcome: 'split', splitMinor: 6_000_000 });
    await view(split, (x) => x.status === 'Settled', 'Settled');

    expect(seen.outcome).toEqual(new Set(['split']));
    expect(seen.filedBy).toEqual(new Set(['organization']));
    expect([...seen.eventType]).toEqual(expect.arrayContaining(['dispute', 'answer', 'resolve']));
    expect([...seen.status]).toEqual(expect.arrayContaining(['Disputed', 'Settled']));
    expect([...seen.milestone]).toContain('Disputed');
    await assertLedgerHolds(stack.db);
  }, 120_000);
});
