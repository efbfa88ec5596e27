import { and, eq, like } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  contractEvents,
  contracts,
  emailOutbox,
  fulfillmentEvents,
  fulfillments,
} from '../../src/db/schema/index.js';
import { sha256Hex } from '../../src/documents/contract-pdf.js';
import { SA_DEAL_ID, SA_STATUS } from '../../src/domain/search-attributes.js';
import { contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import { fulfillmentWorkflowId } from '../../src/workflows/fulfillment/fulfillment.contract.js';
import { pdfText } from '../helpers/contracts.js';
import { memberWithToken } from '../helpers/fixtures.js';
import { captureHistory } from '../helpers/histories.js';
import { signedDeal } from '../helpers/fulfillment.js';
import { waitFor } from '../helpers/receiver.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;

beforeAll(async () => {
  stack = await startTestStack({
    REQUESTS_PER_COMMUNITY_PER_DAY: '200',
    FULFILLMENT_REMINDERS: '2s',
    FULFILLMENT_ALARM_BEFORE_END: '22s',
    FULFILLMENT_REPORT_AFTER_END: '1s',
  });
});
afterAll(() => stack?.close());

const metadata = async (workflowId: string) =>
  (await stack.deps.temporal.workflow.getHandle(workflowId).query('__temporal_workflow_metadata')) as {
    currentDetails?: string;
  };

describe('benefit fulfillment: fulfillment:<dealId>', () => {
  it('runs the whole lifecycle: reminders, Missed, dispute, the 90% alarm, waiver by both, Completed, the report', async () => {
    const { community, organizer, sponsor, dealId, contractId, items, endsAt } = await signedDeal(stack, {
      benefits: [
        { key: 'workshop_slot', label: 'Workshop: build with our SDK' },
        { key: 'booth', detail: '3x3 m' },
        { key: 'newsletter_mention' },
        { key: 'hiring_access' },
      ],
      endsInMs: 32_000,
    });
    const byKey = (key: string) => items.find((i) => i.benefitKey === key)!;
    const [workshop, booth, newsletter, hiring] = [
      byKey('workshop_slot'),
      byKey('booth'),
      byKey('newsletter_mention'),
      byKey('hiring_access'),
    ];
    const base = `/api/v1/deals/${dealId}/benefits`;

    // Every contracted benefit is an item, owned by the community's signer, Planned, due by the event.
    const listed = await stack.request('GET', base, { token: sponsor.token });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.data).toMatchObject({
      dealId,
      contractId,
      status: 'Fulfilling',
      completion: { total: 4, done: 0, percent: 0 },
    });
    for (const item of listed.body.data.items) {
      expect(item).toMatchObject({ status: 'Planned', owner: { id: organizer.user.id }, proof: null });
      expect(Date.parse(item.dueAt)).toBeLessThanOrEqual(endsAt.getTime());
    }
    expect(listed.body.data.items.map((i: { title: string }) => i.title)).toContain(
      'Workshop: build with our SDK',
    );
    const workflowId = fulfillmentWorkflowId(dealId);
    // Who, what and how much in the summary (read in the workflow list); the ids in the details.
    const run = await stack.deps.temporal.workflow.getHandle(workflowId).describe();
    expect(await run.staticDetails()).toContain(dealId);
    expect(await run.staticSummary()).toMatch(
      new RegExp(`^Benefit fulfillment · ${community.name} → Org .+: INR 100,000\\.00 Gold Sponsor$`),
    );
    expect((await metadata(workflowId)).currentDetails).toContain(
      'Waiting on the **community** to deliver 4',
    );

    // The workshop goes to a volunteer, due in 3 s: a reminder reaches them, then it is Missed.
    const volunteer = await memberWithToken(stack.db, community.id, 'Volunteer');
    const dueAt = new Date(Date.now() + 3_000).toISOString();
    const assigned = await stack.request('PATCH', `${base}/${workshop.id}`, {
      token: organizer.token,
      body: { ownerUserId: volunteer.user.id, dueAt },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.data).toMatchObject({ owner: { id: volunteer.user.id }, dueAt, status: 'Planned' });
    const reminder = await waitFor(
      async () =>
        (
          await stack.db
            .select()
            .from(emailOutbox)
            .where(and(eq(emailOutbox.to, volunteer.user.email), like(emailOutbox.subject, 'Reminder:%')))
        )[0],
      10_000,
      'the reminder to the owner',
    );
    expect(reminder.subject).toContain('Workshop: build with our SDK');
    const missed = await waitFor(
      async () => {
        const res = await stack.request('GET', base, { token: organizer.token });
        const item = res.body.data.items.find((i: { id: string }) => i.id === workshop.id);
        return item.status === 'Missed' ? item : null;
      },
      10_000,
      'the workshop marked Missed',
    );
    expect(missed.missedAt).not.toBeNull();

    // The booth: in progress, delivered with a link, disputed with a reason, delivered again with a file, verified.
    const progress = await stack.request('PATCH', `${base}/${booth.id}`, {
      token: organizer.token,
      body: { status: 'InProgress' },
    });
    expect(progress.body.data.status).toBe('InProgress');
    const link = { type: 'link', url: 'https://photos.example.com/booth' };
    const delivered = await stack.request('POST', `${base}/${booth.id}/proof`, {
      token: organizer.token,
      body: link,
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    expect(delivered.body.data).toMatchObject({ status: 'Delivered', proof: link });
    const disputed = await stack.request('POST', `${base}/${booth.id}/dispute`, {
      token: sponsor.token,
      body: { reason: 'The photo shows another sponsor’s booth' },
    });
    expect(disputed.body.data).toMatchObject({
      status: 'Disputed',
      disputeReason: 'The photo shows another sponsor’s booth',
    });
    // The worker restarts mid-way: timers, items and waivers carry on, nothing is done twice.
    await stack.stopWorker();
    await stack.startWorker();
    const photo = Buffer.from('%PDF-1.4 booth photo evidence');
    const again = await stack.request('POST', `${base}/${booth.id}/proof`, {
      token: organizer.token,
      body: {
        type: 'file',
        fileName: 'booth.pdf',
        contentType: 'application/pdf',
        contentBase64: photo.toString('base64'),
        note: 'Our booth, hall B',
      },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.data.proof).toEqual({
      type: 'file',
      fileName: 'booth.pdf',
      contentType: 'application/pdf',
      sizeBytes: photo.length,
      sha256: sha256Hex(photo),
      note: 'Our booth, hall B',
    });
    const verified = await stack.request('POST', `${base}/${booth.id}/verify`, { token: sponsor.token });
    expect(verified.body.data.status).toBe('Verified');
    // Verifying again answers the same item (idempotent); nothing more is recorded.
    const twice = await stack.request('POST', `${base}/${booth.id}/verify`, { token: sponsor.token });
    expect(twice.status).toBe(200);
    expect(twice.body.data).toEqual(verified.body.data);

    // The newsletter: a metric with its timestamp, verified.
    const metric = {
      type: 'metric',
      name: 'newsletter opens',
      value: 4210,
      unit: 'opens',
      measuredAt: new Date(Date.now() - 60_000).toISOString(),
    };
    expect(
      (
        await stack.request('POST', `${base}/${newsletter.id}/proof`, {
          token: organizer.token,
          body: metric,
        })
      ).body.data.proof,
    ).toEqual(metric);
    expect(
      (await stack.request('POST', `${base}/${newsletter.id}/verify`, { token: sponsor.token })).body.data
        .status,
    ).toBe('Verified');

    // Hiring access is waived: one side's approval is not enough, both make it Waived.
    const oneSide = await stack.request('POST', `${base}/${hiring.id}/waive`, {
      token: organizer.token,
      body: { reason: 'No participants opted in to hiring' },
    });
    expect(oneSide.body.data).toMatchObject({ status: 'Planned', waivedBy: ['community'] });
    const bothSides = await stack.request('POST', `${base}/${hiring.id}/waive`, {
      token: sponsor.token,
      body: { reason: 'Agreed' },
    });
    expect(bothSides.body.data).toMatchObject({ status: 'Waived', waivedBy: ['community', 'organization'] });

    // 3 of 4 done while the event nears its end: the alarm reaches both sides.
    const alarm = await waitFor(
      async () => {
        const [row] = await stack.db.select().from(fulfillments).where(eq(fulfillments.dealId, dealId));
        return row?.alarmCheckedAt ? row : null;
      },
      20_000,
      'the completion alarm',
    );
    expect(alarm.alarmPercent).not.toBeNull();
    expect(alarm.alarmPercent!).toBeLessThan(90);
    for (const party of [organizer, sponsor]) {
      const mail = await stack.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.to, party.user.email), like(emailOutbox.subject, 'Sponsor benefits at %')));
      expect(mail, party.user.email).toHaveLength(1);
    }
    expect((await stack.request('GET', base, { token: sponsor.token })).body.data.alarm).toMatchObject({
      raised: true,
      percent: alarm.alarmPercent,
    });

    // The missed workshop is delivered late by its owner and verified: every item is done, the contract Completed.
    const late = await stack.request('POST', `${base}/${workshop.id}/proof`, {
      token: volunteer.token,
      body: { type: 'link', url: 'https://videos.example.com/workshop-recording' },
    });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    await stack.request('POST', `${base}/${workshop.id}/verify`, { token: sponsor.token });
    const completed = await waitFor(
      async () => {
        const [row] = await stack.db.select().from(contracts).where(eq(contracts.id, contractId));
        return row?.status === 'Completed' ? row : null;
      },
      10_000,
      'the contract Completed',
    );
    expect(completed.status).toBe('Completed');
    const contractTimeline = await stack.db
      .select()
      .from(contractEvents)
      .where(eq(contractEvents.contractId, contractId));
    expect(contractTimeline.map((e) => e.type)).toContain('completed');

    // Before the report: a preview. After the event (+1 s): the final report, JSON and PDF.
    const preview = await stack.request('GET', `/api/v1/deals/${dealId}/report`, { token: sponsor.token });
    expect(preview.status).toBe(200);
    const report = await waitFor(
      async () => {
        const res = await stack.request('GET', `/api/v1/deals/${dealId}/report`, { token: sponsor.token });
        return res.body.data.kind === 'final' ? res.body.data : null;
      },
      40_000,
      'the final sponsor report',
    );
    expect(report.summary).toMatchObject({
      total: 4,
      done: 4,
      percent: 100,
      byStatus: { Verified: 3, Waived: 1, Missed: 0 },
    });
    const workshopLine = report.items.find((i: { id: string }) => i.id === workshop.id);
    expect(workshopLine).toMatchObject({
      status: 'Verified',
      late: true,
      owner: { id: volunteer.user.id },
      proof: { type: 'link', url: 'https://videos.example.com/workshop-recording' },
    });
    expect(report.items.find((i: { id: string }) => i.id === booth.id).proof.sha256).toBe(sha256Hex(photo));
    const pdf = await stack.app.request(`/api/v1/deals/${dealId}/report?format=pdf`, {
      headers: { authorization: `Bearer ${sponsor.token}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(report.pdfSha256);
    expect(pdf.headers.get('x-document-sha256')).toBe(report.pdfSha256);
    expect((await PDFDocument.load(bytes)).getTitle()).toContain(dealId);
    const text = await pdfText(bytes);
    for (const needle of [
      'Sponsor report',
      'Workshop: build with our SDK',
      'delivered late',
      'newsletter opens',
    ])
      expect(text).toContain(needle);

    // Done: the workflow finished, and every step left its timeline row and audit row.
    const handle = stack.deps.temporal.workflow.getHandle(workflowId);
    expect(await handle.result()).toMatchObject({ progress: { completed: true, reportProduced: true } });
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SA_STATUS)).toBe('Completed');
    expect(described.typedSearchAttributes.get(SA_DEAL_ID)).toBe(dealId);
    await captureHistory(stack, workflowId, 'fulfillment-completed');
    // The contract workflow that started it (with its start-fulfillment marker) is saved for replay as well.
    await stack.deps.temporal.workflow.getHandle(contractWorkflowId(contractId)).result();
    await captureHistory(stack, contractWorkflowId(contractId), 'contract-signed-starts-fulfillment');
    const timeline = (
      await stack.db.select().from(fulfillmentEvents).where(eq(fulfillmentEvents.dealId, dealId))
    ).map((e) => e.type);
    for (const type of [
      'started',
      'reminder',
      'missed',
      'deliver',
      'dispute',
      'verify',
      'waive',
      'alarm',
      'report',
      'completed',
    ])
      expect(timeline).toContain(type);
    expect(timeline.filter((t) => t === 'verify')).toHaveLength(3);
    const audited = (
      await stack.db.select().from(auditLog).where(like(auditLog.action, 'fulfillment.%'))
    ).map((a) => a.action);
    expect(audited).toEqual(
      expect.arrayContaining(['fulfillment.started', 'fulfillment.missed', 'fulfillment.verify']),
    );
    // A closed fulfillment takes no more changes.
    const closed = await stack.request('POST', `${base}/${booth.id}/dispute`, {
      token: sponsor.token,
      body: { reason: 'too late' },
    });
    expect(closed.status).toBe(409);
  }, 120_000);
});
