/**
 * The remote decisions a meeting opens: an item deferred to written procedure, and the approval
 * of its minutes by written procedure. Both are ordinary decisions (workflows/decision) linked to
 * the meeting by their parent id, with the electorate and opinion seats a remote decision has.
 * Pure.
 */
import type { DecisionInput } from '../decision/decision.types';
import { opinionSeatsFor } from '../rules/opinion-rules';
import type { AgendaItem, MeetingBoard, MeetingState } from './meeting.types';

function base(board: MeetingBoard, recused: readonly string[], observers: readonly string[]) {
  return {
    electorate: board.seats.filter((s) => s.voting && !recused.includes(s.code)).map((s) => s.code),
    recused: [...recused],
    opinionSeats: opinionSeatsFor(board.seats, observers),
    observers: [...observers],
    chair: board.chair,
    closeEarly: false,
  };
}

/** The written procedure an item is deferred to: the silence rule, one objection stops it. */
export function deferredItemDecision(
  s: Readonly<MeetingState>,
  board: MeetingBoard,
  item: Readonly<AgendaItem>,
  id: string,
  closesAt: string,
  by: string,
): DecisionInput {
  return {
    id,
    title: item.title,
    text: item.text ?? `${item.title} (deferred from ${s.title} to written procedure)`,
    rule: 'silence',
    quorum: null,
    objectionThreshold: 1,
    closesAt,
    openedBy: by,
    parentId: s.id,
    ...base(board, item.recused, item.observers),
  };
}

/** The written procedure approving the minutes. */
export function minutesDecision(
  s: Readonly<MeetingState>,
  board: MeetingBoard,
  id: string,
  closesAt: string,
  by: string,
): DecisionInput {
  return {
    id,
    title: `Minutes of ${s.title}`,
    text: `The Board approves the minutes of ${s.title} (${s.startsAt.slice(0, 10)}) as circulated.\n\n${s.minutes?.text ?? ''}`,
    rule: 'silence',
    quorum: null,
    objectionThreshold: 1,
    closesAt,
    openedBy: by,
    parentId: s.id,
    ...base(board, [], []),
  };
}
