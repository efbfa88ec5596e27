import type { TConfig } from '../config.js';
import type { TDb, TTx } from '../db/client.js';
import { writeAudit } from '../db/repositories/audit-repository.js';
import {
  completeSignedContract,
  findContract,
  findDeal,
  insertContractEvent,
  listSignatures,
} from '../db/repositories/contract-repository.js';
import {
  dealParties,
  findFulfillment,
  loadSponsorReport,
  findFulfillmentItem,
  firstCommunityManager,
  insertFulfillmentEvent,
  insertFulfillmentIfAbsent,
  itemState,
  listFulfillmentEvents,
  listFulfillmentItems,
  markFulfillmentOnce,
  queueUserEmail,
  updateFulfillmentItem,
} from '../db/repositories/fulfillment-repository.js';
import { queueSideEmails, type TSideEmail } from '../db/repositories/negotiation-repository.js';
import { defaultDueAt, type TFulfillmentProgress } from '../domain/fulfillment.js';
import { formatMoney } from '../domain/ops-view.js';
import { sha256Hex } from '../documents/contract-pdf.js';
import type { DocumentStore } from '../documents/document-store.js';
import { documentStoreFor } from '../documents/document-store-factory.js';
import { renderSponsorReportPdf } from '../documents/fulfillment-report-pdf.js';
import type { TFulfillmentActivities } from '../workflows/fulfillment/fulfillment.contract.js';
import { mustExist } from './must-exist.js';

export type TFulfillmentDeps = { db: TDb; config: TConfig; documentStore?: DocumentStore };

export const reportPdfKeyOf = (dealId: string) => `fulfillment/${dealId}/sponsor-report.pdf`;

const humanize = (key: string) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function createFulfillmentActivities(deps: TFulfillmentDeps): TFulfillmentActivities {
  const { db, config } = deps;
  const store = deps.documentStore ?? documentStoreFor(config);
  const settings = {
    reminderOffsetsMs: config.FULFILLMENT_REMINDERS,
    alarmBeforeEndMs: config.FULFILLMENT_ALARM_BEFORE_END,
    alarmThresholdPercent: config.FULFILLMENT_ALARM_THRESHOLD,
    reportAfterEndMs: config.FULFILLMENT_REPORT_AFTER_END,
  };

  /** Emails one or both sides' negotiators about the deal's fulfillment, keyed so a retry sends nothing twice. */
  async function notify(tx: TTx, deal: { id: string; requestId: string }, emails: TSideEmail[]) {
    await queueSideEmails(
      tx,
      deal.requestId,
      emails.map((e) => ({ ...e, body: `${e.body}\n\nOpen: GET /api/v1/deals/${deal.id}/benefits` })),
    );
  }
  const both = (keyPrefix: string, subject: string, body: string): TSideEmail[] =>
    (['community', 'organization'] as const).map((side) => ({
      side,
      keyPrefix: `${keyPrefix}:${side}`,
      subject,
      body,
    }));

  return {
    async openFulfillment({ dealId, contractId }) {
      return db.transaction(async (tx) => {
        const deal = mustExist(await findDeal(tx, dealId, true), `deal ${dealId}`);
        const parties = await dealParties(tx, deal);
        let fulfillment = await findFulfillment(tx, dealId, true);
        if (!fulfillment) {
          const contract = mustExist(await findContract(tx, contractId), `contract ${contractId}`);
          // The community's signer owns every item until a manager assigns it; a contract without one (never for a
          // signed contract) falls back to the community's first fulfillment manager.
          const signer = (await listSignatures(tx, contractId)).find((s) => s.side === 'community')?.userId;
          const owner = mustExist(
            signer ?? (await firstCommunityManager(tx, deal.communityId)),
            `an owner for the benefits of deal ${dealId} (the community's signer)`,
          );
          const now = Date.now();
          const fallback = (contract.signedAt?.getTime() ?? now) + config.FULFILLMENT_DEFAULT_DUE;
          const event = parties.event
            ? { startsAt: parties.event.startsAt.getTime(), endsAt: parties.event.endsAt.getTime() }
            : null;
          // A date already past when the contract was signed moves to the next one that is not (the event's end,
          // then the default window): a benefit is never Missed before anyone could deliver it.
          const dueAts = deal.benefits.map((b) =>
            [
              defaultDueAt(b.key, event, fallback),
              event?.endsAt ?? 0,
              now + config.FULFILLMENT_DEFAULT_DUE,
            ].find((t) => t > now)!,
          );
          const endAt = event?.endsAt ?? Math.max(fallback, ...dueAts);
          await insertFulfillmentIfAbsent(
            tx,
            { dealId, contractId, endAt: new Date(endAt) },
            deal.benefits.map((b, position) => ({
              dealId,
              position,
              benefitKey: b.key,
              title: b.label ?? humanize(b.key),
              detail: b.detail ?? null,
              ownerUserId: owner,
              dueAt: new Date(dueAts[position]!),
            })),
          );
          await insertFulfillmentEvent(tx, {
            dealId,
            idempotencyKey: `fulfillment:${dealId}:started`,
            type: 'started',
            detail: { contractId, items: deal.benefits.length, endAt: new Date(endAt).toISOString() },
          });
          await writeAudit(tx, {
            actorUserId: null,
            action: 'fulfillment.started',
            entityType: 'deal',
            entityId: dealId,
            after: { contractId, items: deal.benefits.length, ownerUserId: owner },
          });
          await notify(
            tx,
            deal,
            both(
              `fulfillment:${dealId}:started`,
              'Benefit fulfillment has started',
              `The contract is signed: ${deal.benefits.length} benefit(s) are now tracked with an owner, a due date and proof.`,
            ),
          );
          fulfillment = mustExist(await findFulfillment(tx, dealId), `fulfillment ${dealId}`);
        }
        const items = await listFulfillmentItems(tx, dealId);
        const timeline = await listFulfillmentEvents(tx, dealId);
        const progress: TFulfillmentProgress = {
          endAt: fulfillment.endAt.getTime(),
          remindersSent: timeline
            .filter((e) => e.type === 'reminder')
            .map((e) => String((e.detail as { key?: string } | null)?.key ?? '')),
          alarmChecked: fulfillment.alarmCheckedAt !== null,
          reportProduced: fulfillment.reportProducedAt !== null,
          completed: fulfillment.completedAt !== null,
        };
        const summary =
          `${parties.community?.name ?? deal.communityId} → ${parties.organization?.name ?? deal.organizationId}` +
          `${parties.event ? ` · ${parties.event.title}` : ''}: ${formatMoney(deal.amountMinor, deal.currency)} ` +
          `${deal.category} · ${items.length} benefit(s)`;
        return { items: items.map(itemState), progress, settings, summary };
      });
    },

    async recordItemChange(input) {
      await db.transaction(async (tx) => {
        const deal = mustExist(await findDeal(tx, input.dealId), `deal ${input.dealId}`);
        const row = mustExist(
          await findFulfillmentItem(tx, input.dealId, input.after.id, true),
          `benefit item ${input.after.id}`,
        );
        const types = input.actions.map((a) => a.type);
        const reason =
          input.actions.map((a) => ('reason' in a ? a.reason : null)).find((r) => r !== null) ?? null;
        const fresh = await insertFulfillmentEvent(tx, {
          dealId: input.dealId,
          itemId: row.id,
          idempotencyKey: input.idempotencyKey,
          type: types.join('+'),
          actorUserId: input.actor.userId,
          actorSide: input.actor.side,
          fromStatus: input.before.status,
          toStatus: input.after.status,
          detail: {
            ...(input.after.proof !== input.before.proof && input.after.proof
              ? { proof: input.after.proof }
              : {}),
            ...(reason ? { reason } : {}),
            ...(input.after.ownerUserId !== input.before.ownerUserId
              ? { ownerUserId: input.after.ownerUserId }
              : {}),
            ...(input.after.dueAt !== input.before.dueAt
              ? { dueAt: new Date(input.after.dueAt).toISOString() }
              : {}),
            ...(types.includes('waive') ? { waivedBy: input.after.waivedBy } : {}),
          },
        });
        if (!fresh) return;
        const now = new Date();
        await updateFulfillmentItem(tx, row.id, {
          status: input.after.status,
          ownerUserId: input.after.ownerUserId,
          dueAt: new Date(input.after.dueAt),
          proof: input.after.proof,
          disputeReason: input.after.disputeReason,
          waivedBy: input.after.waivedBy,
          ...(types.includes('deliver') ? { deliveredAt: now } : {}),
          ...(input.after.status === 'Verified' && input.before.status !== 'Verified'
            ? { verifiedAt: now }
            : {}),
          ...(input.after.status === 'Waived' && input.before.status !== 'Waived' ? { waivedAt: now } : {}),
          updatedAt: now,
        });
        await writeAudit(tx, {
          actorUserId: input.actor.userId,
          action: `fulfillment.${types.join('+')}`,
          entityType: 'fulfillment_item',
          entityId: row.id,
          before: input.before,
          after: input.after,
          reason,
          requestId: input.requestId,
        });
        const key = input.idempotencyKey;
        const title = row.title;
        if (types.includes('deliver'))
          await notify(tx, deal, [
            {
              side: 'organization',
              keyPrefix: `${key}:delivered`,
              subject: `Benefit delivered: ${title}`,
              body: `The community delivered "${title}" with proof (${input.after.proof?.type}). Verify it or dispute it with a reason.`,
            },
          ]);
        if (types.includes('verify'))
          await notify(tx, deal, [
            {
              side: 'community',
              keyPrefix: `${key}:verified`,
              subject: `Benefit verified: ${title}`,
              body: `The sponsor verified "${title}".`,
            },
          ]);
        if (types.includes('dispute'))
          await notify(tx, deal, [
            {
              side: 'community',
              keyPrefix: `${key}:disputed`,
              subject: `Benefit disputed: ${title}`,
              body: `The sponsor disputed "${title}". Reason: ${reason}. Deliver it again with new proof, or agree a waiver.`,
            },
          ]);
        if (types.includes('waive'))
          await notify(
            tx,
            deal,
            input.after.status === 'Waived'
              ? both(`${key}:waived`, `Benefit waived: ${title}`, `Both sides agreed to waive "${title}".`)
              : [
                  {
                    side: input.actor.side === 'community' ? 'organization' : 'community',
                    keyPrefix: `${key}:waiver`,
                    subject: `Waiver asked: ${title}`,
                    body: `The ${input.actor.side} agreed to waive "${title}" (reason: ${reason}). It is waived when your side agrees too.`,
                  },
                ],
          );
        if (input.after.ownerUserId !== input.before.ownerUserId)
          await queueUserEmail(tx, input.after.ownerUserId, {
            key: `${key}:owner`,
            subject: `You own a sponsor benefit: ${title}`,
            body: `You are now the owner of "${title}", due ${day(input.after.dueAt)}. Deliver it with proof: POST /api/v1/deals/${deal.id}/benefits/${row.id}/proof`,
          });
      });
    },

    async sendDueReminder({ dealId, itemId, key, dueAt }) {
      await db.transaction(async (tx) => {
        const item = mustExist(await findFulfillmentItem(tx, dealId, itemId), `benefit item ${itemId}`);
        const fresh = await insertFulfillmentEvent(tx, {
          dealId,
          itemId,
          idempotencyKey: `fulfillment:${dealId}:reminder:${key}`,
          type: 'reminder',
          detail: { key, dueAt: new Date(dueAt).toISOString(), ownerUserId: item.ownerUserId },
        });
        if (!fresh) return;
        await queueUserEmail(tx, item.ownerUserId, {
          key: `fulfillment:${dealId}:reminder:${key}`,
          subject: `Reminder: "${item.title}" is due ${day(dueAt)}`,
          body: `The sponsor benefit "${item.title}" you own is due ${day(dueAt)} (status ${item.status}). Deliver it with proof: POST /api/v1/deals/${dealId}/benefits/${itemId}/proof`,
        });
      });
    },

    async markMissed({ dealId, itemId }) {
      await db.transaction(async (tx) => {
        const deal = mustExist(await findDeal(tx, dealId), `deal ${dealId}`);
        const item = mustExist(await findFulfillmentItem(tx, dealId, itemId, true), `benefit item ${itemId}`);
        // Delivered (or otherwise moved on) since the workflow decided: nothing is missed.
        if (item.status !== 'Planned' && item.status !== 'InProgress') return;
        const key = `fulfillment:${dealId}:missed:${itemId}:${item.dueAt.getTime()}`;
        const fresh = await insertFulfillmentEvent(tx, {
          dealId,
          itemId,
          idempotencyKey: key,
          type: 'missed',
          fromStatus: item.status,
          toStatus: 'Missed',
          detail: { dueAt: item.dueAt.toISOString() },
        });
        if (!fresh) return;
        await updateFulfillmentItem(tx, itemId, {
          status: 'Missed',
          missedAt: new Date(),
          updatedAt: new Date(),
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'fulfillment.missed',
          entityType: 'fulfillment_item',
          entityId: itemId,
          before: { status: item.status },
          after: { status: 'Missed' },
          reason: `due ${item.dueAt.toISOString()} without a delivery`,
        });
        await notify(
          tx,
          deal,
          both(
            key,
            `Benefit missed: ${item.title}`,
            `"${item.title}" was due ${day(item.dueAt.getTime())} and was not delivered. It can still be delivered late, or waived by both sides.`,
          ),
        );
      });
    },

    async checkAlarm({ dealId, raised, percent }) {
      await db.transaction(async (tx) => {
        const deal = mustExist(await findDeal(tx, dealId), `deal ${dealId}`);
        const checked = await markFulfillmentOnce(tx, dealId, 'alarmCheckedAt', {
          alarmCheckedAt: new Date(),
          alarmPercent: raised ? Math.floor(percent) : null,
          updatedAt: new Date(),
        });
        if (!checked || !raised) return;
        const key = `fulfillment:${dealId}:alarm`;
        await insertFulfillmentEvent(tx, {
          dealId,
          idempotencyKey: key,
          type: 'alarm',
          detail: {
            percent,
            threshold: config.FULFILLMENT_ALARM_THRESHOLD,
            endAt: checked.endAt.toISOString(),
          },
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'fulfillment.alarm',
          entityType: 'deal',
          entityId: dealId,
          after: { percent, threshold: config.FULFILLMENT_ALARM_THRESHOLD },
        });
        await notify(
          tx,
          deal,
          both(
            key,
            `Sponsor benefits at ${percent}%: below ${config.FULFILLMENT_ALARM_THRESHOLD}% before the event ends`,
            `Only ${percent}% of the contracted benefits are verified or waived, and the event ends ${day(checked.endAt.getTime())}. Deliver, verify or agree waivers now.`,
          ),
        );
      });
    },

    async produceReport({ dealId }) {
      const existing = mustExist(await findFulfillment(db, dealId), `fulfillment ${dealId}`);
      if (existing.reportProducedAt) return;
      const report = mustExist(await loadSponsorReport(db, dealId, 'final'), `fulfillment ${dealId}`);
      const pdf = await renderSponsorReportPdf(report);
      const pdfSha256 = sha256Hex(pdf);
      const pdfKey = reportPdfKeyOf(dealId);
      // Stored before it is recorded: a row never names bytes that are not there.
      await store.put(pdfKey, pdf);
      await db.transaction(async (tx) => {
        const deal = mustExist(await findDeal(tx, dealId), `deal ${dealId}`);
        const produced = await markFulfillmentOnce(tx, dealId, 'reportProducedAt', {
          report,
          reportProducedAt: new Date(report.generatedAt),
          reportPdfKey: pdfKey,
          reportPdfSha256: pdfSha256,
          updatedAt: new Date(),
        });
        if (!produced) return;
        const key = `fulfillment:${dealId}:report`;
        await insertFulfillmentEvent(tx, {
          dealId,
          idempotencyKey: key,
          type: 'report',
          detail: { pdfSha256, percent: report.summary.percent },
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'fulfillment.report',
          entityType: 'deal',
          entityId: dealId,
          after: { pdfSha256, summary: report.summary },
        });
        await notify(
          tx,
          deal,
          both(
            key,
            'The sponsor report is ready',
            `${report.summary.done} of ${report.summary.total} benefits verified or waived (${report.summary.percent}%). JSON: GET /api/v1/deals/${dealId}/report; PDF: GET /api/v1/deals/${dealId}/report?format=pdf`,
          ),
        );
      });
    },

    async completeContract({ dealId, contractId }) {
      await db.transaction(async (tx) => {
        const deal = mustExist(await findDeal(tx, dealId), `deal ${dealId}`);
        const done = await markFulfillmentOnce(tx, dealId, 'completedAt', {
          completedAt: new Date(),
          updatedAt: new Date(),
        });
        if (!done) return;
        // Only a Signed contract completes; one the money step marked Disputed keeps that status.
        const contractCompleted = await completeSignedContract(tx, contractId);
        await insertFulfillmentEvent(tx, {
          dealId,
          idempotencyKey: `fulfillment:${dealId}:completed`,
          type: 'completed',
          detail: { contractId, contractCompleted },
        });
        if (contractCompleted)
          await insertContractEvent(tx, {
            contractId,
            idempotencyKey: `${contractId}:completed`,
            type: 'completed',
            fromStatus: 'Signed',
            toStatus: 'Completed',
            detail: { reason: 'every contracted benefit is Verified or Waived' },
          });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'contract.completed',
          entityType: 'contract',
          entityId: contractId,
          before: { status: 'Signed' },
          after: { status: contractCompleted ? 'Completed' : 'unchanged', dealId },
          reason: 'every contracted benefit is Verified or Waived',
        });
        await notify(
          tx,
          deal,
          both(
            `fulfillment:${dealId}:completed`,
            'Every sponsor benefit is fulfilled: the contract is Completed',
            'Every contracted benefit is verified or waived.',
          ),
        );
      });
    },
  };
}
