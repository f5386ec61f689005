/**
 * Search attributes every workflow of the project keeps current, so tracking reads Temporal's
 * visibility instead of asking each workflow. Registered wherever a server is started
 * (see src/temporal/dev-server.ts and tests/support/temporal-env.ts); a cluster operator
 * registers the same list (README, "Running on a cluster").
 */
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
} from '@temporalio/common';

/** What the workflow is: `decision`, `funding-round`, `funding-request`, `priority-cycle`, `reporting-obligation`. */
export const boardKindKey = defineSearchAttributeKey('BoardKind', SearchAttributeType.KEYWORD);
/** Its status as the API shows it (`open`, `closed`, ...). */
export const boardStatusKey = defineSearchAttributeKey('BoardStatus', SearchAttributeType.KEYWORD);
/** Seats whose action it awaits. */
export const boardAwaitingKey = defineSearchAttributeKey('BoardAwaiting', SearchAttributeType.KEYWORD_LIST);
/** When the next thing is due. */
export const boardDueAtKey = defineSearchAttributeKey('BoardDueAt', SearchAttributeType.DATETIME);
/** The round or cycle it belongs to, if any. */
export const boardParentKey = defineSearchAttributeKey('BoardParent', SearchAttributeType.KEYWORD);
/** Title, for listing without querying the workflow. */
export const boardTitleKey = defineSearchAttributeKey('BoardTitle', SearchAttributeType.TEXT);

/** All keys, in the order they are registered. */
export const allSearchAttributeKeys = [
  boardKindKey,
  boardStatusKey,
  boardAwaitingKey,
  boardDueAtKey,
  boardParentKey,
  boardTitleKey,
] as const;

/** What a child workflow shows from its start, before its first task runs. */
export interface StartingAttributes {
  kind: string;
  status: string;
  awaiting: string[];
  /** Left out when nothing is due yet. */
  dueAt?: string;
  title: string;
  /** Left out when there is none. */
  parent?: string | null;
}

/** The search attributes a child starts with (`typedSearchAttributes`), always in this order. */
export function startingAttributes(a: StartingAttributes): SearchAttributePair[] {
  return [
    { key: boardKindKey, value: a.kind },
    { key: boardStatusKey, value: a.status },
    { key: boardAwaitingKey, value: a.awaiting },
    ...(a.dueAt !== undefined ? [{ key: boardDueAtKey, value: new Date(a.dueAt) }] : []),
    { key: boardTitleKey, value: a.title },
    ...(a.parent ? [{ key: boardParentKey, value: a.parent }] : []),
  ];
}

/** What a workflow shows of itself as it goes: its status, the seats it awaits, when it is due. */
export interface Tracking {
  status: string;
  awaiting: string[];
  /** Null when nothing is due. */
  dueAt: string | null;
}

/** The pairs a workflow upserts to show its {@link Tracking}, always in this order. */
export function trackingAttributes(t: Tracking): SearchAttributeUpdatePair[] {
  return [
    { key: boardStatusKey, value: t.status },
    { key: boardAwaitingKey, value: t.awaiting },
    { key: boardDueAtKey, value: t.dueAt === null ? null : new Date(t.dueAt) },
  ];
}
