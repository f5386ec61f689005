/** Visibility queries and pending items: filters become the right clauses; nothing unsafe gets in. */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  bySoonestDue,
  countPending,
  pendingAction,
  toPendingItem,
  type PendingItem,
} from '../../src/tracking/pending-item';
import { mapBounded } from '../../src/tracking/bounded';
import { pendingQuery } from '../../src/tracking/visibility-query';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardTitleKey,
} from '../../workflows/search-attributes';

const now = new Date('2027-03-01T12:00:00.000Z');

test('the default query lists running workflows of every tracked kind', () => {
  expect(pendingQuery({}, now)).toBe(
    "ExecutionStatus = 'Running' AND BoardKind IN ('decision', 'funding-round', 'funding-request', 'priority-cycle', 'reporting-obligation', 'meeting')",
  );
});

test('kind, seat, overdue and dueBefore become clauses; the earlier bound wins', () => {
  const q = pendingQuery(
    { kind: 'decision', seat: 'DE', overdue: true, dueBefore: new Date('2027-04-01T00:00:00Z') },
    now,
  );
  expect(q).toBe(
    "ExecutionStatus = 'Running' AND BoardKind IN ('decision') AND BoardAwaiting = 'DE' AND BoardDueAt < '2027-03-01T12:00:00.000Z'",
  );
  expect(pendingQuery({ dueBefore: new Date('2027-02-01T00:00:00Z'), overdue: true }, now)).toContain(
    "BoardDueAt < '2027-02-01T00:00:00.000Z'",
  );
});

test('a value that could break out of the query is refused', () => {
  expect(() => pendingQuery({ seat: "DE' OR 1=1 --" }, now)).toThrow('unsafe visibility value');
  expect(() => pendingQuery({ alsoAwaiting: "FR' OR 'x'='x" }, now)).toThrow('unsafe visibility value');
});

test('a window, the undated items, and a second awaited seat become clauses', () => {
  expect(
    pendingQuery(
      {
        kind: 'decision',
        dueFrom: new Date('2027-03-02T00:00:00Z'),
        dueBefore: new Date('2027-03-09T00:00:00Z'),
      },
      now,
    ),
  ).toBe(
    "ExecutionStatus = 'Running' AND BoardKind IN ('decision') AND BoardDueAt < '2027-03-09T00:00:00.000Z' AND BoardDueAt >= '2027-03-02T00:00:00.000Z'",
  );
  expect(pendingQuery({ undated: true }, now)).toMatch(/ AND BoardDueAt IS NULL$/);
  expect(pendingQuery({ seat: 'DE', alsoAwaiting: 'FR' }, now)).toMatch(
    / AND BoardAwaiting = 'DE' AND BoardAwaiting = 'FR'$/,
  );
  // The same seat twice is one clause.
  expect(pendingQuery({ seat: 'DE', alsoAwaiting: 'DE' }, now)).toMatch(/ AND BoardAwaiting = 'DE'$/);
  expect(pendingQuery({ alsoAwaiting: 'FR' }, now)).toMatch(/ AND BoardAwaiting = 'FR'$/);
});

test('bounded map: results in input order, never more than the limit in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const out = await mapBounded(
    Array.from({ length: 41 }, (_, i) => i),
    8,
    async (i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, (i * 7) % 5));
      inFlight--;
      return i * 2;
    },
  );
  expect(out).toEqual(Array.from({ length: 41 }, (_, i) => i * 2));
  expect(most).toBe(8);
  expect(await mapBounded([], 8, async () => 1)).toEqual([]);
});

function info(attrs: {
  kind: string;
  title: string;
  awaiting: string[];
  dueAt?: Date;
}): WorkflowExecutionInfo {
  const pairs = [
    { key: boardKindKey, value: attrs.kind },
    { key: boardTitleKey, value: attrs.title },
    { key: boardAwaitingKey, value: attrs.awaiting },
    ...(attrs.dueAt ? [{ key: boardDueAtKey, value: attrs.dueAt }] : []),
  ];
  return {
    workflowId: 'dec-1',
    type: 'decisionWorkflow',
    typedSearchAttributes: new TypedSearchAttributes(pairs),
  } as never;
}

test('a visibility record becomes a pending item with its action and overdue flag', () => {
  const item = toPendingItem(
    info({ kind: 'decision', title: 'T', awaiting: ['DE', 'FR'], dueAt: new Date('2027-02-28T00:00:00Z') }),
    now.getTime(),
  );
  expect(item).toEqual({
    kind: 'decision',
    id: 'dec-1',
    title: 'T',
    action: 'cast your ballot',
    status: 'open',
    awaiting: ['DE', 'FR'],
    dueAt: '2027-02-28T00:00:00.000Z',
    overdue: true,
    parentId: null,
  });
  expect(
    toPendingItem(info({ kind: 'reporting-obligation', title: 'R', awaiting: ['DE'] }), now.getTime()),
  ).toMatchObject({
    action: 'submit your report',
    dueAt: null,
    overdue: false,
  });
});

test('what a seat has to do on a decision: vote, give an opinion, or object or let it pass', () => {
  const de = { code: 'DE', voting: true };
  const no = { code: 'NO', voting: false };
  expect(pendingAction('decision', 'open', de)).toBe('cast your ballot');
  // A meeting asks for an answer to its invitation, then (once held) for the actions agreed.
  expect(pendingAction('meeting', 'convened', de)).toBe('confirm attendance');
  expect(pendingAction('meeting', 'closed', de)).toBe('complete the action agreed');
  expect(pendingAction('decision', 'open', no)).toBe('give an opinion');
  expect(pendingAction('decision', 'written-procedure', de)).toBe('object or let it pass');
  expect(pendingAction('decision', 'written-procedure', no)).toBe('give an opinion');
  // Closed with opinions unanswered: the secretariat's account of them is what is left.
  expect(pendingAction('decision', 'responses-due')).toBe(
    'record how the Board took account of each opinion',
  );
  // The managers' view has no seat: the voting seats' action.
  expect(pendingAction('decision', 'written-procedure')).toBe('object or let it pass');
  expect(pendingAction('reporting-obligation', 'open', no)).toBe('submit your report');
  expect(pendingAction('priority-cycle', 'ranking', de)).toBe('submit your ranking');
  expect(pendingAction('funding-round', 'open', de)).toBe('submit a funding request');
});

test('soonest first, undated last, ties by id', () => {
  const item = (id: string, dueAt: string | null) => ({ id, dueAt }) as PendingItem;
  const sorted = [
    item('c', null),
    item('b', '2027-01-02T00:00:00Z'),
    item('a', '2027-01-02T00:00:00Z'),
    item('d', '2027-01-01T00:00:00Z'),
  ].sort(bySoonestDue);
  expect(sorted.map((i) => i.id)).toEqual(['d', 'a', 'b', 'c']);
});

test('counts over items read: per awaited seat (an item awaiting two seats counts for both) and per kind', () => {
  const item = (kind: string, awaiting: string[]) => ({ kind, awaiting }) as PendingItem;
  expect(
    countPending([item('decision', ['DE', 'FR']), item('decision', ['FR']), item('funding-request', [])]),
  ).toEqual({ bySeat: { DE: 1, FR: 2 }, byKind: { decision: 2, 'funding-request': 1 } });
  expect(countPending([])).toEqual({ bySeat: {}, byKind: {} });
});
