/**
 * What the lists filter and sort on, read from a workflow's state: one pure function per kind of
 * item, so the projection stores the state whole and these columns beside it.
 */
import type { DecisionState } from '../../workflows/decision/decision.types';
import type { FundingRequestState, FundingRoundState } from '../../workflows/funding/funding.types';
import type { PriorityCycleState } from '../../workflows/priorities/priority-cycle.types';
import type { MeetingState } from '../../workflows/meetings/meeting.types';
import type { ObligationState } from '../../workflows/reporting/obligation.types';
import type { RecordKind } from './record.schema';

/** The listed columns of one item. */
export interface RecordSummary {
  id: string;
  status: string;
  open: boolean;
  title: string;
  body: string;
  parentId: string | null;
  seat: string | null;
  /** Seats named on the item as invited (observers of a decision, a meeting's invited seats). */
  invited: string[];
  priority: string | null;
  rule: string | null;
  outcome: string | null;
  openedAt: string;
  closedAt: string | null;
}

type Summarize = (state: never) => RecordSummary;

const blank = { parentId: null, seat: null, invited: [], priority: null, rule: null, outcome: null };

const summaries: Record<RecordKind, Summarize> = {
  decision: (s: DecisionState) => ({
    ...blank,
    id: s.id,
    status: s.status,
    open: s.status === 'open',
    title: s.title,
    body: s.text,
    parentId: s.parentId,
    invited: s.observers ?? [],
    rule: s.rule,
    outcome: s.outcome,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
  }),
  'funding-round': (s: FundingRoundState) => ({
    ...blank,
    id: s.id,
    status: s.status,
    open: s.closedAt === null,
    title: s.title,
    body: s.priorities.join(' '),
    rule: s.decision.rule,
    outcome: s.closedAt === null ? null : s.status,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
  }),
  'funding-request': (s: FundingRequestState) => ({
    ...blank,
    id: s.id,
    status: s.status,
    open: s.closedAt === null,
    title: s.title,
    body: s.description,
    parentId: s.roundId,
    seat: s.seat,
    priority: s.priority,
    outcome: s.closedAt === null ? null : s.status,
    openedAt: s.submittedAt,
    closedAt: s.closedAt,
  }),
  'priority-cycle': (s: PriorityCycleState) => ({
    ...blank,
    id: s.id,
    status: s.status,
    open: s.endedAt === null,
    title: s.title,
    body: [...s.themes, ...s.proposals.map((p) => p.title)].join(' '),
    parentId: s.seriesId,
    rule: s.decision.rule,
    outcome: s.endedAt === null ? null : s.status,
    openedAt: s.openedAt,
    closedAt: s.endedAt,
  }),
  'reporting-obligation': (s: ObligationState) => ({
    ...blank,
    id: s.id,
    status: s.status,
    open: s.closedAt === null,
    title: s.title,
    body: s.reportKind ?? '',
    parentId: s.parentId,
    seat: s.seat,
    outcome: s.closedAt === null ? null : s.status,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
  }),
  meeting: (s: MeetingState) => ({
    ...blank,
    id: s.id,
    status: s.status,
    open: s.status !== 'approved' && s.status !== 'cancelled',
    title: s.title,
    body: s.agenda.map((i) => i.title).join(' '),
    invited: s.invitedSeats,
    outcome: s.status === 'approved' || s.status === 'cancelled' ? s.status : null,
    openedAt: s.convenedAt,
    closedAt: s.minutes?.approval?.at ?? s.cancellation?.at ?? null,
  }),
};

/** The listed columns of `state`, a workflow state of `kind`. */
export function summarizeRecord(kind: RecordKind, state: unknown): RecordSummary {
  return summaries[kind](state as never);
}
