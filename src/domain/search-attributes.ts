import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Temporal search attributes the marketplace sets on its workflows (registered at start-up), so ops can filter the
 * workflow list and save views such as "negotiations waiting on the sponsor for more than 3 days".
 */
export const SEARCH_ATTRIBUTES = {
  CommDeskCommunityId: 'Keyword',
  CommDeskOrganizationId: 'Keyword',
  CommDeskEventType: 'Keyword',
  /** The business status (a request's status, a verification's phase). */
  CommDeskStatus: 'Keyword',
  /** Whose move it is: community, organization, platform_admin, applicant or nobody. */
  CommDeskWaitingOn: 'Keyword',
  /** Since when the workflow waits on that party. */
  CommDeskWaitingSince: 'Datetime',
  CommDeskDealId: 'Keyword',
  CommDeskAmountMinor: 'Int',
  CommDeskCurrency: 'Keyword',
  /** The long-term program a cycle (or a renewal's negotiation) belongs to. */
  CommDeskProgramId: 'Keyword',
  /** What ops must act on, e.g. `stuck_money` (money pending at Stripe past ESCROW_STUCK_AFTER); absent when nothing. */
  CommDeskAlert: 'Keyword',
} as const;

export type TSearchAttributeType = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES];

export const SA_COMMUNITY_ID = defineSearchAttributeKey('CommDeskCommunityId', SearchAttributeType.KEYWORD);
export const SA_ORGANIZATION_ID = defineSearchAttributeKey(
  'CommDeskOrganizationId',
  SearchAttributeType.KEYWORD,
);
export const SA_EVENT_TYPE = defineSearchAttributeKey('CommDeskEventType', SearchAttributeType.KEYWORD);
export const SA_STATUS = defineSearchAttributeKey('CommDeskStatus', SearchAttributeType.KEYWORD);
export const SA_WAITING_ON = defineSearchAttributeKey('CommDeskWaitingOn', SearchAttributeType.KEYWORD);
export const SA_WAITING_SINCE = defineSearchAttributeKey(
  'CommDeskWaitingSince',
  SearchAttributeType.DATETIME,
);
export const SA_DEAL_ID = defineSearchAttributeKey('CommDeskDealId', SearchAttributeType.KEYWORD);
export const SA_AMOUNT_MINOR = defineSearchAttributeKey('CommDeskAmountMinor', SearchAttributeType.INT);
export const SA_CURRENCY = defineSearchAttributeKey('CommDeskCurrency', SearchAttributeType.KEYWORD);
export const SA_PROGRAM_ID = defineSearchAttributeKey('CommDeskProgramId', SearchAttributeType.KEYWORD);
export const SA_ALERT = defineSearchAttributeKey('CommDeskAlert', SearchAttributeType.KEYWORD);
