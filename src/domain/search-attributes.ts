import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Temporal search attributes the marketplace sets on its workflows (registered at start-up). */
export const SEARCH_ATTRIBUTES = {
  CommDeskCommunityId: 'Keyword',
  CommDeskOrganizationId: 'Keyword',
  CommDeskEventType: 'Keyword',
} as const;

export const SA_COMMUNITY_ID = defineSearchAttributeKey('CommDeskCommunityId', SearchAttributeType.KEYWORD);
export const SA_ORGANIZATION_ID = defineSearchAttributeKey(
  'CommDeskOrganizationId',
  SearchAttributeType.KEYWORD,
);
export const SA_EVENT_TYPE = defineSearchAttributeKey('CommDeskEventType', SearchAttributeType.KEYWORD);
