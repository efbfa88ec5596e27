import type { Actor } from '../../domain/access.js';
import { CONTACT_FIELDS } from '../../domain/organization-contacts.js';
import {
  countInvitedMembers,
  findOrganizationById,
  latestVerification,
} from '../../db/repositories/organizations-repository.js';
import type { TApiDeps } from '../context.js';
import { dashboardPrograms } from '../programs/dashboard-programs.js';
import { decryptContacts } from './sponsor-profile.js';

type TWaitingOnYou = {
  type: 'info_requested' | 'verification_pending' | 'disabled' | 'pending_invitations' | 'profile_incomplete';
  message: string;
};

/**
 * The sponsor dashboard: for each organization the caller is an active member of, its status, the caller's role,
 * the latest verification and what waits on the organization (information asked by reviewers, a pending or
 * disabled status, invitations not yet activated, profile fields still empty).
 */
export async function sponsorDashboard(deps: Pick<TApiDeps, 'db' | 'secretBox' | 'config'>, actor: Actor) {
  const { db } = deps;
  const memberships = actor.organizations.filter((m) => m.status === 'active');
  return Promise.all(
    memberships.map(async (m) => {
      const org = (await findOrganizationById(db, m.organizationId))!;
      const [verification, invites] = await Promise.all([
        latestVerification(db, org.id),
        countInvitedMembers(db, org.id),
      ]);
      const contacts = decryptContacts(deps.secretBox, org.contactsCiphertext);
      const waiting: TWaitingOnYou[] = [];
      if (verification?.status === 'info_requested')
        waiting.push({
          type: 'info_requested',
          message: verification.decisionReason ?? 'Reviewers asked for more information',
        });
      if (org.status === 'Pending Verification')
        waiting.push({ type: 'verification_pending', message: 'Verification is in progress' });
      if (org.status === 'Disabled')
        waiting.push({ type: 'disabled', message: org.disabledReason ?? 'The organization is disabled' });
      if (invites > 0)
        waiting.push({
          type: 'pending_invitations',
          message: `${invites} invited member(s) have not activated yet`,
        });
      const missing = [
        !org.shortDescription && 'shortDescription',
        org.technologies.length === 0 && 'technologies',
        org.supportedRegions.length === 0 && 'supportedRegions',
        org.preferredEventTypes.length === 0 && 'preferredEventTypes',
        ...CONTACT_FIELDS.filter((f) => !contacts[f]),
      ].filter(Boolean);
      if (missing.length)
        waiting.push({
          type: 'profile_incomplete',
          message: `Complete your profile: ${missing.join(', ')}`,
        });
      return {
        organization: { id: org.id, displayName: org.displayName, kind: org.kind, status: org.status },
        role: m.role,
        verification: verification
          ? { status: verification.status, decidedAt: verification.decidedAt?.toISOString() ?? null }
          : null,
        waitingOnYou: waiting,
        programs: await dashboardPrograms(db, deps.config, org.id),
      };
    }),
  );
}
