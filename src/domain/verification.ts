/** One automated check's finding: a named signal with a weight (added to the risk score) and a reason. */
export type TRiskSignal = { name: string; weight: number; reason: string };

/** What the checks activity gathers about an application; the scoring below is pure. */
export type TApplicationFacts = {
  emailDomain: string;
  websiteDomain: string;
  freeMail: boolean;
  disposableMail: boolean;
  /** Other organizations whose names are similar (pg_trgm similarity), best first. */
  similarNames: { name: string; similarity: number }[];
  description: string | null;
  recentApplicationsFromIp: number;
  recentApplicationsFromEmailDomain: number;
};

export const SIGNAL_WEIGHTS = {
  email_domain_mismatch: 40,
  free_mail: 30,
  disposable_mail: 60,
  similar_name: 25,
  link_stuffed_description: 20,
  empty_description: 5,
  ip_velocity: 30,
  email_domain_velocity: 20,
} as const;

/** Whether an address's domain is the website's registrable domain or one of its subdomains. */
export function emailDomainBelongsTo(emailDomain: string, websiteDomain: string): boolean {
  return emailDomain === websiteDomain || emailDomain.endsWith(`.${websiteDomain}`);
}

/**
 * What a claimant proposes for a "Community Added" organization. It is kept on the verification run and
 * applied to the organization only when an admin approves the claim, so a claim changes nothing visible.
 */
export type TClaimProposal = {
  kind: 'sponsor' | 'partner';
  displayName: string;
  legalName: string | null;
  website: string;
  logoUrl: string;
  industry: string;
  shortDescription: string | null;
  budgetMinMinor: number;
  budgetMaxMinor: number;
  budgetCurrency: string;
  availableSponsorshipTypes: string[];
};

const URL_RE = /\bhttps?:\/\/|\bwww\./gi;

export function assessApplication(
  facts: TApplicationFacts,
  limits = { velocity: 3, links: 3 },
): { riskScore: number; signals: TRiskSignal[] } {
  const signals: TRiskSignal[] = [];
  const add = (name: keyof typeof SIGNAL_WEIGHTS, reason: string) =>
    signals.push({ name, weight: SIGNAL_WEIGHTS[name], reason });

  const sameOrSubdomain = emailDomainBelongsTo(facts.emailDomain, facts.websiteDomain);
  if (facts.disposableMail) add('disposable_mail', `${facts.emailDomain} is a disposable email provider`);
  else if (facts.freeMail)
    add('free_mail', `${facts.emailDomain} is a free email provider, not a company domain`);
  if (!sameOrSubdomain)
    add(
      'email_domain_mismatch',
      `the email domain ${facts.emailDomain} does not belong to the website ${facts.websiteDomain}`,
    );
  const similar = facts.similarNames[0];
  if (similar)
    add(
      'similar_name',
      `the name is similar to the existing organization "${similar.name}" (${Math.round(similar.similarity * 100)}%)`,
    );
  const description = facts.description?.trim() ?? '';
  const links = description.match(URL_RE)?.length ?? 0;
  if (links > limits.links) add('link_stuffed_description', `the description contains ${links} links`);
  if (!description) add('empty_description', 'no description was given');
  if (facts.recentApplicationsFromIp > limits.velocity) {
    add(
      'ip_velocity',
      `${facts.recentApplicationsFromIp} applications came from this address in the last hour`,
    );
  }
  if (facts.recentApplicationsFromEmailDomain > limits.velocity) {
    add(
      'email_domain_velocity',
      `${facts.recentApplicationsFromEmailDomain} applications came from ${facts.emailDomain} in the last hour`,
    );
  }
  const riskScore = Math.min(
    100,
    signals.reduce((sum, s) => sum + s.weight, 0),
  );
  return { riskScore, signals };
}

/** Admin decisions and when each is allowed (the workflow's update validator uses this). */
export const ADMIN_DECISIONS = ['approve', 'reject', 'request_info'] as const;
export type TAdminDecision = (typeof ADMIN_DECISIONS)[number];

/** The verification workflow's phases (its state; `awaiting_activation` and `active` follow an approval). */
export const VERIFICATION_PHASES = [
  'awaiting_confirmation',
  'checking',
  'pending_review',
  'info_requested',
  'awaiting_activation',
  'active',
  'rejected',
  'expired',
] as const;
export type TVerificationPhase = (typeof VERIFICATION_PHASES)[number];

/** A verification run's stored status (organization_verifications.status). */
export const VERIFICATION_STATUSES = [
  'awaiting_confirmation',
  'checking',
  'pending_review',
  'info_requested',
  'approved',
  'rejected',
  'expired',
] as const;

export function decisionAllowed(phase: TVerificationPhase, decision: TAdminDecision): boolean {
  if (phase === 'pending_review') return true;
  if (phase === 'info_requested') return decision !== 'request_info';
  return false;
}
