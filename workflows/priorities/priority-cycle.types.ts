/**
 * Payloads of the priority-cycle workflow, shared by the workflow and the API (which imports them
 * with the messages in priority-cycle.messages.ts). Times are ISO 8601 strings in UTC; spans are
 * ISO 8601 durations; period bounds are dates or timestamps (see rules/priority-rules.ts).
 */
import type { DecisionOutcome, DecisionRule } from '../rules/decision-rules';

/** What starts a series: its first cycle. */
export interface PrioritySeriesInput {
  first: PriorityCycleInput;
  /** Carried over by continue-as-new: cycles started by earlier runs that have not ended. */
  carriedOpen?: string[];
}

/**
 * Where a cycle stands: `proposals` (window open), `ranking` (window open), `drafting` (the
 * secretariat may edit the ranked draft and put it to the Board), `voting` (the Board decides on
 * the draft), `adopted` (programme adopted, period not yet begun), `in-force` (its programme is
 * the current work programme), `ended` (period over), `cancelled` (by the secretariat).
 */
export type CycleStatus =
  'proposals' | 'ranking' | 'drafting' | 'voting' | 'adopted' | 'in-force' | 'ended' | 'cancelled';

/** Statuses before the programme is adopted. */
export const preparingStatuses: readonly CycleStatus[] = ['proposals', 'ranking', 'drafting', 'voting'];

/** How the Board adopts the programme and its ad hoc actions. */
export interface CycleDecisionSettings {
  rule: DecisionRule;
  quorum: number | null;
  /** How long each Board vote stays open, e.g. `P14D`. */
  votingIn: string;
}

/** What the secretariat chooses when opening a cycle; the next cycle repeats it, moved on. */
export interface CycleSettings {
  title: string;
  periodStart: string;
  periodEnd: string;
  proposalsCloseAt: string;
  rankingCloseAt: string;
  decision: CycleDecisionSettings;
  /** The draft is the top N of the ranked result. */
  topN: number;
  /** Themes a proposal must name (the board's configuration). */
  themes: string[];
  /** The next cycle opens this long before the period ends; null: it does not open by itself. */
  nextCycleOpensBefore: string | null;
}

/** What starts a cycle. */
export interface PriorityCycleInput extends CycleSettings {
  id: string;
  /** Id of the first cycle of the series; the next cycles' ids derive from it. */
  seriesId: string;
  /** 1 for the cycle the secretariat opened, then 2, 3, ... */
  sequence: number;
  previousCycleId: string | null;
  /** Voting seats: they rank, and they are the electorate of the Board's decisions. */
  electorate: string[];
  /** Every seat of the board: any may propose. */
  seats: string[];
  /**
   * Seats with the right to an opinion on the cycle's decisions, and the chair, from the board at
   * launch. Absent on cycles opened before: their decisions keep the early close they had.
   */
  opinionSeats?: string[];
  chair?: string | null;
  openedBy: string;
  /** When the previous cycle opened this one (its windows count from then); absent: the start. */
  openedAt?: string;
  /** Hash of the opening request, to tell a replayed Idempotency-Key from a reused one. */
  requestHash?: string;
  /** Carried over by continue-as-new; absent on a fresh start. */
  carriedState?: PriorityCycleState;
}

export interface Proposal {
  id: string;
  /** Submission number within the cycle: the tie rule's "earlier". */
  n: number;
  seat: string;
  title: string;
  theme: string;
  /** Third country or region, if any. */
  region: string | null;
  status: 'open' | 'withdrawn';
  submittedBy: string;
  submittedAt: string;
  amendments: { by: string; at: string; changes: Record<string, [unknown, unknown]> }[];
  withdrawal: { reason: string; by: string; at: string } | null;
}

/** A seat's ranking: the latest one counts. */
export interface SeatRanking {
  seat: string;
  ranking: string[];
  by: string;
  at: string;
  /** How many times the seat has ranked (1 for its first). */
  revision: number;
}

/** One proposal's place in the ranked result. */
export interface RankedProposal {
  rank: number;
  proposalId: string;
  title: string;
  theme: string;
  region: string | null;
  seat: string;
  /** Proposals it beats under Schulze. */
  wins: number;
  /** True when the tie rule decided its place among equals. */
  tieBroken: boolean;
}

/** A line of the draft programme: from a proposal, or added by the secretariat. */
export interface DraftItem {
  proposalId: string | null;
  title: string;
  theme: string;
  region: string | null;
}

/** One time the draft went to the Board, and what the Board made of it. */
export interface DraftAttempt {
  attempt: number;
  decisionId: string;
  items: DraftItem[];
  submittedBy: string;
  submittedAt: string;
  votingClosesAt: string;
  outcome: DecisionOutcome | null;
  decidedAt: string | null;
}

/** A priority of the adopted programme, or an ad hoc action adopted later. */
export interface ProgrammeItem {
  /** Stable: `<cycle id>-<k>` for the programme's priorities, `<cycle id>-x<n>` for ad hoc actions. */
  id: string;
  title: string;
  theme: string;
  region: string | null;
  /** Its place in the programme; null for ad hoc actions. */
  rank: number | null;
  proposalId: string | null;
  adHoc: boolean;
  decisionId: string;
  adoptedAt: string;
}

/** An ad hoc action the secretariat put to the Board, whatever the outcome. */
export interface AdHocAction {
  id: string;
  title: string;
  theme: string;
  region: string | null;
  reason: string;
  decisionId: string;
  proposedBy: string;
  proposedAt: string;
  votingClosesAt: string;
  outcome: DecisionOutcome | null;
  decidedAt: string | null;
}

export interface DateChange {
  field: 'proposalsCloseAt' | 'rankingCloseAt' | 'periodStart' | 'periodEnd';
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
}

/** The whole record of a cycle, as `GET /priority-cycles/:id` shows it. */
export interface PriorityCycleState {
  id: string;
  seriesId: string;
  sequence: number;
  previousCycleId: string | null;
  title: string;
  status: CycleStatus;
  periodStart: string;
  periodEnd: string;
  /** The period as instants: from `startsAt` (inclusive) to `endsAt` (exclusive). */
  startsAt: string;
  endsAt: string;
  proposalsCloseAt: string;
  rankingCloseAt: string;
  decision: CycleDecisionSettings;
  topN: number;
  themes: string[];
  nextCycleOpensBefore: string | null;
  /** When the next cycle opens (or opened); null when none opens by itself. */
  nextCycleOpensAt: string | null;
  nextCycleId: string | null;
  proposals: Proposal[];
  /** Latest ranking of each seat, in the order seats first ranked. */
  rankings: SeatRanking[];
  /** Voting seats that have not ranked (while the ranking window is open). */
  awaitingRankings: string[];
  /** The aggregated ranking, once the ranking window has closed. */
  result: RankedProposal[] | null;
  /** The method and the tie rule the result follows. */
  method: { name: 'schulze'; tieRule: string };
  /** The draft programme: the top N of the result, or the secretariat's edit of it. */
  draft: DraftItem[] | null;
  draftEdits: { by: string; at: string; items: number }[];
  attempts: DraftAttempt[];
  /** The decision on the draft now before the Board, or the one that adopted it. */
  decisionId: string | null;
  programme: ProgrammeItem[] | null;
  adoptedAt: string | null;
  adHocActions: AdHocAction[];
  dateChanges: DateChange[];
  cancellation: { reason: string; by: string; at: string } | null;
  openedAt: string;
  openedBy: string;
  endedAt: string | null;
  /** Next proposal number. */
  nextProposal: number;
  /** Idempotency-Key hash → request hash (and the proposal it created, for proposals). */
  idempotency: Record<string, { requestHash: string; proposalId?: string }>;
}

/** Common part of every write: who does it, and the idempotency pair when the caller sent a key. */
export interface CycleWriteContext {
  by: string;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface SubmitProposalCommand extends CycleWriteContext {
  seat: string;
  title: string;
  theme: string;
  region?: string;
}

export interface AmendProposalCommand extends CycleWriteContext {
  proposalId: string;
  seat: string;
  title?: string;
  theme?: string;
  /** Null removes the region. */
  region?: string | null;
}

export interface WithdrawProposalCommand extends CycleWriteContext {
  proposalId: string;
  seat: string;
  reason: string;
}

export interface SubmitRankingCommand extends CycleWriteContext {
  seat: string;
  ranking: string[];
}

/** A draft line as the secretariat writes it: a proposal (fields optionally reworded) or a new item. */
export interface DraftItemInput {
  proposalId?: string;
  title?: string;
  theme?: string;
  region?: string | null;
}

export interface EditDraftCommand extends CycleWriteContext {
  items: DraftItemInput[];
}

export type SubmitDraftCommand = CycleWriteContext;

export interface ProposeAdHocActionCommand extends CycleWriteContext {
  title: string;
  theme: string;
  region?: string;
  reason: string;
}

export interface CancelCycleCommand extends CycleWriteContext {
  reason: string;
}

export interface ChangeCycleDatesCommand extends CycleWriteContext {
  proposalsCloseAt?: string;
  rankingCloseAt?: string;
  periodStart?: string;
  periodEnd?: string;
  reason: string;
}
