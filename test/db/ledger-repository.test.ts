import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balancesForPayment,
  ledgerForPayment,
  postLedgerTransaction,
} from '../../src/db/repositories/ledger-repository.js';
import { ledgerEntries, ledgerTransactions } from '../../src/db/schema/index.js';
import {
  fundingPosting,
  processorFeePosting,
  releasePosting,
  transferPosting,
} from '../../src/domain/ledger.js';
import { startTestDatabase } from '../helpers/database.js';

let t: Awaited<ReturnType<typeof startTestDatabase>>;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** The pg error under Drizzle's wrapper. */
const pgError = (err: unknown) =>
  ((err as { cause?: unknown }).cause ?? err) as { code?: string; message: string };

describe('ledger repository (real Postgres)', () => {
  it('posts a transaction once per key; a repeat returns the same row and writes nothing', async () => {
    const paymentId = randomUUID();
    const funding = fundingPosting({ amountMinor: 100_000, currency: 'USD' });
    const first = await t.db.transaction((tx) =>
      postLedgerTransaction(tx, { key: `escrow:${paymentId}:funding`, paymentId, ...funding }),
    );
    expect(first.created).toBe(true);
    const again = await postLedgerTransaction(t.db, {
      key: `escrow:${paymentId}:funding`,
      paymentId,
      kind: 'funding',
      entries: [...funding.entries].reverse(),
    });
    expect(again.created).toBe(false);
    expect(again.transaction.id).toBe(first.transaction.id);
    expect(await ledgerForPayment(t.db, paymentId)).toHaveLength(2);
  });

  it('refuses a repeated key with different entries, and unbalanced entries, writing nothing', async () => {
    const paymentId = randomUUID();
    const key = `escrow:${paymentId}:funding`;
    await postLedgerTransaction(t.db, {
      key,
      paymentId,
      ...fundingPosting({ amountMinor: 500, currency: 'USD' }),
    });
    await expect(
      postLedgerTransaction(t.db, {
        key,
        paymentId,
        ...fundingPosting({ amountMinor: 501, currency: 'USD' }),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('different content') });
    await expect(
      postLedgerTransaction(t.db, {
        key: `${key}:bad`,
        paymentId,
        kind: 'funding',
        entries: [
          { account: 'escrow', amountMinor: 500, currency: 'USD' },
          { account: 'sponsor_funding', amountMinor: -500, currency: 'EUR' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE', message: expect.stringMatching(/USD sums to 500/) });
    expect(await ledgerForPayment(t.db, paymentId)).toHaveLength(2);
  });

  it('two concurrent posts of one key write one transaction', async () => {
    const paymentId = randomUUID();
    const p = fundingPosting({ amountMinor: 7_000, currency: 'EUR' });
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        t.db.transaction((tx) => postLedgerTransaction(tx, { key: `race:${paymentId}`, paymentId, ...p })),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.transaction.id)).size).toBe(1);
    expect(await ledgerForPayment(t.db, paymentId)).toHaveLength(2);
  });

  it('rolls back with the surrounding transaction (the state change and its money move together)', async () => {
    const paymentId = randomUUID();
    await expect(
      t.db.transaction(async (tx) => {
        await postLedgerTransaction(tx, {
          key: `rb:${paymentId}`,
          paymentId,
          ...fundingPosting({ amountMinor: 10, currency: 'USD' }),
        });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await ledgerForPayment(t.db, paymentId)).toEqual([]);
  });

  it('lists the ledger in posting order and derives balances (hand-computed)', async () => {
    const paymentId = randomUUID();
    const steps = [
      ['funding', fundingPosting({ amountMinor: 100_000, currency: 'USD' })],
      ['fee', processorFeePosting({ amountMinor: 2_930, currency: 'USD' })],
      ['release:m1', releasePosting({ amountMinor: 60_000, platformFeeMinor: 3_000, currency: 'USD' })],
      ['transfer:m1', transferPosting({ amountMinor: 57_000, currency: 'USD' })],
    ] as const;
    for (const [step, p] of steps)
      await postLedgerTransaction(t.db, { key: `escrow:${paymentId}:${step}`, paymentId, ...p });
    const lines = await ledgerForPayment(t.db, paymentId);
    expect(lines.map((l) => [l.kind, l.account, l.amountMinor])).toEqual([
      ['funding', 'escrow', 100_000],
      ['funding', 'sponsor_funding', -100_000],
      ['processor_fee', 'processor_fees', 2_930],
      ['processor_fee', 'platform_fee_revenue', -2_930],
      ['release', 'escrow', -60_000],
      ['release', 'community_payable', 57_000],
      ['release', 'platform_fee_revenue', 3_000],
      ['transfer', 'community_payable', -57_000],
      ['transfer', 'community_paid_out', 57_000],
    ]);
    expect(lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(0);
    expect(lines.every((l) => l.currency === 'USD' && l.createdAt instanceof Date)).toBe(true);
    expect(await balancesForPayment(t.db, paymentId)).toEqual([
      { account: 'sponsor_funding', currency: 'USD', balanceMinor: -100_000 },
      { account: 'escrow', currency: 'USD', balanceMinor: 40_000 },
      { account: 'community_payable', currency: 'USD', balanceMinor: 0 },
      { account: 'community_paid_out', currency: 'USD', balanceMinor: 57_000 },
      { account: 'platform_fee_revenue', currency: 'USD', balanceMinor: 70 },
      { account: 'processor_fees', currency: 'USD', balanceMinor: 2_930 },
    ]);
  });

  it('the database itself refuses edits, deletes, truncation and an unbalanced transaction', async () => {
    const paymentId = randomUUID();
    const { transaction } = await postLedgerTransaction(t.db, {
      key: `db:${paymentId}`,
      paymentId,
      ...fundingPosting({ amountMinor: 300, currency: 'USD' }),
    });
    const refused = async (run: () => Promise<unknown>) => {
      const err = await run().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      return pgError(err);
    };
    expect(
      (
        await refused(() =>
          t.db
            .update(ledgerEntries)
            .set({ amountMinor: 301 })
            .where(sql`payment_id = ${paymentId}`),
        )
      ).message,
    ).toMatch(/append-only: UPDATE on ledger_entries/);
    expect(
      (await refused(() => t.db.delete(ledgerEntries).where(sql`payment_id = ${paymentId}`))).message,
    ).toMatch(/append-only: DELETE on ledger_entries/);
    expect(
      (await refused(() => t.db.delete(ledgerTransactions).where(sql`id = ${transaction.id}`))).message,
    ).toMatch(/append-only: DELETE on ledger_transactions/);
    expect(
      (await refused(() => t.db.execute(sql`truncate ledger_entries, ledger_transactions`))).message,
    ).toMatch(/append-only: TRUNCATE/);

    // Raw inserts that bypass the repository's checks are refused at commit by the deferred constraint trigger.
    const unbalanced = await refused(() =>
      t.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(ledgerTransactions)
          .values({ key: `raw:${paymentId}`, paymentId, kind: 'funding' })
          .returning();
        await tx.insert(ledgerEntries).values([
          { transactionId: row!.id, paymentId, account: 'escrow', amountMinor: 300, currency: 'USD' },
          {
            transactionId: row!.id,
            paymentId,
            account: 'sponsor_funding',
            amountMinor: -299,
            currency: 'USD',
          },
        ]);
      }),
    );
    expect(unbalanced.code).toBe('23514');
    expect(unbalanced.message).toMatch(/does not balance: USD sums to 1/);
    const empty = await refused(() =>
      t.db.insert(ledgerTransactions).values({ key: `empty:${paymentId}`, paymentId, kind: 'funding' }),
    );
    expect(empty.message).toMatch(/needs at least two/);
    expect(await ledgerForPayment(t.db, paymentId)).toHaveLength(2);
  });
});
