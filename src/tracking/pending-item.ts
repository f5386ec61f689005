/**
 * A pending item as tracking shows it, read from the record's tracking columns (./record-pending.ts)
 * or from Temporal's visibility (search attributes), never from the workflow itself: listing
 * thousands of items costs one query, not one query per workflow.
 */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardParentKey,
  boardStatusKey,
  boardTitleKey,
} from '../../workflows/search-attributes';

/** Kinds of workflow the project tracks, and what the awaited seat has to do for each. */
export const pendingActions: Readonly<Record<string, string>> = {
  decision: 'cast your ballot',
  'funding-round': 'submit or finish your funding request',
  'funding-request': 'finish your funding request',
  'priority-cycle': 'propose priorities or submit your ranking',
  'reporting-obligation': 'submit your report',
  meeting: 'confirm attendance',
};

export const trackedKinds = Object.keys(pendingActions);

/** Tracking statuses of a decision (see workflows/decision/decision-tracking.ts). */
const WRITTEN_PROCEDURE = 'written-procedure';
const RESPONSES_DUE = 'responses-due';

/** The seat whose list is read, when there is one: what it has to do depends on whether it votes. */
export interface Viewer {
  code: string;
  voting: boolean;
}

/**
 * What the awaited seat has to do: on a decision, a seat without a vote gives an opinion, a voting
 * seat casts its ballot, or under the silence rule objects or lets it pass; a cycle in its ranking
 * window awaits rankings; a round with its window open awaits requests.
 */
export function pendingAction(kind: string, status: string, viewer?: Viewer): string {
  // A meeting awaits answers to its invitation before it is held, the actions agreed after.
  if (kind === 'meeting' && status !== 'convened') return 'complete the action agreed';
  if (kind === 'decision') {
    // Closed with opinions unanswered: the secretariat records how the Board took account of them.
    if (status === RESPONSES_DUE) return 'record how the Board took account of each opinion';
    if (viewer && !viewer.voting) return 'give an opinion';
    if (status === WRITTEN_PROCEDURE) return 'object or let it pass';
  }
  if (kind === 'priority-cycle' && status === 'ranking') return 'submit your ranking';
  if (kind === 'funding-round' && status === 'open') return 'submit a funding request';
  return pendingActions[kind] ?? 'act on it';
}

export interface PendingItem {
  kind: string;
  id: string;
  title: string;
  /** What the awaited seats have to do. */
  action: string;
  status: string;
  /** Seats whose action it awaits. */
  awaiting: string[];
  dueAt: string | null;
  overdue: boolean;
  /** The round or cycle it belongs to. */
  parentId: string | null;
}

/** Maps one visibility record to a pending item; `now` decides `overdue`, `viewer` the action. */
export function toPendingItem(info: WorkflowExecutionInfo, now: number, viewer?: Viewer): PendingItem {
  const attrs = info.typedSearchAttributes;
  const kind = attrs.get(boardKindKey) ?? info.type;
  const due = attrs.get(boardDueAtKey);
  const status = attrs.get(boardStatusKey) ?? 'open';
  return {
    kind,
    id: info.workflowId,
    title: attrs.get(boardTitleKey) ?? info.workflowId,
    action: pendingAction(kind, status, viewer),
    status,
    awaiting: [...(attrs.get(boardAwaitingKey) ?? [])],
    dueAt: due ? due.toISOString() : null,
    overdue: due !== undefined && due.getTime() < now,
    parentId: attrs.get(boardParentKey) ?? null,
  };
}

/** Soonest first; items without a due date last, then by id so the order is stable. */
export function bySoonestDue(a: PendingItem, b: PendingItem): number {
  const da = a.dueAt ?? '\uffff';
  const db = b.dueAt ?? '\uffff';
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Open items per awaited seat and per kind (seats and kinds with none are left out). */
export interface PendingCounts {
  bySeat: Record<string, number>;
  byKind: Record<string, number>;
}

/** Counts per awaited seat and per kind over items already read. */
export function countPending(items: readonly PendingItem[]): PendingCounts {
  const bySeat: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  for (const item of items) {
    byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
    for (const seat of item.awaiting) bySeat[seat] = (bySeat[seat] ?? 0) + 1;
  }
  return { bySeat, byKind };
}
