import type { OrganizationRole } from '../../domain/commdesk-facts.js';
import { AppError } from '../../errors.js';

const ROLES_BY_KIND: Record<'sponsor' | 'partner', readonly OrganizationRole[]> = {
  sponsor: ['Sponsor Admin', 'Sponsor Manager', 'DevRel Manager', 'Hiring Manager'],
  partner: ['Partner Admin', 'Partnership Manager'],
};
export const ADMIN_ROLES: readonly OrganizationRole[] = ['Sponsor Admin', 'Partner Admin'];

/** A sponsor's roles are not a partner's: refuses a role the organization's kind does not have. */
export function assertRoleOfKind(kind: 'sponsor' | 'partner', role: OrganizationRole) {
  if (!ROLES_BY_KIND[kind].includes(role))
    throw new AppError(
      'BUSINESS_RULE',
      `${role} is not a role of a ${kind} organization; use one of: ${ROLES_BY_KIND[kind].join(', ')}`,
    );
}
