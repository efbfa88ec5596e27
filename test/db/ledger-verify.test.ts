import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postLedgerTransaction } from '../../src/db/repositories/ledger-repository.js';
import { contracts, invoices, paymentMilestones, payments } from '../../src/db/schema/index.js';
import {
  fundingPosting,
  processorFeePosting,
  refundPosting,
  releasePosting,
  transferPosting,
  type TPosting,
} from '../../src/domain/ledger.js';
import { taxRefundedMinor } from '../../src/domain/tax.js';
import { assertLedgerHolds, formatLedgerReport, verifyLedger } from '../../src/ledger-verify.js';
import { startTestDatabase } from '../helpers/database.js';
import { insertDeal } from '../helpers/money.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// A database per test: each scenario breaks the ledger its own way.
let t: Awaited<ReturnType<typeof startTestDatabase>>;
beforeEach(async () => {
  t = await startTestDatabase();
});
afterEach(async () => {
  await t?.close();
});

/** A payment of 1000.00 USD in two milestones (600/400, fees 30/20), funded with a processor fee of 29.30. */
async function fundedPayment() {
  const d = await insertDeal(t.db, 100_000, 'USD');
  const contractId = randomUUID();
  await t.db.insert(contracts).values({ id: contractId, dealId: d.deal.id, status: 'Signed' });
  const paymentId = contractId;
  await t.db.insert(payments).values({
    id: paymentId,
    dealId: d.deal.id,
    contractId,
    communityId: d.community.id,
    organizationId: d.org.id,
    status: 'InEscrow',
    phase: 'InEscrow',
    currency: 'USD',
    grossMinor: 100_000,
    feeMinor: 5_000,
    feeBps: 500,
    processorFeeMinor: 2_930,
    state: {} as never,
  });
  const [m1, m2] = await t.db
    .insert(paymentMilestones)
    .values([
      {
        paymentId,
        position: 1,
        label: 'Deposit',
        amountMinor: 60_000,
        feeMinor: 3_000,
        conditionType: 'request',
        due: 'on signature',
      },
      {
        paymentId,
        position: 2,
        label: 'Balance',
        amountMinor: 40_000,
        feeMinor: 2_000,
        conditionType: 'request',
        due: 'after the event',
      },
    ])
    .returning();
  const post = (step: string, p: TPosting) =>
    postLedgerTransaction(t.db, { key: `escrow:${paymentId}:${step}`, paymentId, ...p });
  await post('funding', fundingPosting({ amountMinor: 100_000, currency: 'USD' }));
  await post('processor-fee', processorFeePosting({ amountMinor: 2_930, currency: 'USD' }));
  return { paymentId, dealId: d.deal.id, m1: m1!, m2: m2!, post };
}

describe('verifyLedger', () => {
  it('holds for an empty ledger and for a payment funded, partly released and transferred, partly refunded', async () => {
    expect(await verifyLedger(t.db)).toMatchObject({ ok: true, transactions: 0, breaches: [] });
    const { paymentId, m1, m2, post } = await fundedPayment();
    await assertLedgerHolds(t.db);
    // Milestone 1 released in full and transferred; milestone 2 refunded.
    await post(
      'release:m1',
      releasePosting({ amountMinor: 60_000, platformFeeMinor: 3_000, currency: 'USD' }),
    );
    await post('transfer:m1', transferPosting({ amountMinor: 57_000, currency: 'USD' }));
    await t.db
      .update(paymentMilestones)
      .set({ releasedMinor: 60_000, releasedFeeMinor: 3_000, status: 'Released' })
      .where(eq(paymentMilestones.id, m1.id));
    await post('refund', refundPosting({ amountMinor: 40_000, currency: 'USD' }));
    await t.db
      .update(paymentMilestones)
      .set({ refundedMinor: 40_000, status: 'Refunded' })
      .where(eq(paymentMilestones.id, m2.id));
    const report = await assertLedgerHolds(t.db);
    expect(report).toMatchObject({ ok: true, transactions: 5, entries: 11, payments: 1 });
    expect(formatLedgerReport(report)).toMatch(/All 8 invariants hold/);
    expect(paymentId).toBeTruthy();
  });

  it('names a release the milestones do not know, and a payment whose gross or processor fee differs from the ledger', async () => {
    const { paymentId, post } = await fundedPayment();
    await post(
      'release:m1',
      releasePosting({ amountMinor: 60_000, platformFeeMinor: 3_000, currency: 'USD' }),
    );
    await t.db
      .update(payments)
      .set({ grossMinor: 100_001, processorFeeMinor: 0 })
      .where(eq(payments.id, paymentId));
    const report = await verifyLedger(t.db);
    expect(report.ok).toBe(false);
    expect(report.breaches).toEqual(
      expect.arrayContaining([
        {
          invariant: 'escrow_matches_milestones',
          paymentId,
          transactionId: null,
          detail: 'escrow holds 40000 USD; the milestones hold 100000 (amount - released - refunded)',
        },
        expect.objectContaining({
          invariant: 'funding_matches_payment',
          detail: expect.stringMatching(/gross is 100001/),
        }),
        expect.objectContaining({
          invariant: 'funding_matches_payment',
          detail: expect.stringMatching(/processor fees are 2930/),
        }),
      ]),
    );
    await expect(assertLedgerHolds(t.db)).rejects.toThrow(/BREACH escrow_matches_milestones payment/);
  });

  it('with tax: tax payable is the invoice tax minus the tax refunds gave back; a funding without the tax is named', async () => {
    const { paymentId, dealId, m1, m2, post } = await fundedPayment();
    const invoice = {
      paymentId,
      dealId,
      issuedAt: new Date(),
      dueAt: new Date(),
      currency: 'USD',
      subtotalMinor: 100_000,
      platformFeeBps: 500,
      platformFeeMinor: 5_000,
      taxRateBps: 1_900,
      taxMinor: 19_000,
      totalMinor: 119_000,
      document: {} as never,
      pdfKey: 'k.pdf',
      pdfSha256: 'x',
      jsonKey: 'k.json',
      jsonSha256: 'x',
    };
    await t.db.insert(invoices).values({ ...invoice, number: `T-${paymentId}` });
    // fundedPayment posted the gross alone: the invoice's tax is missing from funding and tax payable.
    const untaxed = await verifyLedger(t.db);
    expect(untaxed.breaches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          invariant: 'funding_matches_payment',
          paymentId,
          detail:
            "tax payable is 0 USD in the ledger; the invoice's tax is 19000 and its refunds gave back 0",
        }),
      ]),
    );
    await post('funding-tax', {
      kind: 'funding',
      entries: [
        { account: 'tax_payable', amountMinor: 19_000, currency: 'USD' },
        { account: 'sponsor_funding', amountMinor: -19_000, currency: 'USD' },
      ],
    });
    await assertLedgerHolds(t.db);
    // Milestone 2 (400.00 of 1000.00) refunded with its tax: 19 000 x 40 000 / 100 000 = 7 600.
    const tax2 = taxRefundedMinor({
      taxMinor: 19_000,
      grossMinor: 100_000,
      refundedBeforeMinor: 0,
      refundedAfterMinor: 40_000,
    });
    expect(tax2).toBe(7_600);
    await post('refund:m2', refundPosting({ amountMinor: 40_000, taxMinor: tax2, currency: 'USD' }));
    await t.db
      .update(paymentMilestones)
      .set({ refundedMinor: 40_000, status: 'Refunded' })
      .where(eq(paymentMilestones.id, m2.id));
    await assertLedgerHolds(t.db);
    // Then milestone 1: the rest of the tax, 11 400; nothing is owed any more.
    await post(
      'refund:m1',
      refundPosting({
        amountMinor: 60_000,
        taxMinor: taxRefundedMinor({
          taxMinor: 19_000,
          grossMinor: 100_000,
          refundedBeforeMinor: 40_000,
          refundedAfterMinor: 100_000,
        }),
        currency: 'USD',
      }),
    );
    await t.db
      .update(paymentMilestones)
      .set({ refundedMinor: 60_000, status: 'Refunded' })
      .where(eq(paymentMilestones.id, m1.id));
    await assertLedgerHolds(t.db);
    const balances = await t.db.execute(
      sql`select account, sum(amount_minor)::text as sum from ledger_entries where payment_id = ${paymentId}
          group by account order by account`,
    );
    expect(Object.fromEntries(balances.rows.map((r: any) => [r.account, Number(r.sum)]))).toMatchObject({
      escrow: 0,
      tax_payable: 0,
      refunds: 119_000,
      sponsor_funding: -119_000,
    });
    // A refund giving back tax that was not owed is named (tax payable below zero).
    await post('refund:extra', refundPosting({ amountMinor: 1, taxMinor: 1, currency: 'USD' }));
    const { breaches } = await verifyLedger(t.db);
    expect(breaches).toEqual(
      expect.arrayContaining([
        {
          invariant: 'account_sign',
          paymentId,
          transactionId: null,
          detail: 'tax_payable balance is -1 USD',
        },
      ]),
    );
  });

  it('names an account on the wrong side of zero, entries without a payment and entries in another currency', async () => {
    const { paymentId, post } = await fundedPayment();
    await post('refund-too-much', refundPosting({ amountMinor: 100_001, currency: 'USD' }));
    await post('eur', fundingPosting({ amountMinor: 5, currency: 'EUR' }));
    const orphan = randomUUID();
    await postLedgerTransaction(t.db, {
      key: `orphan:${orphan}`,
      paymentId: orphan,
      ...fundingPosting({ amountMinor: 7, currency: 'USD' }),
    });
    const { breaches } = await verifyLedger(t.db);
    expect(breaches).toEqual(
      expect.arrayContaining([
        { invariant: 'account_sign', paymentId, transactionId: null, detail: 'escrow balance is -1 USD' },
        {
          invariant: 'payment_exists',
          paymentId: orphan,
          transactionId: null,
          detail: '2 entries name a payment that does not exist',
        },
        {
          invariant: 'payment_currency',
          paymentId,
          transactionId: null,
          detail: 'entries in EUR; the payment is in USD',
        },
      ]),
    );
  });

  it('notices a disabled append-only trigger, and the unbalanced transaction an edit made while it was off', async () => {
    const { paymentId } = await fundedPayment();
    // What a superuser could do by hand: switch the guard off and edit an entry.
    await t.db.execute(sql`alter table ledger_entries disable trigger ledger_entries_append_only`);
    await t.db.execute(
      sql`update ledger_entries set amount_minor = 99000 where payment_id = ${paymentId} and account = 'escrow'`,
    );
    const { breaches } = await verifyLedger(t.db);
    const invariants = breaches.map((b) => b.invariant);
    expect(invariants).toContain('append_only');
    expect(invariants).toContain('transaction_balanced');
    expect(breaches.find((b) => b.invariant === 'append_only')!.detail).toBe(
      'trigger ledger_entries_append_only on ledger_entries is disabled',
    );
    expect(breaches.find((b) => b.invariant === 'transaction_balanced')!.detail).toBe(
      'USD entries sum to -1000, not 0',
    );
  });

  it('npm run ledger:verify exits 0 with the invariants listed, 1 with the breaches named', async () => {
    const env = { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' };
    const script = ['--import', 'tsx', 'src/ledger-verify.ts'];
    const clean = await run(process.execPath, script, { cwd: ROOT, env });
    expect(clean.stdout).toMatch(/All 8 invariants hold/);
    const { paymentId, post } = await fundedPayment();
    await post(
      'release:m1',
      releasePosting({ amountMinor: 60_000, platformFeeMinor: 3_000, currency: 'USD' }),
    );
    const failed = await run(process.execPath, script, { cwd: ROOT, env }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`BREACH escrow_matches_milestones payment ${paymentId}`);
  });
});
