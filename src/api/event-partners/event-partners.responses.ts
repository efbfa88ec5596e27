import type { TLinkRow } from '../../db/repositories/event-partners-repository.js';
import type { TAssignment } from './event-partners.types.js';

/** An assignment as the API shows it (the display snapshots under their public names). */
export function toAssignment(row: TLinkRow): TAssignment {
  return {
    id: row.id,
    eventId: row.eventId,
    organizationId: row.organizationId,
    name: row.nameSnapshot,
    logoUrl: row.logoUrlSnapshot,
    imageUrl: row.logoUrlSnapshot,
    website: row.websiteSnapshot,
    category: row.displayCategory,
    kind: row.kind,
    tierKeyword: row.tierKeyword,
    band: row.band,
    benefits: row.benefits,
    visibility: row.visibility,
    displayOrder: row.displayOrder,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
