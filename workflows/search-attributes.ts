/**
 * Search attributes every workflow of the project keeps current, so tracking reads Temporal's
 * visibility instead of asking each workflow. Registered wherever a server is started
 * (see src/temporal/dev-server.ts and tests/support/temporal-env.ts); a cluster operator
 * registers the same list (README, "Running on a cluster").
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
