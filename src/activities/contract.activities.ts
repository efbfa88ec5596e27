import { readFileSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/activity';
import type { TConfig } from '../config.js';
import type { TDb, TTx } from '../db/client.js';
import { writeAudit } from '../db/repositories/audit-repository.js';
import {
  contractPartiesSnapshot,
  findContract,
  findContractWithDeal,
  findDeal,
  findSignature,
  findTemplateOverride,
  insertContractEvent,
  insertContractIfNone,
  insertSignatureIfNew,
  listContractEvents,
  listSignatures,
  markContractCancelled,
  markContractExpired,
  markDealContracted,
  moveContractFrom,
  reopenDealForContract,
  type TContractParties,
  type TDealRow,
  waiveOpenItemsOfDeal,
} from '../db/repositories/contract-repository.js';
import {
  insertDraftContractWithEvents,
  moveDraftToPendingSignature,
} from '../db/repositories/contract-open-repository.js';
import { queueSideEmails, type TSideEmail } from '../db/repositories/negotiation-repository.js';
import {
  findLinkByOrganization,
  findOrganization,
  insertLink,
  nextDisplayOrder,
  updateLink,
} from '../db/repositories/event-partners-repository.js';
import { publishWebhookEvent } from '../db/repositories/webhooks-repository.js';
import { categoryInfo } from '../domain/commdesk-facts.js';
import { contractViolation } from '../domain/contract.js';
import { resolveTemplate, type TTemplateOverride, ZContractTemplate } from '../domain/contract-template.js';
import type { TBenefit } from '../domain/event-partners.js';
import type { TSide } from '../domain/negotiation.js';
import {
  appendCertificate,
  certificateOf,
  renderContractPdf,
  sealPdf,
  sha256Hex,
  type TContractSnapshot,
} from '../documents/contract-pdf.js';
import type { DocumentStore } from '../documents/document-store.js';
import { documentStoreFor } from '../documents/document-store-factory.js';
import { loadSealCertificate } from '../infra/seal-certificate.js';
import type { TContractActivities, TSignature } from '../workflows/contract/contract.contract.js';
import type { TCancellationActivities } from '../workflows/contract-cancellation/contract-cancellation.contract.js';
import { mustExist } from './must-exist.js';

export type TContractDeps = { db: TDb; config: TConfig; documentStore?: DocumentStore };

/** The default template ships with the code as data; communities override fields in contract_template_overrides. */
export const DEFAULT_CONTRACT_TEMPLATE = ZContractTemplate.parse(
  JSON.parse(readFileSync(new URL('../documents/templates/default.json', import.meta.url), 'utf8')),
);

export const documentKeyOf = (contractId: string) => `contracts/${contractId}/document.pdf`;
export const sealedKeyOf = (contractId: string) => `contracts/${contractId}/sealed.pdf`;

/**
 * What a contract's PDF is rendered from: the template (the default with the community's override) and the deal's
 * snapshot with both parties, their signers and the event. Shared by the generating activity and the contracts bench.
 */
export async function contractDocumentInput(
  db: TDb,
  contract: { id: string; createdAt: Date },
  deal: TDealRow,
  /** The override and the parties when the caller read them with the contract (one statement, see open). */
  read?: {
    override: { version: number; fields: TTemplateOverride } | undefined;
    parties: TContractParties;
  },
) {
  const contractId = contract.id;
  const override = read ? read.override : await findTemplateOverride(db, deal.communityId);
  const template = resolveTemplate(
    DEFAULT_CONTRACT_TEMPLATE,
    override ? { communityId: deal.communityId, version: override.version, fields: override.fields } : null,
  );
  const parties = read ? read.parties : await contractPartiesSnapshot(db, deal);
  const community = mustExist(parties.community, `community ${deal.communityId}`);
  const organization = mustExist(parties.organization, `organization ${deal.organizationId}`);
  const signersOf = (side: TSide) =>
    parties.signers.filter((s) => s.side === side).map((s) => `${s.name} (${s.role})`);
  const snapshot: TContractSnapshot = {
    contractId,
    dealId: deal.id,
    createdAt: contract.createdAt.toISOString(),
    templateVersion: template.versionLabel,
    community: { id: community.id, legalName: community.name, signers: signersOf('community') },
    organization: {
      id: organization.id,
      legalName: organization.legalName ?? organization.displayName,
      displayName: organization.displayName,
      signers: signersOf('organization'),
    },
    event: parties.event
      ? {
          title: parties.event.title,
          startsAt: parties.event.startsAt.toISOString(),
          endsAt: parties.event.endsAt.toISOString(),
        }
      : null,
    amountMinor: deal.amountMinor,
    currency: deal.currency,
    category: deal.category,
    benefits: deal.benefits,
    terms: deal.terms,
  };
  return { snapshot, template };
}

/**
 * A Draft that open has just created: its row and its deal's row and, when its one statement created it, what its
 * document is rendered from.
 */
type TOpened = Omit<NonNullable<Awaited<ReturnType<typeof insertDraftContractWithEvents>>>, 'document'> & {
  document?: NonNullable<Awaited<ReturnType<typeof insertDraftContractWithEvents>>>['document'];
};

/** The contract's link at the end of each email's body. */
const withLink = (contractId: string, emails: TSideEmail[]): TSideEmail[] =>
  emails.map((e) => ({ ...e, body: `${e.body}\n\nOpen: GET /api/v1/contracts/${contractId}` }));

export function createContractActivities(deps: TContractDeps): TContractActivities & TCancellationActivities {
  const { db, config } = deps;
  const store = deps.documentStore ?? documentStoreFor(config);
  let p12: Promise<Uint8Array> | null = null;
  const sealCertificate = () =>
    (p12 ??= loadSealCertificate({
      p12Path: config.contractSealP12,
      passphrase: config.CONTRACT_SEAL_P12_PASSPHRASE,
      production: config.NODE_ENV === 'production',
    }).catch((err: unknown) => {
      p12 = null;
      throw err;
    }));

  /** Emails both sides' negotiators (or one side) about the contract, keyed so a retried step sends nothing twice. */
  async function notify(tx: TTx, requestId: string, contractId: string, emails: TSideEmail[]) {
    await queueSideEmails(tx, requestId, withLink(contractId, emails));
  }
  const both = (keyPrefix: string, subject: string, body: string): TSideEmail[] =>
    (['community', 'organization'] as const).map((side) => ({
      side,
      keyPrefix: `${keyPrefix}:${side}`,
      subject,
      body,
    }));

  /**
   * The event's partner panel shows what was signed: the organization's assignment is created, or updated, with the
   * contracted category, tier and benefits (in the sealing transaction; its webhook deliveries are returned).
   */
  async function assignOnPanel(
    tx: TTx,
    contractId: string,
    deal: {
      communityId: string;
      organizationId: string;
      eventId: string | null;
      category: Parameters<typeof categoryInfo>[0];
      benefits: TBenefit[];
    },
  ): Promise<string[]> {
    if (!deal.eventId) return [];
    const info = categoryInfo(deal.category);
    const contracted = {
      displayCategory: info.label,
      kind: info.kind,
      tierKeyword: info.tierKeyword,
      band: info.band,
      benefits: deal.benefits,
    };
    const organization = mustExist(
      await findOrganization(tx, deal.organizationId),
      `organization ${deal.organizationId}`,
    );
    const existing = await findLinkByOrganization(tx, deal.eventId, deal.organizationId);
    const inserted = existing
      ? null
      : await insertLink(tx, {
          eventId: deal.eventId,
          organizationId: deal.organizationId,
          ...contracted,
          nameSnapshot: organization.displayName,
          logoUrlSnapshot: organization.logoUrl,
          websiteSnapshot: organization.website,
          visibility: 'public',
          displayOrder: await nextDisplayOrder(tx, deal.eventId),
        });
    const linkId =
      inserted?.id ??
      existing?.id ??
      (await findLinkByOrganization(tx, deal.eventId, deal.organizationId))!.id;
    const row = inserted ?? (await updateLink(tx, linkId, contracted));
    const type = inserted ? 'event_partner_assigned' : 'event_partner_updated';
    const assignment = {
      id: row.id,
      eventId: row.eventId,
      organizationId: row.organizationId,
      name: row.nameSnapshot,
      category: row.displayCategory,
      kind: row.kind,
      tierKeyword: row.tierKeyword,
      benefits: row.benefits,
      visibility: row.visibility,
      contractId,
    };
    await writeAudit(tx, {
      actorUserId: null,
      action: inserted ? 'event_partner.assigned' : 'event_partner.updated',
      entityType: 'event_partner_link',
      entityId: row.id,
      after: assignment,
      reason: `contract ${contractId} signed`,
    });
    const published = await publishWebhookEvent(tx, {
      communityId: deal.communityId,
      type,
      payload: { eventId: row.eventId, assignment },
    });
    return published.deliveryIds;
  }

  /**
   * Opens the Draft (see openContract). When this call created it, `created` holds the contract row its insert
   * returned and the deal row it read under lock in the same transaction: what generation would read again right
   * after the commit (openAndGenerateContract passes them on instead of a statement more).
   */
  async function open(input: Parameters<TContractActivities['openContract']>[0]): Promise<
    Awaited<ReturnType<TContractActivities['openContract']>> & {
      created?: TOpened;
    }
  > {
    const settings = {
      signingWindowMs: config.CONTRACT_SIGNING_WINDOW,
      reminderOffsetsMs: config.CONTRACT_REMINDERS,
      webhookRetryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
    };
    // The common case, a new contract of an Accepted deal, in one statement; any other (a retry, a re-run, a superseded
    // contract, a deal no longer Accepted) wrote nothing there and is answered by the transaction below as before.
    const created = await insertDraftContractWithEvents(db, {
      contractId: input.contractId,
      dealId: input.dealId,
      actorUserId: input.actorUserId,
    });
    if (created) return { superseded: false, settings, created };
    return db.transaction(async (tx) => {
      const deal = mustExist(await findDeal(tx, input.dealId, true), `deal ${input.dealId}`);
      // Only an Accepted deal gets a new contract; a Contracted one has its contract already. An existing row of this
      // contract is answered as it is, whatever the deal's status: looked up first only when the deal is not Accepted;
      // when it is, the insert that does nothing on a conflict finds it (one statement less for a new contract).
      if (deal.status !== 'Accepted')
        return { superseded: !(await findContract(tx, input.contractId)), settings };
      const { contract, created } = await insertContractIfNone(tx, {
        id: input.contractId,
        dealId: deal.id,
        createdBy: input.actorUserId,
      });
      if (contract.id !== input.contractId) return { superseded: true, settings };
      if (!created) return { superseded: false, settings };
      await insertContractEvent(tx, {
        contractId: contract.id,
        idempotencyKey: `${contract.id}:created`,
        type: 'created',
        actorUserId: input.actorUserId,
        toStatus: 'Draft',
        detail: { dealId: deal.id },
      });
      await writeAudit(tx, {
        actorUserId: input.actorUserId,
        action: 'contract.created',
        entityType: 'contract',
        entityId: contract.id,
        after: { dealId: deal.id, status: 'Draft' },
      });
      return { superseded: false, settings, created: { contract, deal } };
    });
  }

  /**
   * Renders, stores and records the document of a Draft (see generateContract). `opened`: the rows of the Draft that
   * openAndGenerateContract has just created, which the contract-with-deal read would answer with.
   */
  async function generate(
    { contractId, signingWindowMs }: Parameters<TContractActivities['generateContract']>[0],
    opened?: TOpened,
  ) {
    const { contract, deal } =
      opened ?? mustExist(await findContractWithDeal(db, contractId), `contract ${contractId}`);
    const answer = (c: typeof contract) => ({
      documentSha256: c.documentSha256!,
      deadlineAt: c.deadline!.getTime(),
      sequential: c.sequential,
      order: c.signingOrder as TSide[],
    });
    if (contract.documentKey && contract.documentSha256 && contract.deadline) return answer(contract);
    const { snapshot, template } = await contractDocumentInput(db, contract, deal, opened?.document);
    const pdf = await renderContractPdf(snapshot, template);
    const documentSha256 = sha256Hex(pdf);
    const documentKey = documentKeyOf(contractId);
    // Stored before it is recorded: a row never names bytes that are not there.
    await store.put(documentKey, pdf);
    const deadline = new Date(Date.now() + signingWindowMs);
    // The move with its `generated` event, audit row and emails in one statement (written only when it moved).
    const updated = await moveDraftToPendingSignature(db, {
      contractId,
      templateVersion: template.versionLabel,
      milestones: template.milestones,
      sequential: template.sequential,
      signingOrder: [...template.signingOrder],
      documentKey,
      documentSha256,
      deadline,
      updatedAt: new Date(),
      emails: {
        requestId: deal.requestId,
        emails: withLink(
          contractId,
          both(
            `contract:${contractId}:generated`,
            'Your sponsorship contract is ready to sign',
            `The contract for ${deal.currency} ${(deal.amountMinor / 100).toFixed(2)} is ready. Sign it before ${deadline.toISOString()}.`,
          ),
        ),
      },
    });
    if (updated) return answer(updated);
    // Cancelled while it was being rendered (or generated by an earlier attempt): keep what is recorded.
    const now = mustExist(await findContract(db, contractId), `contract ${contractId}`);
    return {
      documentSha256: now.documentSha256 ?? documentSha256,
      deadlineAt: (now.deadline ?? deadline).getTime(),
      sequential: now.sequential,
      order: now.signingOrder as TSide[],
    };
  }

  const activities: Omit<TContractActivities, 'openAndGenerateContract'> & TCancellationActivities = {
    async openContract(input) {
      const { superseded, settings } = await open(input);
      return { superseded, settings };
    },

    async generateContract(input) {
      return generate(input);
    },

    async recordSignature(input) {
      return db.transaction(async (tx) => {
        const contract = mustExist(
          await findContract(tx, input.contractId, true),
          `contract ${input.contractId}`,
        );
        const deal = mustExist(await findDeal(tx, contract.dealId), `deal ${contract.dealId}`);
        const inserted = await insertSignatureIfNew(tx, {
          contractId: contract.id,
          side: input.side,
          userId: input.userId,
          fullName: input.fullName,
          ip: input.ip,
          userAgent: input.userAgent,
          sessionId: input.sessionId,
          documentSha256: input.documentSha256,
        });
        const row = inserted ?? (await findSignature(tx, contract.id, input.side))!;
        const signature: TSignature = {
          side: row.side,
          userId: row.userId,
          fullName: row.fullName,
          signedAt: row.signedAt.toISOString(),
          documentSha256: row.documentSha256,
        };
        if (!inserted) return signature;
        if (contract.documentSha256 !== input.documentSha256)
          throw ApplicationFailure.create({
            type: 'DOCUMENT_CHANGED',
            message: 'the document changed since it was shown',
            nonRetryable: true,
          });
        await insertContractEvent(tx, {
          contractId: contract.id,
          idempotencyKey: `${contract.id}:signed:${input.side}`,
          type: 'signed',
          actorUserId: input.userId,
          actorSide: input.side,
          ip: input.ip,
          userAgent: input.userAgent,
          sessionId: input.sessionId,
          documentSha256: input.documentSha256,
          detail: { fullName: input.fullName },
        });
        await writeAudit(tx, {
          actorUserId: input.userId,
          action: 'contract.signed',
          entityType: 'contract',
          entityId: contract.id,
          after: { side: input.side, documentSha256: input.documentSha256, ip: input.ip },
        });
        await notify(tx, deal.requestId, contract.id, [
          {
            side: input.side === 'community' ? 'organization' : 'community',
            keyPrefix: `contract:${contract.id}:signed:${input.side}`,
            subject: 'The other party signed the contract',
            body: `${input.fullName} signed for the ${input.side}.`,
          },
        ]);
        return signature;
      });
    },

    async recordedContract({ contractId }) {
      const contract = mustExist(await findContract(db, contractId), `contract ${contractId}`);
      const signatures = await listSignatures(db, contractId);
      return {
        status: contract.status,
        signatures: signatures.map((s) => ({
          side: s.side,
          userId: s.userId,
          fullName: s.fullName,
          signedAt: s.signedAt.toISOString(),
          documentSha256: s.documentSha256,
        })),
      };
    },

    async sendSigningReminder({ contractId, reminder }) {
      await db.transaction(async (tx) => {
        const found = mustExist(await findContractWithDeal(tx, contractId), `contract ${contractId}`);
        const signed = new Set((await listSignatures(tx, contractId)).map((s) => s.side));
        const waiting = (['community', 'organization'] as const).filter((side) => !signed.has(side));
        if (
          !(await insertContractEvent(tx, {
            contractId,
            idempotencyKey: `${contractId}:reminder:${reminder}`,
            type: 'reminder',
            detail: { reminder, waitingOn: waiting },
          }))
        )
          return;
        await notify(
          tx,
          found.deal.requestId,
          contractId,
          waiting.map((side) => ({
            side,
            keyPrefix: `contract:${contractId}:reminder:${reminder}:${side}`,
            subject: 'A sponsorship contract is waiting for your signature',
            body: `Sign before ${found.contract.deadline?.toISOString()} or the contract expires.`,
          })),
        );
      });
    },

    async recordCancelled(input) {
      await db.transaction(async (tx) => {
        const contract = mustExist(
          await findContract(tx, input.contractId, true),
          `contract ${input.contractId}`,
        );
        const deal = mustExist(await findDeal(tx, contract.dealId), `deal ${contract.dealId}`);
        const fresh = await insertContractEvent(tx, {
          contractId: contract.id,
          idempotencyKey: `${contract.id}:cancelled`,
          type: 'cancelled',
          actorUserId: input.userId,
          actorSide: input.side,
          fromStatus: contract.status,
          toStatus: 'Cancelled',
          ip: input.ip,
          userAgent: input.userAgent,
          detail: { reason: input.reason },
        });
        if (!fresh) return;
        await markContractCancelled(tx, contract.id, input.reason);
        await writeAudit(tx, {
          actorUserId: input.userId,
          action: 'contract.cancelled',
          entityType: 'contract',
          entityId: contract.id,
          before: { status: contract.status },
          after: { status: 'Cancelled' },
          reason: input.reason,
        });
        await notify(
          tx,
          deal.requestId,
          contract.id,
          both(
            `contract:${contract.id}:cancelled`,
            'A sponsorship contract was cancelled',
            `The ${input.side} cancelled the contract. Reason: ${input.reason}. The deal stays Accepted; a new contract can be started.`,
          ),
        );
      });
    },

    async recordCancellationProposed(input) {
      await db.transaction(async (tx) => {
        const contract = mustExist(
          await findContract(tx, input.contractId, true),
          `contract ${input.contractId}`,
        );
        const deal = mustExist(await findDeal(tx, contract.dealId), `deal ${contract.dealId}`);
        const other = input.proposer.side === 'community' ? 'organization' : 'community';
        const deadline = new Date(input.deadlineAt).toISOString();
        const fresh = await insertContractEvent(tx, {
          contractId: contract.id,
          idempotencyKey: `${contract.id}:cancellation:${input.proposalId}:proposed`,
          type: 'cancellation_proposed',
          actorUserId: input.proposer.userId,
          actorSide: input.proposer.side,
          fromStatus: contract.status,
          toStatus: contract.status,
          ip: input.proposer.ip,
          userAgent: input.proposer.userAgent,
          detail: { reason: input.reason, deadline, proposalId: input.proposalId },
        });
        if (!fresh) return;
        await writeAudit(tx, {
          actorUserId: input.proposer.userId,
          action: 'contract.cancellation_proposed',
          entityType: 'contract',
          entityId: contract.id,
          before: { status: contract.status },
          after: {
            status: contract.status,
            cancellation: 'Proposed',
            proposedBy: input.proposer.side,
            deadline,
          },
          reason: input.reason,
        });
        await notify(tx, deal.requestId, contract.id, [
          {
            side: other,
            keyPrefix: `contract:${contract.id}:cancellation:${input.proposalId}:proposed:${other}`,
            subject: 'Cancellation of a signed sponsorship contract proposed',
            body: `The ${input.proposer.side} proposes to cancel the signed contract. Reason: ${input.reason}. Your signer may confirm (POST /api/v1/contracts/${contract.id}/cancellation/confirm) or decline (.../cancellation/decline) until ${deadline}; without an answer the proposal lapses and the contract stays in force. Once confirmed, amounts held in escrow for undelivered benefits are refunded to the organization.`,
          },
          {
            side: input.proposer.side,
            keyPrefix: `contract:${contract.id}:cancellation:${input.proposalId}:proposed:${input.proposer.side}`,
            subject: 'You proposed to cancel a signed sponsorship contract',
            body: `The ${other} has until ${deadline} to confirm or decline. Reason given: ${input.reason}. You may withdraw the proposal (POST /api/v1/contracts/${contract.id}/cancellation/withdraw).`,
          },
        ]);
      });
    },

    async recordCancelledByAgreement(input) {
      return db.transaction(async (tx) => {
        const contract = mustExist(
          await findContract(tx, input.contractId, true),
          `contract ${input.contractId}`,
        );
        const deal = mustExist(await findDeal(tx, contract.dealId), `deal ${contract.dealId}`);
        const key = `${contract.id}:cancellation:${input.proposalId}:confirmed`;
        const problem = contractViolation(
          { status: contract.status, documentSha256: null, sequential: false, order: [], signedBy: [] },
          { type: 'cancelByAgreement' },
        );
        const fresh =
          !problem &&
          (await insertContractEvent(tx, {
            contractId: contract.id,
            idempotencyKey: key,
            type: 'cancelled',
            actorUserId: input.confirmer.userId,
            actorSide: input.confirmer.side,
            fromStatus: contract.status,
            toStatus: 'Cancelled',
            ip: input.confirmer.ip,
            userAgent: input.confirmer.userAgent,
            detail: {
              reason: input.reason,
              proposalId: input.proposalId,
              deal: `cancelled by agreement: proposed by the ${input.proposer.side}, confirmed by the ${input.confirmer.side}`,
            },
          }));
        // Already recorded by an earlier attempt of this step: the same answer.
        if (!fresh) {
          if (contract.status === 'Cancelled') return { waivedItems: 0 };
          throw ApplicationFailure.nonRetryable(problem!.message, 'WRONG_STATE');
        }
        await markContractCancelled(tx, contract.id, input.reason);
        const waivedItems = await waiveOpenItemsOfDeal(
          tx,
          deal.id,
          `${key}:waive`,
          input.confirmer,
          input.reason,
        );
        await writeAudit(tx, {
          actorUserId: input.confirmer.userId,
          action: 'contract.cancelled_by_agreement',
          entityType: 'contract',
          entityId: contract.id,
          before: { status: contract.status },
          after: {
            status: 'Cancelled',
            proposedBy: input.proposer.side,
            proposerUserId: input.proposer.userId,
            confirmedBy: input.confirmer.side,
            waivedItems,
          },
          reason: input.reason,
        });
        await notify(
          tx,
          deal.requestId,
          contract.id,
          both(
            `contract:${contract.id}:cancellation:${input.proposalId}:confirmed`,
            'A signed sponsorship contract was cancelled by agreement',
            `The ${input.proposer.side} proposed and the ${input.confirmer.side} confirmed the cancellation of the signed contract. Reason: ${input.reason}. Benefits not yet verified (${waivedItems}) are waived. Amounts still held in escrow for undelivered benefits are refunded to the organization: its admin may ask for the refund (POST /api/v1/payments/${contract.id}/refund).`,
          ),
        );
        return { waivedItems };
      });
    },

    async recordCancellationClosed(input) {
      await db.transaction(async (tx) => {
        const contract = mustExist(
          await findContract(tx, input.contractId, true),
          `contract ${input.contractId}`,
        );
        const deal = mustExist(await findDeal(tx, contract.dealId), `deal ${contract.dealId}`);
        const type =
          `cancellation_${input.outcome.toLowerCase() as Lowercase<typeof input.outcome>}` as const;
        const fresh = await insertContractEvent(tx, {
          contractId: contract.id,
          idempotencyKey: `${contract.id}:cancellation:${input.proposalId}:${input.outcome}`,
          type,
          actorUserId: input.actor?.userId ?? null,
          actorSide: input.actor?.side ?? null,
          fromStatus: contract.status,
          toStatus: contract.status,
          ip: input.actor?.ip ?? null,
          userAgent: input.actor?.userAgent ?? null,
          detail: { reason: input.reason, proposalId: input.proposalId },
        });
        if (!fresh) return;
        await writeAudit(tx, {
          actorUserId: input.actor?.userId ?? null,
          action: `contract.${type}`,
          entityType: 'contract',
          entityId: contract.id,
          before: { status: contract.status, cancellation: 'Proposed' },
          after: { status: contract.status, cancellation: input.outcome },
          reason: input.reason,
        });
        const what =
          input.outcome === 'Lapsed'
            ? 'lapsed without an answer'
            : `was ${input.outcome.toLowerCase()} by the ${input.actor?.side}`;
        await notify(
          tx,
          deal.requestId,
          contract.id,
          both(
            `contract:${contract.id}:cancellation:${input.proposalId}:${input.outcome}`,
            `Cancellation proposal ${input.outcome.toLowerCase()}: the contract stays in force`,
            `The ${input.proposedBy}'s proposal to cancel the signed contract ${what}. The contract stays Signed.`,
          ),
        );
      });
    },

    async recordExpired({ contractId }) {
      await db.transaction(async (tx) => {
        const contract = mustExist(await findContract(tx, contractId, true), `contract ${contractId}`);
        const deal = mustExist(await findDeal(tx, contract.dealId, true), `deal ${contract.dealId}`);
        const fresh = await insertContractEvent(tx, {
          contractId,
          idempotencyKey: `${contractId}:expired`,
          type: 'expired',
          fromStatus: contract.status,
          toStatus: 'Expired',
          detail: {
            deadline: contract.deadline?.toISOString() ?? null,
            deal: `deal ${deal.id} is back to Accepted: a new contract can be started`,
          },
        });
        if (!fresh) return;
        await markContractExpired(tx, contractId);
        // The deal waits for a contract again (it is Accepted until one is signed; this undoes nothing else).
        await reopenDealForContract(tx, deal.id);
        await writeAudit(tx, {
          actorUserId: null,
          action: 'contract.expired',
          entityType: 'contract',
          entityId: contractId,
          before: { status: contract.status },
          after: { status: 'Expired', dealStatus: 'Accepted' },
        });
        await notify(
          tx,
          deal.requestId,
          contractId,
          both(
            `contract:${contractId}:expired`,
            'A sponsorship contract expired unsigned',
            `The signing deadline (${contract.deadline?.toISOString()}) passed before both parties signed. The deal is back to Accepted; either party can start a new contract.`,
          ),
        );
      });
    },

    async sealContract({ contractId }) {
      const found = mustExist(await findContractWithDeal(db, contractId), `contract ${contractId}`);
      const { contract, deal } = found;
      if (contract.status === 'Signed' && contract.sealedSha256)
        return { sealedSha256: contract.sealedSha256, deliveryIds: [] };
      const document = mustExist(await store.get(contract.documentKey!), `document ${contract.documentKey}`);
      const signatures = await listSignatures(db, contractId);
      const timeline = await listContractEvents(db, contractId);
      const parties = await contractPartiesSnapshot(db, deal);
      const lastSignedAt = signatures.reduce((t, s) => (s.signedAt > t ? s.signedAt : t), new Date(0));
      const certified = await appendCertificate(
        document,
        certificateOf({
          contractId,
          documentSha256: contract.documentSha256!,
          legalNames: {
            community: parties.community?.name ?? deal.communityId,
            organization:
              parties.organization?.legalName ?? parties.organization?.displayName ?? deal.organizationId,
          },
          signatures,
          events: timeline,
        }),
      );
      const sealed = await sealPdf(
        certified,
        await sealCertificate(),
        config.CONTRACT_SEAL_P12_PASSPHRASE,
        lastSignedAt,
      );
      const sealedSha256 = sha256Hex(sealed);
      const sealedKey = sealedKeyOf(contractId);
      await store.put(sealedKey, sealed);
      return db.transaction(async (tx) => {
        const updated = await moveContractFrom(tx, contractId, 'PendingSignature', {
          status: 'Signed',
          sealedKey,
          sealedSha256,
          signedAt: lastSignedAt,
          updatedAt: new Date(),
        });
        if (!updated) {
          const now = mustExist(await findContract(tx, contractId), `contract ${contractId}`);
          return { sealedSha256: now.sealedSha256 ?? sealedSha256, deliveryIds: [] };
        }
        await markDealContracted(tx, deal.id);
        await insertContractEvent(tx, {
          contractId,
          idempotencyKey: `${contractId}:sealed`,
          type: 'sealed',
          fromStatus: 'PendingSignature',
          toStatus: 'Signed',
          documentSha256: sealedSha256,
          detail: { signedDocumentSha256: contract.documentSha256 },
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'contract.signed',
          entityType: 'contract',
          entityId: contractId,
          before: { status: 'PendingSignature', dealStatus: deal.status },
          after: { status: 'Signed', sealedSha256, dealStatus: 'Contracted' },
        });
        const published = await publishWebhookEvent(tx, {
          communityId: deal.communityId,
          type: 'contract_signed',
          payload: {
            contractId,
            dealId: deal.id,
            organizationId: deal.organizationId,
            eventId: deal.eventId,
            amountMinor: deal.amountMinor,
            currency: deal.currency,
            category: deal.category,
            documentSha256: contract.documentSha256,
            sealedSha256,
          },
        });
        await notify(
          tx,
          deal.requestId,
          contractId,
          both(
            `contract:${contractId}:sealed`,
            'The sponsorship contract is signed',
            'Both parties signed. The sealed PDF with its certificate page is available: GET /api/v1/contracts/' +
              `${contractId}/document?version=signed`,
          ),
        );
        const panelDeliveries = await assignOnPanel(tx, contractId, deal);
        return { sealedSha256, deliveryIds: [...published.deliveryIds, ...panelDeliveries] };
      });
    },
  };
  return {
    ...activities,
    // Each half is idempotent, so the pair is: a retry opens nothing twice and answers a generated contract as it is.
    async openAndGenerateContract(input) {
      const opened = await open(input);
      if (opened.superseded) return { superseded: true, settings: opened.settings };
      const generated = await generate(
        { contractId: input.contractId, signingWindowMs: opened.settings.signingWindowMs },
        opened.created,
      );
      return { superseded: false, settings: opened.settings, generated };
    },
  };
}
