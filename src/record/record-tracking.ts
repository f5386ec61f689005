/**
 * What each kind of item shows for tracking, read from its projected state: the values its workflow
 * publishes as the BoardStatus, BoardAwaiting and BoardDueAt search attributes, and whether its
 * workflow still runs. The pending lists read them from the record with the same answers as from
 * visibility. Where a workflow's publisher is a pure function it is reused here; the few lines a
 * workflow computes inline are repeated, each next to the workflow it mirrors. Pure.
 */
import { trackedNow } from '../../workflows/decision/decision-tracking';
import type { DecisionState } from '../../workflows/decision/decision.types';
import { seatsYetToRequest } from '../../workflows/funding/round-notices';
import type { FundingRequestState, FundingRoundState } from '../../workflows/funding/funding.types';
import { meetingTracked } from '../../workflows/meetings/meeting-tracking';
import type { MeetingState } from '../../workflows/meetings/meeting.types';
import { dueAt as cycleDueAt } from '../../workflows/priorities/cycle-calendar';
import type { PriorityCycleState } from '../../workflows/priorities/priority-cycle.types';
import type { ObligationState } from '../../workflows/reporting/obligation.types';
import type { RecordKind } from '../../workflows/record/record-projection';

/** An item's tracking, as its workflow publishes it. */
export interface RecordTracking {
  /** BoardStatus. */
  status: string;
  /** BoardAwaiting. */
  awaiting: string[];
  /** BoardDueAt; null when nothing is due. */
  dueAt: string | null;
  /**
   * True while the workflow runs (visibility's `ExecutionStatus = 'Running'`). A decision awaiting
   * responses to its opinions runs until they are all given or `dueAt` passes: the lists also
   * compare `dueAt` with the time they read at for the status {@link RESPONSES_DUE}.
   */
  running: boolean;
}

/** What the board's configuration tells the record: a round awaits its member-state seats. */
export interface TrackingContext {
  memberStateSeats: readonly string[];
}

/** The tracking status of a closed decision awaiting responses (see decision-tracking.ts). */
export const RESPONSES_DUE = 'responses-due';

type Track = (state: never, context: TrackingContext) => RecordTracking;

const tracks: Record<RecordKind, Track> = {
  // decision.workflow.ts publishes trackedNow (runs recorded before its patch aside); it runs while
  // open, and after the close while opinions await responses (only a decision without a parent).
  decision: (s: DecisionState) => {
    // A decision from before opinions (no opinionsAwaited) publishes as it did then: the voters.
    const t =
      s.opinionsAwaited === undefined
        ? { status: s.status, awaiting: s.rule === 'silence' ? [] : [...s.awaiting], dueAt: s.closesAt }
        : trackedNow(s);
    return { ...t, running: s.status === 'open' || t.status === RESPONSES_DUE };
  },
  // funding-round.workflow.ts: due at the window's close while open, at the vote's close while
  // voting; it awaits the member-state seats without a live request while open; runs until closed.
  'funding-round': (s: FundingRoundState, context) => {
    const attempts = s.attempts ?? [];
    const attempt = attempts[attempts.length - 1];
    const dueAt =
      s.status === 'open' ? s.closesAt : s.status === 'voting' && attempt ? attempt.votingClosesAt : null;
    const awaiting = seatsYetToRequest({ ...s, requests: s.requests ?? [] }, context.memberStateSeats);
    return { status: s.status, awaiting, dueAt, running: s.status !== 'closed' };
  },
  // FundingRequestRecord.awaiting and isFinished: once awarded, the next report not yet discharged.
  'funding-request': (s: FundingRequestState) => {
    const next =
      s.status === 'awarded'
        ? (s.obligations ?? []).find((o) => o.acceptedAt === null && (o.waivedAt ?? null) === null)
        : undefined;
    const finished = ['withdrawn', 'ineligible', 'not-funded', 'completed'].includes(s.status);
    return {
      status: s.status,
      awaiting: next ? [s.seat] : [],
      dueAt: next ? next.dueAt : null,
      running: !finished,
    };
  },
  // PriorityCycleRecord.awaiting and dueAt; the workflow ends once the cycle is cancelled or ended.
  'priority-cycle': (s: PriorityCycleState) => ({
    status: s.status,
    awaiting: s.status === 'ranking' ? [...(s.awaitingRankings ?? [])] : [],
    dueAt: cycleDueAt(s),
    running: s.status !== 'cancelled' && s.status !== 'ended',
  }),
  // obligation.workflow.ts publishes the state's own fields; ObligationRecord.isFinished ends it.
  'reporting-obligation': (s: ObligationState) => ({
    status: s.status,
    awaiting: [...(s.awaiting ?? [])],
    dueAt: s.dueAt,
    running: s.status !== 'accepted' && s.status !== 'waived',
  }),
  // meeting.workflow.ts publishes meetingTracked; MeetingRecord.isFinished ends it.
  meeting: (s: MeetingState) => ({
    ...meetingTracked(s),
    running: !(
      s.status === 'cancelled' ||
      (s.status === 'approved' &&
        s.actions.every((a) => a.status === 'done' || a.followUp === 'reporting-obligation'))
    ),
  }),
};

/** The tracking of `state`, a workflow state of `kind`. */
export function trackRecord(kind: RecordKind, state: unknown, context: TrackingContext): RecordTracking {
  return tracks[kind](state as never, context);
}

/** Member-state seats of a board's seats (the seats a round's call reaches; see the funding API). */
export function memberStateSeatsOf(seats: readonly { code: string; kind: string }[]): string[] {
  return seats.filter((s) => s.kind === 'member-state').map((s) => s.code);
}
