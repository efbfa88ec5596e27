/** Temporal search attributes the marketplace sets on its workflows (registered at start-up). */
export const SEARCH_ATTRIBUTES = {
  CommDeskCommunityId: 'Keyword',
  CommDeskOrganizationId: 'Keyword',
  CommDeskEventType: 'Keyword',
} as const;
