import { describe, expect, it } from 'vitest';
import {
  completion,
  decideItem,
  defaultDueAt,
  fulfillmentAgenda,
  fulfillmentDetails,
  fulfillmentWaitingOn,
  reminderKey,
  type TFulfillmentActor,
  type TFulfillmentItem,
  type TFulfillmentProgress,
  type TFulfillmentSettings,
} from '../../src/domain/fulfillment.js';
import { ZProofInput } from '../../src/api/fulfillment/fulfillment.types.js';

const OWNER = 'owner-1';
const item: TFulfillmentItem = {
  id: 'item-1',
  status: 'Planned',
  ownerUserId: OWNER,
  dueAt: 10_000,
  proof: null,
  disputeReason: null,
  waivedBy: [],
};
const manager: TFulfillmentActor = { side: 'community', userId: 'lead', manager: true };
const owner: TFulfillmentActor = { side: 'community', userId: OWNER, manager: false };
const volunteer: TFulfillmentActor = { side: 'community', userId: 'vol', manager: false };
const reviewer: TFulfillmentActor = { side: 'organization', userId: 'sponsor', manager: true };
const hiring: TFulfillmentActor = { side: 'organization', userId: 'hr', manager: false };
const link = { type: 'link' as const, url: 'https://example.com/post' };

const changed = (d: ReturnType<typeof decideItem>) => {
  if (d.kind !== 'changed') throw new Error(`expected a change, got ${JSON.stringify(d)}`);
  return d.item;
};

describe('fulfillment item rules: who may do what', () => {
  it('lets the owner or a community manager report progress and deliver, nobody else', () => {
    expect(changed(decideItem(item, { type: 'set_status', status: 'InProgress' }, owner)).status).toBe(
      'InProgress',
    );
    expect(changed(decideItem(item, { type: 'deliver', proof: link }, manager)).status).toBe('Delivered');
    for (const who of [volunteer, reviewer, hiring]) {
      const d = decideItem(item, { type: 'deliver', proof: link }, who);
      expect(d.kind === 'refused' && d.violation.code).toBe('FORBIDDEN');
    }
  });

  it('lets only community managers assign owners and due dates', () => {
    expect(changed(decideItem(item, { type: 'edit', ownerUserId: 'vol' }, manager)).ownerUserId).toBe('vol');
    const byOwner = decideItem(item, { type: 'edit', dueAt: 20_000 }, owner);
    expect(byOwner.kind === 'refused' && byOwner.violation.code).toBe('FORBIDDEN');
    expect(decideItem(item, { type: 'edit', ownerUserId: OWNER, dueAt: 10_000 }, manager).kind).toBe(
      'unchanged',
    );
  });

  it('lets only organization reviewers verify or dispute, and only a Delivered item', () => {
    const delivered = changed(decideItem(item, { type: 'deliver', proof: link }, owner));
    expect(changed(decideItem(delivered, { type: 'verify' }, reviewer)).status).toBe('Verified');
    const byHiring = decideItem(delivered, { type: 'verify' }, hiring);
    expect(byHiring.kind === 'refused' && byHiring.violation.code).toBe('FORBIDDEN');
    const byCommunity = decideItem(delivered, { type: 'verify' }, manager);
    expect(byCommunity.kind === 'refused' && byCommunity.violation.code).toBe('FORBIDDEN');
    const early = decideItem(item, { type: 'verify' }, reviewer);
    expect(early.kind === 'refused' && early.violation).toMatchObject({
      code: 'WRONG_STATE',
      message: expect.stringContaining('only a Delivered item'),
    });
    const disputed = changed(decideItem(delivered, { type: 'dispute', reason: 'logo too small' }, reviewer));
    expect(disputed).toMatchObject({ status: 'Disputed', disputeReason: 'logo too small' });
    // The community delivers again: the dispute reason is cleared, the new proof replaces the old.
    const again = changed(
      decideItem(disputed, { type: 'deliver', proof: { ...link, url: 'https://example.com/v2' } }, owner),
    );
    expect(again).toMatchObject({ status: 'Delivered', disputeReason: null });
  });

  it('answers a repeated action as unchanged (idempotent)', () => {
    const delivered = changed(decideItem(item, { type: 'deliver', proof: link }, owner));
    expect(decideItem(delivered, { type: 'deliver', proof: link }, owner).kind).toBe('unchanged');
    const verified = changed(decideItem(delivered, { type: 'verify' }, reviewer));
    expect(decideItem(verified, { type: 'verify' }, reviewer).kind).toBe('unchanged');
    const disputed = changed(decideItem(delivered, { type: 'dispute', reason: 'r' }, reviewer));
    expect(decideItem(disputed, { type: 'dispute', reason: 'r' }, reviewer).kind).toBe('unchanged');
    const other = decideItem(disputed, { type: 'dispute', reason: 'another' }, reviewer);
    expect(other.kind === 'refused' && other.violation.code).toBe('WRONG_STATE');
    expect(decideItem(verified, { type: 'deliver', proof: link }, owner).kind).toBe('refused');
  });

  it('waives an item only when both sides agreed', () => {
    const one = changed(decideItem(item, { type: 'waive', reason: 'venue changed' }, manager));
    expect(one).toMatchObject({ status: 'Planned', waivedBy: ['community'] });
    expect(decideItem(one, { type: 'waive', reason: 'again' }, manager).kind).toBe('unchanged');
    const both = changed(decideItem(one, { type: 'waive', reason: 'agreed' }, reviewer));
    expect(both).toMatchObject({ status: 'Waived', waivedBy: ['community', 'organization'] });
    const byVolunteer = decideItem(item, { type: 'waive', reason: 'x' }, volunteer);
    expect(byVolunteer.kind === 'refused' && byVolunteer.violation.code).toBe('FORBIDDEN');
    const verified = { ...item, status: 'Verified' as const };
    expect(decideItem(verified, { type: 'waive', reason: 'x' }, reviewer).kind).toBe('refused');
  });

  it('marks an item Missed only by the workflow, only when due and undelivered; it may still be delivered late', () => {
    const byPerson = decideItem(item, { type: 'miss', now: 20_000 }, manager);
    expect(byPerson.kind === 'refused' && byPerson.violation.code).toBe('FORBIDDEN');
    expect(decideItem(item, { type: 'miss', now: 9_999 }, null).kind).toBe('refused');
    const missed = changed(decideItem(item, { type: 'miss', now: 10_000 }, null));
    expect(missed.status).toBe('Missed');
    const moved = decideItem(missed, { type: 'edit', dueAt: 50_000 }, manager);
    expect(moved.kind === 'refused' && moved.violation.code).toBe('WRONG_STATE');
    expect(changed(decideItem(missed, { type: 'deliver', proof: link }, owner)).status).toBe('Delivered');
    const delivered = { ...item, status: 'Delivered' as const };
    expect(decideItem(delivered, { type: 'miss', now: 20_000 }, null).kind).toBe('refused');
  });

  it('moves between Planned and InProgress only', () => {
    const delivered = { ...item, status: 'Delivered' as const };
    const d = decideItem(delivered, { type: 'set_status', status: 'Planned' }, manager);
    expect(d.kind === 'refused' && d.violation.code).toBe('WRONG_STATE');
  });
});

describe('fulfillment agenda', () => {
  const settings: TFulfillmentSettings = {
    reminderOffsetsMs: [3_000, 1_000],
    alarmBeforeEndMs: 5_000,
    alarmThresholdPercent: 90,
    reportAfterEndMs: 2_000,
  };
  const progress: TFulfillmentProgress = {
    endAt: 20_000,
    remindersSent: [],
    alarmChecked: false,
    reportProduced: false,
    completed: false,
  };

  it('schedules reminders, then Missed, then the alarm window and the report', () => {
    expect(fulfillmentAgenda([item], progress, settings, 0)).toEqual({ steps: [], nextAt: 7_000 });
    const first = fulfillmentAgenda([item], progress, settings, 7_000);
    expect(first.steps).toEqual([
      { type: 'remind', itemId: 'item-1', key: reminderKey('item-1', 10_000, 3_000), dueAt: 10_000 },
    ]);
    expect(first.nextAt).toBe(9_000);
    const sent = { ...progress, remindersSent: [reminderKey('item-1', 10_000, 3_000)] };
    expect(fulfillmentAgenda([item], sent, settings, 7_500).steps).toEqual([]);
    // Both reminders fell due together (the workflow was away): only the latest one is sent.
    expect(fulfillmentAgenda([item], progress, settings, 9_500).steps.map((s) => s.type)).toEqual(['remind']);
    expect(fulfillmentAgenda([item], progress, settings, 9_500).steps[0]).toMatchObject({
      key: reminderKey('item-1', 10_000, 1_000),
    });
    expect(fulfillmentAgenda([item], sent, settings, 10_000).steps).toEqual([
      { type: 'miss', itemId: 'item-1' },
    ]);
    const missed = { ...item, status: 'Missed' as const };
    expect(fulfillmentAgenda([missed], sent, settings, 10_000).nextAt).toBe(15_000);
    expect(fulfillmentAgenda([missed], sent, settings, 15_000).steps).toEqual([
      { type: 'alarm', percent: 0 },
    ]);
    const checked = { ...sent, alarmChecked: true };
    expect(fulfillmentAgenda([missed], checked, settings, 15_000).nextAt).toBe(22_000);
    expect(fulfillmentAgenda([missed], checked, settings, 22_000).steps).toEqual([{ type: 'report' }]);
  });

  it('raises no alarm when completion is at or above the threshold, and completes when all are done', () => {
    const done = Array.from({ length: 10 }, (_, i) => ({
      ...item,
      id: `i${i}`,
      status: 'Verified' as const,
    }));
    const nine = [...done.slice(0, 9), { ...item, id: 'open', status: 'Delivered' as const }];
    expect(completion(nine).percent).toBe(90);
    expect(fulfillmentAgenda(nine, progress, settings, 16_000).steps).toEqual([{ type: 'alarm_cleared' }]);
    expect(fulfillmentAgenda(done, progress, settings, 1_000).steps).toEqual([{ type: 'complete' }]);
    expect(fulfillmentAgenda(done, { ...progress, completed: true }, settings, 1_000).steps).toEqual([]);
    // A deal without benefits has nothing left to fulfil: it completes at once.
    expect(fulfillmentAgenda([], progress, settings, 1_000).steps).toEqual([{ type: 'complete' }]);
  });

  it('computes completion and default due dates', () => {
    expect(completion([])).toEqual({ total: 0, done: 0, percent: 100 });
    expect(completion([{ status: 'Verified' }, { status: 'Waived' }, { status: 'Missed' }]).percent).toBe(
      66.6,
    );
    const event = { startsAt: 1_000, endsAt: 2_000 };
    expect(defaultDueAt('logo_placement', event, 9)).toBe(1_000);
    expect(defaultDueAt('booth', event, 9)).toBe(2_000);
    expect(defaultDueAt('booth', null, 9)).toBe(9);
  });
});

describe('ops details', () => {
  it('say how many items are done, whom the workflow waits on for what, and the next timer', () => {
    const items = [
      { ...item, id: 'a', status: 'Delivered' as const },
      { ...item, id: 'b', status: 'Verified' as const },
      { ...item, id: 'c', waivedBy: ['community' as const] },
    ];
    const text = fulfillmentDetails(
      items,
      {
        endAt: Date.UTC(2026, 11, 1),
        remindersSent: [],
        alarmChecked: false,
        reportProduced: false,
        completed: false,
      },
      Date.UTC(2026, 10, 30, 12),
    );
    expect(text).toContain('1/3 items done (33.3%)');
    expect(text).toContain('Waiting on the **community** to deliver 1 item(s).');
    expect(text).toContain('Waiting on the **organization** to verify or dispute 1 item(s).');
    expect(text).toContain('1 waiver(s) approved by one side');
    expect(text).toContain('next timer 2026-11-30 12:00 UTC');
    expect(fulfillmentWaitingOn(items)).toBe('community');
    expect(fulfillmentWaitingOn([items[0]!, items[1]!])).toBe('organization');
    expect(fulfillmentWaitingOn([items[1]!])).toBe('nobody');
  });
});

describe('proof input', () => {
  it('accepts a link, a file and a metric, and refuses what is not one', () => {
    expect(ZProofInput.safeParse(link).success).toBe(true);
    expect(
      ZProofInput.safeParse({
        type: 'file',
        fileName: 'booth.png',
        contentType: 'image/png',
        contentBase64: Buffer.from('png bytes').toString('base64'),
      }).success,
    ).toBe(true);
    expect(
      ZProofInput.safeParse({
        type: 'metric',
        name: 'newsletter opens',
        value: 1200,
        measuredAt: '2026-11-20T10:00:00Z',
      }).success,
    ).toBe(true);
    expect(ZProofInput.safeParse({ type: 'link', url: 'ftp://x' }).success).toBe(false);
    // Each type names what it misses and what does not belong to it, at the field.
    const missing = ZProofInput.safeParse({ type: 'metric', name: 'reach' });
    expect(missing.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['value', 'required for a metric proof'],
      ['measuredAt', 'required for a metric proof'],
    ]);
    const extra = ZProofInput.safeParse({ ...link, fileName: 'x.pdf' });
    expect(extra.error?.issues.map((i) => i.path.join('.'))).toEqual(['fileName']);
    expect(ZProofInput.parse({ ...link, note: ' seen on site ' })).toEqual({ ...link, note: 'seen on site' });
    expect(
      ZProofInput.safeParse({
        type: 'file',
        fileName: 'a.exe',
        contentType: 'application/x-msdownload',
        contentBase64: 'AA==',
      }).success,
    ).toBe(false);
    expect(
      ZProofInput.safeParse({ type: 'metric', name: 'x', value: 1, measuredAt: 'yesterday' }).success,
    ).toBe(false);
  });
});
