import type { CommunityRole, OrganizationRole } from './commdesk-facts.js';
import type { TSide } from './negotiation.js';

/**
 * The benefit manager (spec 18): each contracted benefit of a signed deal is a fulfillment item with an owner (a
 * community member), a due date, a status and a proof. Pure rules: who may do what, which transitions exist, what
 * the workflow does next. `fulfillment:<dealId>` drives them; the API asks them first for a precise 403/409.
 */
export const FULFILLMENT_STATUSES = [
  'Planned',
  'InProgress',
  'Delivered',
  'Verified',
  'Disputed',
  'Missed',
  'Waived',
] as const;
export type TFulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/** The benefit manager's own timeline steps (an item waived with its cancelled contract is `waived`). */
export const FULFILLMENT_STEP_TYPES = [
  'started',
  'reminder',
  'missed',
  'alarm',
  'report',
  'completed',
  'waived',
] as const;
/** What a person does to an item (TItemAction but the workflow's own `miss`); one change may join several with +. */
export const ITEM_ACTION_TYPES = ['set_status', 'edit', 'deliver', 'verify', 'dispute', 'waive'] as const;
/** A fulfillment timeline entry's type: a step, or the actions of one item change joined with + (edit+deliver). */
export const FULFILLMENT_EVENT_TYPE_PATTERN = `^(${FULFILLMENT_STEP_TYPES.join('|')}|(${ITEM_ACTION_TYPES.join('|')})(\\+(${ITEM_ACTION_TYPES.join('|')}))*)$`;

/** An item in these statuses needs nothing more; when every item is in one, the contract is Completed. */
export const DONE_STATUSES: readonly TFulfillmentStatus[] = ['Verified', 'Waived'];
/** Items the community still has to deliver: reminded before their due date, Missed after it. */
export const OPEN_STATUSES: readonly TFulfillmentStatus[] = ['Planned', 'InProgress', 'Disputed'];

/** Who runs fulfillment for the community: assigns owners and due dates, delivers, agrees to waivers. */
export const COMMUNITY_FULFILLMENT_MANAGERS: readonly CommunityRole[] = [
  'Organizer',
  'Co-Organizer',
  'Partnerships Lead',
  'Sponsorship Lead',
  'Industry Relations Lead',
];
/** Who reviews fulfillment for the organization: verifies or disputes deliveries, agrees to waivers. */
export const ORGANIZATION_FULFILLMENT_REVIEWERS: readonly OrganizationRole[] = [
  'Sponsor Admin',
  'Partner Admin',
  'Sponsor Manager',
  'Partnership Manager',
  'DevRel Manager',
];

/** What a proof says: a link, a file kept in the DocumentStore (key + SHA-256), or a metric measured at a time. */
export type TProof =
  | { type: 'link'; url: string; note?: string }
  | {
      type: 'file';
      documentKey: string;
      sha256: string;
      fileName: string;
      contentType: (typeof PROOF_FILE_TYPES)[number];
      sizeBytes: number;
      note?: string;
    }
  | { type: 'metric'; name: string; value: number; unit?: string; measuredAt: string; note?: string };

/** A proof as parties read it: a file's DocumentStore key stays internal. */
export type TProofView =
  Exclude<TProof, { type: 'file' }> | Omit<Extract<TProof, { type: 'file' }>, 'documentKey'>;

export function proofView(proof: TProof | null): TProofView | null {
  if (!proof || proof.type !== 'file') return proof;
  const { documentKey: _key, ...shown } = proof;
  return shown;
}

/** Proof files allowed as upload (the declared type; the bytes are stored as sent and hashed). */
export const PROOF_FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'text/plain',
  'text/csv',
] as const;
/** Decoded size limit of an uploaded proof file: the base64 body must fit the API's 1 MB body limit. */
export const PROOF_FILE_MAX_BYTES = 700 * 1024;

/** An item as the rules see it (the workflow keeps this for every item; times in epoch ms). */
export type TFulfillmentItem = {
  id: string;
  status: TFulfillmentStatus;
  ownerUserId: string;
  dueAt: number;
  proof: TProof | null;
  disputeReason: string | null;
  /** The sides that agreed to waive the item; both make it Waived. */
  waivedBy: TSide[];
};

/** The caller as the API resolved them from the deal's parties; `member` is false for a party's other roles. */
export type TFulfillmentActor = {
  side: TSide;
  userId: string;
  /** A community fulfillment manager, or an organization reviewer (see the role lists above). */
  manager: boolean;
};

export type TItemAction =
  | { type: 'set_status'; status: 'Planned' | 'InProgress' }
  | { type: 'edit'; ownerUserId?: string; dueAt?: number }
  | { type: 'deliver'; proof: TProof }
  | { type: 'verify' }
  | { type: 'dispute'; reason: string }
  | { type: 'waive'; reason: string }
  /** The workflow's own step at the due date; no person may do it. */
  | { type: 'miss'; now: number };

export type TItemViolation = { code: 'FORBIDDEN' | 'WRONG_STATE'; message: string };

export type TItemDecision =
  | { kind: 'refused'; violation: TItemViolation }
  /** Nothing to do: the same action was applied before (a retry, a double click); answer with the item as is. */
  | { kind: 'unchanged' }
  | { kind: 'changed'; item: TFulfillmentItem };

const refused = (code: TItemViolation['code'], message: string): TItemDecision => ({
  kind: 'refused',
  violation: { code, message },
});

const isCommunityManager = (a: TFulfillmentActor) => a.side === 'community' && a.manager;
const isOwner = (a: TFulfillmentActor, item: TFulfillmentItem) =>
  a.side === 'community' && a.userId === item.ownerUserId;
const isReviewer = (a: TFulfillmentActor) => a.side === 'organization' && a.manager;

const MANAGERS = COMMUNITY_FULFILLMENT_MANAGERS.join(', ');
const REVIEWERS = ORGANIZATION_FULFILLMENT_REVIEWERS.join(', ');

/** Who may take an action on an item: null when allowed, otherwise why not (403). */
export function itemPermission(
  item: TFulfillmentItem,
  action: TItemAction,
  actor: TFulfillmentActor | null,
): string | null {
  if (action.type === 'miss')
    return actor === null ? null : 'only the fulfillment workflow marks an item Missed';
  if (!actor) return 'a person must take this action';
  switch (action.type) {
    case 'edit':
      return isCommunityManager(actor)
        ? null
        : `only the community's fulfillment managers (${MANAGERS}) assign owners and due dates`;
    case 'set_status':
    case 'deliver':
      return isCommunityManager(actor) || isOwner(actor, item)
        ? null
        : `only the item's owner or the community's fulfillment managers (${MANAGERS}) report progress and deliver`;
    case 'verify':
    case 'dispute':
      return isReviewer(actor)
        ? null
        : `only the organization's reviewers (${REVIEWERS}) verify or dispute a delivery`;
    case 'waive':
      return isCommunityManager(actor) || isReviewer(actor)
        ? null
        : `a waiver needs a community fulfillment manager (${MANAGERS}) and an organization reviewer (${REVIEWERS})`;
  }
}

const sameProof = (a: TProof | null, b: TProof) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * The one rule book of an item: who may act (FORBIDDEN), whether the item's status allows it (WRONG_STATE),
 * whether it changes anything (a repeat is `unchanged`, answered 200 with the item as it is), and the item after it.
 */
export function decideItem(
  item: TFulfillmentItem,
  action: TItemAction,
  actor: TFulfillmentActor | null,
): TItemDecision {
  const forbidden = itemPermission(item, action, actor);
  if (forbidden) return refused('FORBIDDEN', forbidden);
  const s = item.status;
  const closed = s === 'Verified' || s === 'Waived';
  switch (action.type) {
    case 'set_status': {
      if (s === action.status) return { kind: 'unchanged' };
      if (s !== 'Planned' && s !== 'InProgress')
        return refused(
          'WRONG_STATE',
          `the item is ${s}; only a Planned or InProgress item moves between those two (deliver, verify, dispute and waive have their own endpoints)`,
        );
      return { kind: 'changed', item: { ...item, status: action.status } };
    }
    case 'edit': {
      if (closed) return refused('WRONG_STATE', `the item is ${s}; it can no longer be changed`);
      const owner = action.ownerUserId ?? item.ownerUserId;
      const dueAt = action.dueAt ?? item.dueAt;
      if (owner === item.ownerUserId && dueAt === item.dueAt) return { kind: 'unchanged' };
      if (dueAt !== item.dueAt && s === 'Missed')
        return refused(
          'WRONG_STATE',
          'the item was Missed: its due date stays on record; deliver it late or have both sides waive it',
        );
      return { kind: 'changed', item: { ...item, ownerUserId: owner, dueAt } };
    }
    case 'deliver': {
      if (closed) return refused('WRONG_STATE', `the item is ${s}; it takes no more proof`);
      if (s === 'Delivered' && sameProof(item.proof, action.proof)) return { kind: 'unchanged' };
      return {
        kind: 'changed',
        item: { ...item, status: 'Delivered', proof: action.proof, disputeReason: null },
      };
    }
    case 'verify':
      if (s === 'Verified') return { kind: 'unchanged' };
      if (s !== 'Delivered')
        return refused('WRONG_STATE', `the item is ${s}; only a Delivered item can be verified`);
      return { kind: 'changed', item: { ...item, status: 'Verified' } };
    case 'dispute':
      if (s === 'Disputed' && item.disputeReason === action.reason) return { kind: 'unchanged' };
      if (s !== 'Delivered')
        return refused('WRONG_STATE', `the item is ${s}; only a Delivered item can be disputed`);
      return { kind: 'changed', item: { ...item, status: 'Disputed', disputeReason: action.reason } };
    case 'waive': {
      const side = actor!.side;
      if (s === 'Waived' || item.waivedBy.includes(side)) return { kind: 'unchanged' };
      if (s === 'Verified') return refused('WRONG_STATE', 'the item is Verified; there is nothing to waive');
      const waivedBy = [...item.waivedBy, side];
      const both = waivedBy.includes('community') && waivedBy.includes('organization');
      return { kind: 'changed', item: { ...item, waivedBy, status: both ? 'Waived' : s } };
    }
    case 'miss':
      if (s === 'Missed') return { kind: 'unchanged' };
      if (s !== 'Planned' && s !== 'InProgress')
        return refused('WRONG_STATE', `the item is ${s}; only an undelivered item is missed`);
      if (action.now < item.dueAt) return refused('WRONG_STATE', 'the item is not due yet');
      return { kind: 'changed', item: { ...item, status: 'Missed' } };
  }
}

export type TCompletion = { total: number; done: number; percent: number };

/** Share of items Verified or Waived, in percent with one decimal (an empty list is complete). */
export function completion(items: readonly Pick<TFulfillmentItem, 'status'>[]): TCompletion {
  const done = items.filter((i) => DONE_STATUSES.includes(i.status)).length;
  const percent = items.length === 0 ? 100 : Math.floor((done * 1000) / items.length) / 10;
  return { total: items.length, done, percent };
}

export const allDone = (items: readonly Pick<TFulfillmentItem, 'status'>[]) =>
  items.every((i) => DONE_STATUSES.includes(i.status));

/** Benefits shown before the event (promotion) are due when it starts; everything else by its end. */
const DUE_AT_START: readonly string[] = ['logo_placement', 'social_promotion', 'newsletter_mention'];

export function defaultDueAt(
  benefitKey: string,
  event: { startsAt: number; endsAt: number } | null,
  fallback: number,
): number {
  if (!event) return fallback;
  return DUE_AT_START.includes(benefitKey) ? event.startsAt : event.endsAt;
}

export type TFulfillmentSettings = {
  /** Reminders to an item's owner this long before its due date. */
  reminderOffsetsMs: number[];
  /** The alarm window: this long before the event ends. */
  alarmBeforeEndMs: number;
  /** Completion (percent) under which the alarm is raised in that window. */
  alarmThresholdPercent: number;
  /** The sponsor report is produced this long after the event ends (the practice is within 10 days). */
  reportAfterEndMs: number;
};

/** What the workflow remembers besides the items; all of it is recorded in Postgres too (idempotent keys). */
export type TFulfillmentProgress = {
  /** When the event ends (or, without an event, the latest due date when fulfillment started). */
  endAt: number;
  remindersSent: string[];
  alarmChecked: boolean;
  reportProduced: boolean;
  completed: boolean;
};

export type TAgendaStep =
  | { type: 'remind'; itemId: string; key: string; dueAt: number }
  | { type: 'miss'; itemId: string }
  | { type: 'alarm'; percent: number }
  | { type: 'alarm_cleared' }
  | { type: 'report' }
  | { type: 'complete' };

export const reminderKey = (itemId: string, dueAt: number, offsetMs: number) =>
  `${itemId}:${dueAt}:${offsetMs}`;

/**
 * What is due now and when to look again. A reminder fires once per (item, due date, offset), only the latest
 * applicable one when several fell due together (an item due tomorrow gets one reminder, not three). The alarm is
 * looked at once, inside [end - alarmBeforeEnd, end); the report once end + reportAfterEnd has come.
 */
export function fulfillmentAgenda(
  items: readonly TFulfillmentItem[],
  progress: TFulfillmentProgress,
  settings: TFulfillmentSettings,
  now: number,
): { steps: TAgendaStep[]; nextAt: number | null } {
  const steps: TAgendaStep[] = [];
  const later: number[] = [];
  const sent = new Set(progress.remindersSent);
  const offsets = [...settings.reminderOffsetsMs].sort((a, b) => a - b);
  for (const item of items) {
    if (!OPEN_STATUSES.includes(item.status)) continue;
    if (item.status !== 'Disputed' && now >= item.dueAt) {
      steps.push({ type: 'miss', itemId: item.id });
      continue;
    }
    if (now >= item.dueAt) continue;
    const applicable = offsets.find((o) => now >= item.dueAt - o);
    if (applicable !== undefined) {
      const key = reminderKey(item.id, item.dueAt, applicable);
      if (!sent.has(key)) steps.push({ type: 'remind', itemId: item.id, key, dueAt: item.dueAt });
    }
    for (const o of offsets) if (item.dueAt - o > now) later.push(item.dueAt - o);
    if (item.status !== 'Disputed') later.push(item.dueAt);
  }
  const alarmFrom = progress.endAt - settings.alarmBeforeEndMs;
  if (!progress.alarmChecked) {
    if (now >= progress.endAt) steps.push({ type: 'alarm_cleared' });
    else if (now >= alarmFrom) {
      const { percent } = completion(items);
      steps.push(
        percent < settings.alarmThresholdPercent ? { type: 'alarm', percent } : { type: 'alarm_cleared' },
      );
    } else later.push(alarmFrom);
  }
  const reportAt = progress.endAt + settings.reportAfterEndMs;
  if (!progress.reportProduced) {
    if (now >= reportAt) steps.push({ type: 'report' });
    else later.push(reportAt);
  }
  if (!progress.completed && allDone(items)) steps.push({ type: 'complete' });
  return { steps, nextAt: later.length ? Math.min(...later) : null };
}

/** Whose move it is: the community while anything is undelivered, then the organization while deliveries await review. */
export function fulfillmentWaitingOn(items: readonly TFulfillmentItem[]): TSide | 'nobody' {
  if (items.some((i) => OPEN_STATUSES.includes(i.status) || i.status === 'Missed')) return 'community';
  if (items.some((i) => i.status === 'Delivered')) return 'organization';
  return 'nobody';
}

const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The workflow's current details in the Temporal UI: totals, whom it waits on for what, and its next timer. */
export function fulfillmentDetails(
  items: readonly TFulfillmentItem[],
  progress: TFulfillmentProgress,
  nextAt: number | null,
): string {
  const { done, total, percent } = completion(items);
  const count = (statuses: readonly TFulfillmentStatus[]) =>
    items.filter((i) => statuses.includes(i.status)).length;
  const lines = [
    `**${progress.completed ? 'Completed' : 'Fulfilling'}** · ${done}/${total} items done (${percent}%)`,
  ];
  const toDeliver = count(['Planned', 'InProgress', 'Disputed', 'Missed']);
  const toReview = count(['Delivered']);
  if (toDeliver) lines.push(`Waiting on the **community** to deliver ${toDeliver} item(s).`);
  if (toReview) lines.push(`Waiting on the **organization** to verify or dispute ${toReview} item(s).`);
  const waivers = items.filter((i) => i.waivedBy.length === 1 && i.status !== 'Waived').length;
  if (waivers) lines.push(`${waivers} waiver(s) approved by one side, waiting on the other.`);
  lines.push(
    `Event ends ${at(progress.endAt)}; sponsor report ${progress.reportProduced ? 'produced' : 'pending'}${nextAt !== null ? `; next timer ${at(nextAt)}` : ''}.`,
  );
  return lines.join('\n\n');
}

/** The sponsor report (JSON): every item with its proof and status, and totals. Built by the report activity. */
export type TSponsorReport = {
  dealId: string;
  contractId: string;
  kind: 'final' | 'preview';
  generatedAt: string;
  community: { id: string; name: string };
  organization: { id: string; name: string };
  event: { id: string; title: string; startsAt: string; endsAt: string } | null;
  amountMinor: number;
  currency: string;
  category: string;
  summary: TCompletion & { byStatus: Record<TFulfillmentStatus, number> };
  items: {
    id: string;
    benefitKey: string;
    title: string;
    detail: string | null;
    owner: { id: string; name: string };
    dueAt: string;
    status: TFulfillmentStatus;
    proof: TProofView | null;
    disputeReason: string | null;
    deliveredAt: string | null;
    verifiedAt: string | null;
    missedAt: string | null;
    waivedAt: string | null;
    /** Delivered after its due date (it was Missed first). */
    late: boolean;
  }[];
};

export function countByStatus(items: readonly Pick<TFulfillmentItem, 'status'>[]) {
  const counts = Object.fromEntries(FULFILLMENT_STATUSES.map((s) => [s, 0])) as Record<
    TFulfillmentStatus,
    number
  >;
  for (const item of items) counts[item.status]++;
  return counts;
}
