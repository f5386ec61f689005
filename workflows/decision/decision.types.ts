/**
 * Payloads of the board-decision workflow, shared by the workflow and the API (which imports
 * them with the messages in decision.messages.ts).
 */
import type { BallotChoice, DecisionOutcome, DecisionRule, Tally } from '../rules/decision-rules';
import type { ActingAs } from '../roster/roster.types';

/** What opens a decision. Times are ISO 8601 strings in UTC. */
export interface DecisionInput {
  id: string;
  title: string;
  /** The text put to the Board. */
  text: string;
  rule: DecisionRule;
  quorum: number | null;
  /** Under `silence`: objections that stop adoption. */
  objectionThreshold: number;
  closesAt: string;
  /** Voting seats of the board when it was opened, recused seats already removed. */
  electorate: string[];
  recused: string[];
  /** Close as soon as the outcome can no longer change (docs/domain.md, "Rules": a default). */
  closeEarly: boolean;
  openedBy: string;
  /** The round, cycle or request this decision belongs to, if any. */
  parentId?: string;
  /** Hash of the opening request, to tell a replayed Idempotency-Key from a reused one. */
  requestHash?: string;
  /** Carried over by continue-as-new; absent on a fresh start. */
  carriedState?: DecisionState;
  /**
   * Seats with the right to an opinion (seats without a vote, invited observers). Absent on
   * decisions opened before opinion rights were tracked: they keep their old early close.
   */
  opinionSeats?: string[];
  /** Observers invited to this item (also in `opinionSeats`). */
  observers?: string[];
  /** The seat that chairs the Board (board configuration), named on the record. */
  chair?: string | null;
  /** Why each seat of `recused` is recused; a seat without one gets a general reason. */
  recusals?: Recusal[];
}

/** A seat recused from the decision, and why. */
export interface Recusal {
  seat: string;
  reason: string;
}

/** A ballot as it stands or as it was cast. */
export interface Ballot {
  seat: string;
  choice: BallotChoice;
  /** The person (`sub`) who cast it: the seat's member or alternate. */
  castBy: string;
  /** Their name and capacity when cast (absent on ballots recorded before the roster). */
  actingAs?: ActingAs;
  at: string;
}

export interface Opinion {
  /** Its number on the decision, from 1; responses name it. */
  n: number;
  seat: string;
  text: string;
  by: string;
  actingAs?: ActingAs;
  at: string;
  /** How the Board took account of it, as the secretariat recorded it; null until then. */
  response: OpinionResponse | null;
}

export interface OpinionResponse {
  text: string;
  by: string;
  at: string;
}

/** A seat's statement that it has no opinion to give. */
export interface OpinionDecline {
  seat: string;
  by: string;
  at: string;
}

export interface Extension {
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
}

export interface Withdrawal {
  reason: string;
  by: string;
  at: string;
}

/** The whole record of a decision, as `GET /decisions/:id` shows it. */
export interface DecisionState {
  id: string;
  title: string;
  text: string;
  rule: DecisionRule;
  quorum: number | null;
  quorumRequired: number;
  yesRequired: number | null;
  objectionThreshold: number;
  status: 'open' | 'closed';
  outcome: DecisionOutcome | null;
  tally: Tally;
  /** Latest ballot of each seat, in the order seats first voted. */
  ballots: Ballot[];
  /** Every ballot ever cast, replaced ones included: the audit trail. */
  ballotHistory: Ballot[];
  opinions: Opinion[];
  /** Seats with the right to an opinion; null on decisions opened before it was tracked. */
  opinionSeats: string[] | null;
  /** Observers invited to this item. */
  observers: string[];
  /** Opinion seats that said they have none. */
  declined: OpinionDecline[];
  /** Opinion seats that have neither given an opinion nor declined (while open). */
  opinionsAwaited: string[];
  /** The seat that chairs the Board. */
  chair: string | null;
  /** Every recused seat with the reason. */
  recusals: Recusal[];
  electorate: string[];
  recused: string[];
  /** Electorate seats that have not voted yet. */
  awaiting: string[];
  closeEarly: boolean;
  openedAt: string;
  openedBy: string;
  closesAt: string;
  closedAt: string | null;
  extensions: Extension[];
  withdrawal: Withdrawal | null;
  /**
   * Set at the close when opinions still lack a response: until then the secretariat may record
   * how the Board took account of them (absent on decisions closed before responses were allowed
   * after the close).
   */
  responsesDueAt?: string;
  parentId: string | null;
  /** Idempotency-Key hash → request hash, for ballots and other writes (see the API's idempotency). */
  idempotency: Record<string, string>;
}

/** Common part of every write: who does it, and the idempotency pair when the caller sent a key. */
export interface WriteContext {
  by: string;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface CastBallotCommand extends WriteContext {
  seat: string;
  choice: BallotChoice;
  actingAs?: ActingAs;
}

export interface AddOpinionCommand extends WriteContext {
  seat: string;
  text: string;
  actingAs?: ActingAs;
}

export interface DeclineOpinionCommand extends WriteContext {
  seat: string;
}

export interface RespondToOpinionCommand extends WriteContext {
  /** The opinion's number. */
  n: number;
  text: string;
}

export interface ExtendDecisionCommand extends WriteContext {
  closesAt: string;
  reason: string;
}

export interface WithdrawDecisionCommand extends WriteContext {
  reason: string;
}
