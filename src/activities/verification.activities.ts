import { createRequire } from 'node:module';
import type { TConfig } from '../config.js';
import type { TDb, TTx } from '../db/client.js';
import { mustExist } from './must-exist.js';
import { writeAudit } from '../db/repositories/audit-repository.js';
import { activePlatformAdmins } from '../db/repositories/identity-repository.js';
import {
  countRecentApplications,
  findOrCreateUser,
  findOrganizationById,
  findVerification,
  issueToken,
  ORGANIZATION_ADMIN_ROLE,
  similarOrganizationNames,
  updateOrganization,
  updateVerification,
  upsertMembership,
} from '../db/repositories/organizations-repository.js';
import type { OrganizationStatus } from '../domain/commdesk-facts.js';
import { emailDomain } from '../domain/organization-contacts.js';
import { normalizeWebsiteDomain } from '../domain/organizations.js';
import { assessApplication, type TClaimProposal } from '../domain/verification.js';
import type { TMailer } from '../infra/mailer.js';
import { sha256Hex, type SecretBox } from '../infra/secret-box.js';
import { indexOrganization } from '../search/reindex.js';
import type { SearchIndex } from '../search/search-index.js';
import type { TVerificationActivities } from '../workflows/verification/verification.contract.js';

const require = createRequire(import.meta.url);
// Maintained lists, loaded once: free-mail providers (email-providers) and disposable domains.
const FREE_MAIL: ReadonlySet<string> = new Set(require('email-providers/all.json') as string[]);
const DISPOSABLE_MAIL: ReadonlySet<string> = new Set(require('disposable-email-domains') as string[]);

export type TVerificationDeps = {
  db: TDb;
  config: Pick<TConfig, 'ACTIVATION_TOKEN_TTL' | 'publicBaseUrl'>;
  secretBox: SecretBox;
  mailer: TMailer;
  searchIndex: SearchIndex;
};

export function activationTokenFor(secretBox: SecretBox, verificationId: string, sequence: number) {
  return secretBox.mac(`activation:${verificationId}:${sequence}`);
}

/** Derived like the activation links: a retried activity re-issues the very same link. */
export function claimConfirmationTokenFor(secretBox: SecretBox, verificationId: string) {
  return secretBox.mac(`claim-confirmation:${verificationId}`);
}

/** The name the applicant used: a claim's proposed name (the organization keeps the community's until approval). */
const applicantFacingName = (
  verification: { proposedProfile: TClaimProposal | null },
  organization: { displayName: string },
) => verification.proposedProfile?.displayName ?? organization.displayName;

export function createVerificationActivities(deps: TVerificationDeps): TVerificationActivities {
  const { db, mailer } = deps;

  async function load(tx: TTx | TDb, verificationId: string) {
    const verification = mustExist(
      await findVerification(tx, verificationId, tx !== db),
      `verification run ${verificationId}`,
    );
    const organization = mustExist(
      await findOrganizationById(tx, verification.organizationId, tx !== db),
      `organization ${verification.organizationId}`,
    );
    return { verification, organization };
  }

  async function setStatus(
    tx: TTx,
    organizationId: string,
    from: OrganizationStatus,
    to: OrganizationStatus,
    reason: string | null,
    actorUserId: string | null,
  ) {
    if (from === to) return;
    await updateOrganization(tx, organizationId, {
      status: to,
      ...(to === 'Disabled' ? { disabledReason: reason } : {}),
    });
    await writeAudit(tx, {
      actorUserId,
      action: 'organization.status_changed',
      entityType: 'organization',
      entityId: organizationId,
      before: { status: from },
      after: { status: to },
      reason,
    });
  }

  /** A decision on a verification run: its row and the audit entry, in the caller's transaction. */
  async function recordDecision(
    tx: TTx,
    verification: { id: string; status: string },
    change: {
      status: 'info_requested' | 'approved' | 'rejected' | 'expired';
      decision: 'request_info' | 'approve' | 'auto_approve' | 'reject' | 'expire';
      reason: string;
      actorUserId: string | null;
    },
  ) {
    await updateVerification(tx, verification.id, {
      status: change.status,
      decision: change.decision,
      decisionReason: change.reason,
      decidedBy: change.actorUserId,
      decidedAt: new Date(),
    });
    await writeAudit(tx, {
      actorUserId: change.actorUserId,
      action: `verification.${change.status}`,
      entityType: 'organization_verification',
      entityId: verification.id,
      before: { status: verification.status },
      after: { status: change.status },
      reason: change.reason,
    });
  }

  return {
    async sendClaimConfirmation({ verificationId, expiresAt }) {
      await db.transaction(async (tx) => {
        const { verification, organization } = await load(tx, verificationId);
        const token = claimConfirmationTokenFor(deps.secretBox, verificationId);
        if (!verification.confirmationTokenHash) {
          await updateVerification(tx, verificationId, {
            confirmationTokenHash: sha256Hex(token),
            confirmationExpiresAt: new Date(expiresAt),
          });
          await writeAudit(tx, {
            actorUserId: null,
            action: 'verification.claim_confirmation_sent',
            entityType: 'organization_verification',
            entityId: verificationId,
            after: { status: verification.status, expiresAt: new Date(expiresAt).toISOString() },
          });
        }
        const name = applicantFacingName(verification, organization);
        await mailer.send(
          {
            idempotencyKey: `claim-confirmation:${verificationId}`,
            to: verification.applicantEmail!,
            subject: `Confirm your claim of ${organization.normalizedDomain} on CommDesk`,
            body:
              `Someone (hopefully you) asked to manage ${organization.normalizedDomain} on CommDesk as ${name}.\n` +
              `Open this link to confirm that you control this address (it works once and expires ${new Date(expiresAt).toISOString()}); ` +
              `our reviewers then check the claim:\n${deps.config.publicBaseUrl}/claims/confirm?token=${token}\n\n` +
              `API: POST /api/v1/sponsors/claims/confirm {"token":"${token}"}\n\nIf this was not you, ignore this email: nothing changes.`,
          },
          tx,
        );
      });
    },

    async runVerificationChecks({ verificationId }) {
      const { verification, organization } = await load(db, verificationId);
      if (verification.riskScore !== null)
        return { riskScore: verification.riskScore, signals: verification.signals ?? [] };
      const applicantDomain = emailDomain(verification.applicantEmail ?? '');
      const registrable = normalizeWebsiteDomain(`https://${applicantDomain}`) ?? applicantDomain;
      const since = new Date(Date.now() - 3_600_000);
      // A claim is judged on what the claimant proposes, not on the community's record it would replace.
      const profile = verification.proposedProfile ?? organization;
      const [similarNames, fromIp, fromDomain] = await Promise.all([
        similarOrganizationNames(db, profile.displayName, organization.id),
        countRecentApplications(db, { ip: verification.applicantIp, since, excludeId: verification.id }),
        countRecentApplications(db, { emailDomain: applicantDomain, since, excludeId: verification.id }),
      ]);
      const result = assessApplication({
        emailDomain: applicantDomain,
        websiteDomain: organization.normalizedDomain,
        freeMail: FREE_MAIL.has(applicantDomain) || FREE_MAIL.has(registrable),
        disposableMail: DISPOSABLE_MAIL.has(applicantDomain) || DISPOSABLE_MAIL.has(registrable),
        similarNames,
        description: verification.proposedProfile
          ? verification.proposedProfile.shortDescription
          : [organization.shortDescription, organization.longDescription].filter(Boolean).join('\n') || null,
        recentApplicationsFromIp: verification.applicantIp ? fromIp : 0,
        recentApplicationsFromEmailDomain: fromDomain,
      });
      await db.transaction(async (tx) => {
        await updateVerification(tx, verificationId, {
          riskScore: result.riskScore,
          signals: result.signals,
        });
        await writeAudit(tx, {
          actorUserId: null,
          action: 'verification.checked',
          entityType: 'organization_verification',
          entityId: verificationId,
          after: result,
        });
      });
      return result;
    },

    async markPendingReview({ verificationId, reminder }) {
      await db.transaction(async (tx) => {
        const { verification, organization } = await load(tx, verificationId);
        if (verification.status === 'checking') {
          await updateVerification(tx, verificationId, { status: 'pending_review' });
          await writeAudit(tx, {
            actorUserId: null,
            action: 'verification.pending_review',
            entityType: 'organization_verification',
            entityId: verificationId,
            before: { status: 'checking' },
            after: { status: 'pending_review', riskScore: verification.riskScore },
          });
        }
        const reasons = (verification.signals ?? [])
          .map((s) => `  - ${s.name} (+${s.weight}): ${s.reason}`)
          .join('\n');
        const proposal = verification.proposedProfile;
        const what = proposal
          ? `${verification.applicantEmail} (confirmed by email) claims the Community Added organization ${organization.displayName} (${organization.website}) as the ${proposal.kind} ${proposal.displayName} (${proposal.website}, ${proposal.industry}). The proposed profile replaces the current one only if you approve.`
          : `${organization.displayName} (${organization.website}) applied as a ${organization.kind}.`;
        for (const admin of await activePlatformAdmins(tx)) {
          await mailer.send(
            {
              idempotencyKey: `verification-${reminder ? 'reminder' : 'review'}:${verificationId}:${admin.email}`,
              to: admin.email,
              subject: `${reminder ? 'Reminder: ' : ''}${applicantFacingName(verification, organization)} is waiting for verification (risk ${verification.riskScore})`,
              body: `${what}\nRisk signals:\n${reasons || '  (none)'}\nDecide: POST /api/v1/sponsors/${organization.id}/verify`,
            },
            tx,
          );
        }
      });
    },

    async requestMoreInformation({ verificationId, reason, actorUserId, round }) {
      await db.transaction(async (tx) => {
        const { verification, organization } = await load(tx, verificationId);
        await recordDecision(tx, verification, {
          status: 'info_requested',
          decision: 'request_info',
          reason,
          actorUserId,
        });
        if (verification.applicantEmail) {
          await mailer.send(
            {
              idempotencyKey: `verification-info:${verificationId}:${round}`,
              to: verification.applicantEmail,
              subject: `More information needed for ${applicantFacingName(verification, organization)}`,
              body: `Our reviewers need more information before verifying ${applicantFacingName(verification, organization)}:\n\n${reason}\n\nReply to this email with the details.`,
            },
            tx,
          );
        }
      });
    },

    async approveOrganization({ organizationId, verificationId, actorUserId, reason, needsFirstAccount }) {
      const awaitingActivation = await db.transaction(async (tx) => {
        const loaded = await load(tx, verificationId);
        const { verification } = loaded;
        let { organization } = loaded;
        if (verification.status !== 'approved') {
          await recordDecision(tx, verification, {
            status: 'approved',
            decision: actorUserId ? 'approve' : 'auto_approve',
            reason,
            actorUserId,
          });
          // An approved claim is the first time the claimant's profile and contact reach the organization.
          if (verification.proposedProfile) {
            const before = organization;
            organization = await updateOrganization(tx, organizationId, {
              ...verification.proposedProfile,
              contactsCiphertext: verification.proposedContactsCiphertext,
            });
            await writeAudit(tx, {
              actorUserId,
              action: 'organization.claim_applied',
              entityType: 'organization',
              entityId: organizationId,
              before: { displayName: before.displayName, kind: before.kind, website: before.website },
              after: {
                displayName: organization.displayName,
                kind: organization.kind,
                website: organization.website,
                contactsCiphertext: '[encrypted]',
                verificationId,
              },
              reason,
            });
          }
        }
        if (!needsFirstAccount) {
          await setStatus(tx, organizationId, organization.status, 'Active', reason, actorUserId);
          return false;
        }
        await setStatus(
          tx,
          organizationId,
          organization.status,
          organization.status === 'Active' ? 'Active' : 'Verified',
          reason,
          actorUserId,
        );
        const user = await findOrCreateUser(
          tx,
          verification.applicantEmail!,
          verification.applicantName ?? verification.applicantEmail!,
        );
        const membership = await upsertMembership(tx, {
          organizationId,
          userId: user.id,
          role: ORGANIZATION_ADMIN_ROLE[organization.kind],
          status: 'invited',
        });
        return membership.status !== 'active';
      });
      await indexOrganization(db, deps.searchIndex, organizationId);
      return { awaitingActivation };
    },

    async sendActivationLink({ organizationId, verificationId, sequence }) {
      await db.transaction(async (tx) => {
        const { verification, organization } = await load(tx, verificationId);
        const user = await findOrCreateUser(
          tx,
          verification.applicantEmail!,
          verification.applicantName ?? verification.applicantEmail!,
        );
        // Derived, not random: a retried activity re-issues the very same link instead of a second one.
        const token = activationTokenFor(deps.secretBox, verificationId, sequence);
        await issueToken(tx, {
          userId: user.id,
          organizationId,
          purpose: 'activation',
          tokenHash: sha256Hex(token),
          expiresAt: new Date(Date.now() + deps.config.ACTIVATION_TOKEN_TTL),
        });
        await mailer.send(
          {
            idempotencyKey: `activation:${verificationId}:${sequence}`,
            to: user.email,
            subject: `${organization.displayName} is verified: activate your CommDesk account`,
            body:
              `Set your password to activate ${organization.displayName} on CommDesk (the link works once and expires in ${Math.round(deps.config.ACTIVATION_TOKEN_TTL / 3_600_000)} h):\n` +
              `${deps.config.publicBaseUrl}/activate?token=${token}\n\nAPI: POST /api/v1/auth/activate {"token":"${token}","password":"..."}`,
          },
          tx,
        );
      });
    },

    async activateOrganization({ organizationId, userId }) {
      await db.transaction(async (tx) => {
        const organization = mustExist(
          await findOrganizationById(tx, organizationId, true),
          `organization ${organizationId}`,
        );
        if (organization.status === 'Verified')
          await setStatus(tx, organizationId, 'Verified', 'Active', 'first account activated', userId);
      });
      await indexOrganization(db, deps.searchIndex, organizationId);
    },

    async rejectOrganization({ organizationId, verificationId, actorUserId, reason, expired }) {
      await db.transaction(async (tx) => {
        const { verification, organization } = await load(tx, verificationId);
        const status = expired ? 'expired' : 'rejected';
        if (verification.status !== status) {
          await recordDecision(tx, verification, {
            status,
            decision: expired ? 'expire' : 'reject',
            reason,
            actorUserId,
          });
        }
        // A claim that fails leaves the community's record as it was; a changed website that fails disables.
        const next: OrganizationStatus =
          verification.reason === 'claim'
            ? (verification.previousStatus ?? 'Community Added')
            : verification.reason === 'website_change'
              ? 'Disabled'
              : 'Rejected';
        await setStatus(tx, organizationId, organization.status, next, reason, actorUserId);
        if (verification.applicantEmail) {
          await mailer.send(
            {
              idempotencyKey: `verification-${status}:${verificationId}`,
              to: verification.applicantEmail,
              subject: `${applicantFacingName(verification, organization)} was not verified`,
              body: expired
                ? `The application for ${applicantFacingName(verification, organization)} expired: ${reason}.`
                : `The application for ${applicantFacingName(verification, organization)} was rejected: ${reason}`,
            },
            tx,
          );
        }
      });
      await indexOrganization(db, deps.searchIndex, organizationId);
    },
  };
}
