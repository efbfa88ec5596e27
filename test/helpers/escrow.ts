import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { balancesForPayment, ledgerForPayment } from '../../src/db/repositories/ledger-repository.js';
import { insertPayoutAccount } from '../../src/db/repositories/stripe-repository.js';
import { contracts, contractTemplateOverrides, events, payments } from '../../src/db/schema/index.js';
import { signBreaches, type TLedgerAccount } from '../../src/domain/ledger.js';
import type { TMilestone } from '../../src/domain/contract.js';
import { orgMember, sign } from './contracts.js';
import { createCommunity, createEvent, createOrganization, memberWithToken } from './fixtures.js';
import { waitFor } from './receiver.js';
import { paymentIntentEvent, postStripeEvent, stripeEvent } from './stripe.js';
import type { TTestStack } from './stack.js';

export const ACCOUNT_ID = 'acct_1TestCommunity';

/**
 * A deal negotiated, accepted and signed by both parties through the API, whose escrow the signed contract started:
 * returns once the invoice is issued and the PaymentIntent recorded. `milestones` overrides the community's contract
 * template; `endsInMs` moves the event's end (set before signing); `payoutAccount` gives the community a connected
 * account with payouts enabled.
 */
export async function escrowDeal(
  stack: TTestStack,
  opts: {
    amountMinor?: number;
    milestones?: TMilestone[];
    endsInMs?: number;
    payoutAccount?: boolean;
    /** Runs after acceptance, before the signatures open the escrow (e.g. to tie the request to a program). */
    beforeSigning?: (deal: {
      requestId: string;
      dealId: string;
      org: { id: string };
      sponsor: { token: string };
      community: { id: string };
    }) => Promise<void>;
  } = {},
) {
  const community = await createCommunity(stack.db, 'approved');
  const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
  const org = await createOrganization(stack.db);
  const sponsor = await orgMember(stack, org.id, 'Sponsor Admin');
  const manager = await orgMember(stack, org.id, 'Sponsor Manager');
  const event = await createEvent(stack.db, community.id);
  if (opts.milestones)
    await stack.db
      .insert(contractTemplateOverrides)
      .values({ communityId: community.id, version: 2, fields: { milestones: opts.milestones } });
  if (opts.payoutAccount !== false)
    await insertPayoutAccount(stack.db, {
      communityId: community.id,
      stripeAccountId: ACCOUNT_ID,
      createdBy: null,
      state: {
        payoutsEnabled: true,
        chargesEnabled: true,
        detailsSubmitted: true,
        requirements: {},
        country: 'US',
        defaultCurrency: 'usd',
      },
    });
  const opened = await stack.request('POST', '/api/v1/requests', {
    token: organizer.token,
    body: {
      communityId: community.id,
      organizationId: org.id,
      eventId: event.id,
      proposal: {
        amountMinor: opts.amountMinor ?? 10_000_000,
        currency: 'USD',
        category: 'Gold Sponsor',
        benefits: [{ key: 'logo_placement' }],
        terms: 'Logo on the website.',
      },
    },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const accepted = await stack.request('PATCH', `/api/v1/requests/${opened.body.data.id}/accept`, {
    token: sponsor.token,
    body: { revision: 1 },
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const dealId = accepted.body.data.dealId as string;
  await opts.beforeSigning?.({ requestId: opened.body.data.id, dealId, org, sponsor, community });
  const contract = await waitFor(
    async () => {
      const [row] = await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId));
      return row?.status === 'PendingSignature' ? row : null;
    },
    30_000,
    'the contract generated at acceptance',
  );
  const endsAt = new Date(Date.now() + (opts.endsInMs ?? 30 * 86_400_000));
  await stack.db
    .update(events)
    .set({ startsAt: new Date(endsAt.getTime() - 3_600_000), endsAt })
    .where(eq(events.id, event.id));
  for (const [party, name] of [
    [organizer, 'Ada Organizer'],
    [sponsor, 'Sam Sponsor'],
  ] as const) {
    const signed = await sign(stack, party.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: name,
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  }
  const payment = await waitFor(
    async () => {
      const [row] = await stack.db.select().from(payments).where(eq(payments.dealId, dealId));
      return row?.stripePaymentIntentId ? row : null;
    },
    30_000,
    'the escrow of the signed contract to issue the invoice and create the PaymentIntent',
  );
  return {
    community,
    organizer,
    org,
    sponsor,
    manager,
    event,
    endsAt,
    dealId,
    contractId: contract.id,
    paymentId: payment.id,
    payment,
  };
}

export type TEscrowDeal = Awaited<ReturnType<typeof escrowDeal>>;

/** Stripe says the PaymentIntent succeeded (a signed webhook through our route). */
export async function pay(
  stack: TTestStack,
  deal: TEscrowDeal,
  opts: { id?: string; created?: number } = {},
) {
  const event = paymentIntentEvent(
    'payment_intent.succeeded',
    {
      paymentId: deal.paymentId,
      dealId: deal.dealId,
      contractId: deal.contractId,
      amountMinor: deal.payment.grossMinor,
      paymentIntentId: deal.payment.stripePaymentIntentId!,
    },
    opts,
  );
  const res = await postStripeEvent(stack, event);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return event;
}

/** A chargeback event (charge.dispute.created / closed) naming our payment. */
export const chargebackEvent = (
  deal: TEscrowDeal,
  type: 'charge.dispute.created' | 'charge.dispute.closed',
  opts: { id?: string; created?: number; status?: 'won' | 'lost' } = {},
) =>
  stripeEvent(
    type,
    {
      id: 'dp_test_commdesk',
      object: 'dispute',
      amount: deal.payment.grossMinor,
      currency: 'usd',
      charge: 'ch_test_commdesk',
      payment_intent: deal.payment.stripePaymentIntentId,
      reason: 'fraudulent',
      status: type === 'charge.dispute.created' ? 'needs_response' : (opts.status ?? 'won'),
      metadata: { paymentId: deal.paymentId },
    },
    opts,
  );

/** A refund.updated (or charge.refund.updated) event for a refund of our payment, with its metadata as we create it. */
export const refundEvent = (
  deal: TEscrowDeal,
  refund: { refundKey: string; amountMinor: number; status: string; failureReason?: string },
  opts: {
    id?: string;
    created?: number;
    type?: 'refund.updated' | 'charge.refund.updated' | 'refund.failed';
  } = {},
) =>
  stripeEvent(
    opts.type ?? 'refund.updated',
    {
      id: 're_test_commdesk',
      object: 'refund',
      amount: refund.amountMinor,
      currency: 'usd',
      charge: 'ch_test_commdesk',
      payment_intent: deal.payment.stripePaymentIntentId,
      status: refund.status,
      failure_reason: refund.failureReason ?? null,
      metadata: {
        paymentId: deal.paymentId,
        dealId: deal.dealId,
        contractId: deal.contractId,
        refundKey: refund.refundKey,
      },
    },
    opts,
  );

/** GET /payments/:id as a party, waiting until `until` holds (the workflow's steps land asynchronously). */
export async function paymentWhen(
  stack: TTestStack,
  token: string,
  paymentId: string,
  until: (payment: any) => boolean,
  what: string,
  timeoutMs = 30_000,
) {
  let last: any = null;
  try {
    return await waitFor(
      async () => {
        const res = await stack.request('GET', `/api/v1/payments/${paymentId}`, { token });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        last = res.body.data;
        return until(last) ? last : null;
      },
      timeoutMs,
      what,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last, null, 1).slice(0, 3000)}`);
  }
}

/**
 * The ledger invariants of a payment: entries sum to zero per currency, no account breaks its sign rule, and the
 * balances are the expected ones (accounts not named must be zero or absent).
 */
export async function expectLedger(
  stack: TTestStack,
  paymentId: string,
  expected?: Partial<Record<TLedgerAccount, number>>,
) {
  const entries = await ledgerForPayment(stack.db, paymentId);
  const sums = new Map<string, number>();
  for (const e of entries) sums.set(e.currency, (sums.get(e.currency) ?? 0) + e.amountMinor);
  for (const [currency, sum] of sums) expect(sum, `ledger of ${paymentId} in ${currency}`).toBe(0);
  const balances = await balancesForPayment(stack.db, paymentId);
  expect(signBreaches(balances)).toEqual([]);
  if (!expected) return;
  const actual = Object.fromEntries(
    balances.filter((b) => b.balanceMinor !== 0).map((b) => [b.account, b.balanceMinor]),
  );
  const wanted = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== 0));
  expect(actual).toEqual(wanted);
}

/**
 * A loopback proxy in front of stripe-mock that can refuse chosen calls the way Stripe refuses them (400 with an
 * invalid_request_error), e.g. a transfer reversal when the connected account's balance is short. Everything else
 * is forwarded as is.
 */
export async function startStripeFaults(targetBase: string) {
  const target = new URL(targetBase);
  const refusals: { method: string; path: RegExp; message: string; after: number }[] = [];
  /** Paths that reach stripe-mock but whose answer is lost (a 500 instead): Stripe acted, we cannot know. */
  const lost: { method: string; path: RegExp }[] = [];
  /** Paths whose answer from stripe-mock is changed (fields merged in), e.g. a refund Stripe leaves pending. */
  const patches: { method: string; path: RegExp; fields: Record<string, unknown> }[] = [];
  /** Paths whose request waits before it is forwarded until the test lets it go (Stripe slow to answer). */
  const holds: {
    method: string;
    path: RegExp;
    arrived: () => void;
    parked: (() => void)[];
    open: boolean;
  }[] = [];
  /** Every request seen, with its Idempotency-Key. */
  const seen: { method: string; path: string; idempotencyKey: string | null; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      seen.push({
        method: req.method ?? 'GET',
        path,
        idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        body: Buffer.concat(chunks).toString(),
      });
      let refusal = refusals.find((r) => r.method === req.method && r.path.test(path));
      // `after`: the first matching calls still reach Stripe (e.g. the second of two reversals is refused).
      if (refusal && refusal.after > 0) {
        refusal.after -= 1;
        refusal = undefined;
      }
      const loses = lost.some((r) => r.method === req.method && r.path.test(path));
      const patch = patches.find((r) => r.method === req.method && r.path.test(path));
      const hold = holds.find((h) => h.open && h.method === req.method && h.path.test(path));
      if (hold) {
        hold.parked.push(() => forward(req, res, chunks, refusal, loses, patch));
        hold.arrived();
        return;
      }
      forward(req, res, chunks, refusal, loses, patch);
    });
  });
  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    chunks: Buffer[],
    refusal: { message: string } | undefined,
    loses: boolean,
    patch: { fields: Record<string, unknown> } | undefined,
  ) {
    if (refusal) {
      res.writeHead(400, { 'content-type': 'application/json', 'request-id': 'req_fault' });
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: refusal.message } }));
      return;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        if (loses) {
          up.resume();
          up.on('end', () => {
            res.writeHead(500, { 'content-type': 'application/json', 'request-id': 'req_lost' });
            res.end(JSON.stringify({ error: { type: 'api_error', message: 'answer lost (test)' } }));
          });
          return;
        }
        if (patch) {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            const json = { ...JSON.parse(Buffer.concat(body).toString()), ...patch.fields };
            const { 'content-length': _length, ...headers } = up.headers;
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(JSON.stringify(json));
          });
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end(Buffer.concat(chunks));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /**
     * Holds the next matching requests before they reach stripe-mock: `reached` resolves when the first arrives,
     * `release()` forwards every held one (and stops holding).
     */
    hold(method: string, path: RegExp) {
      let arrived!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const entry = { method, path, arrived, parked: [] as (() => void)[], open: true };
      holds.push(entry);
      return {
        reached,
        release() {
          entry.open = false;
          for (const go of entry.parked.splice(0)) go();
        },
      };
    },
    refuse(method: string, path: RegExp, message: string, after = 0) {
      refusals.push({ method, path, message, after });
    },
    /** Forwards to stripe-mock (Stripe does the work) and answers 500: the caller does not know it happened. */
    loseAnswer(method: string, path: RegExp) {
      lost.push({ method, path });
    },
    /** Forwards to stripe-mock and merges `fields` into its JSON answer (Stripe answering with another status). */
    answerWith(method: string, path: RegExp, fields: Record<string, unknown>) {
      patches.push({ method, path, fields });
    },
    seen,
    clear() {
      for (const h of holds.splice(0)) {
        h.open = false;
        for (const go of h.parked.splice(0)) go();
      }
      refusals.length = 0;
      lost.length = 0;
      patches.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
