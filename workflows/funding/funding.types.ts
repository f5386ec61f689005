/**
 * Payloads of the funding-round and funding-request workflows, shared by the workflows and the API
 * (which imports them with the messages in funding.messages.ts). Money is integer euro cents; times
 * are ISO 8601 strings in UTC; spans are ISO 8601 durations.
 */
import type { DecisionOutcome, DecisionRule } from '../rules/decision-rules';
import type { AwardProposal, RoundSummary } from '../rules/funding-rules';
import type { ActingAs } from '../roster/roster.types';

/** How the Board decides on a round's allocation. */
export type DecisionMode = 'package' | 'per-request';
export const decisionModes: readonly DecisionMode[] = ['package', 'per-request'];

export interface FundingDecisionSettings {
  rule: DecisionRule;
  quorum: number | null;
  /** How long each vote stays open, e.g. `P14D`. */
  votingIn: string;
  /** `package`: one decision on the whole allocation; `per-request`: one per award, requesting seat recused. */
  mode: DecisionMode;
}

/** Reporting obligations an award opens, due this long after the award. */
export interface ReportingSettings {
  interimDueIn: string;
  finalDueIn: string;
  /** Reminders this long before each due date. */
  remindBefore: string[];
  escalateAfter?: string;
}

/** What opens a round. */
export interface FundingRoundInput {
  id: string;
  title: string;
  envelopeCents: number;
  /** End of the submission window. */
  closesAt: string;
  maxRequestCents: number | null;
  /** Priorities a request must name (labels given at launch). */
  priorities: string[];
  decision: FundingDecisionSettings;
  reporting: ReportingSettings;
  /** Share of an award paid on award; the rest waits for the interim report. */
  firstTranchePercent: number;
  /** Voting seats of the board at launch: the electorate of the round's decisions. */
  electorate: string[];
  /** Member-state seats: the only ones that may submit and be funded. */
  memberStateSeats: string[];
  /** Decisions leave out every seat whose request they award, in either mode (board default). */
  recuseRequestingSeat: boolean;
  /**
   * Seats with the right to an opinion on the round's decisions, and the chair, from the board at
   * launch. Absent on rounds launched before: their decisions keep the early close they had.
   */
  opinionSeats?: string[];
  chair?: string | null;
  openedBy: string;
  /** Hash of the opening request, to tell a replayed Idempotency-Key from a reused one. */
  requestHash?: string;
  /**
   * Continue as new once a run's history holds this many events, besides when Temporal suggests
   * it: for tests, and for operators who want shorter histories. Absent: Temporal's suggestion only.
   */
  continueAsNewAfterEvents?: number;
  /** Carried over by continue-as-new; absent on a fresh start. */
  carriedState?: FundingRoundState;
}

export type RoundStatus = 'open' | 'assessing' | 'voting' | 'awarded' | 'closed';

/**
 * Where a request stands: `submitted` while the window is open, then `eligible` or `ineligible`;
 * `withdrawn` by its seat; `awarded` or `not-funded` by the Board; `completed` once every tranche
 * is paid and both reports are accepted or waived.
 */
export type RequestStatus =
  'submitted' | 'withdrawn' | 'ineligible' | 'eligible' | 'awarded' | 'not-funded' | 'completed';

/** Statuses after which a request takes no further part in the round's decisions. */
export const closedRequestStatuses: readonly RequestStatus[] = ['withdrawn', 'ineligible', 'not-funded'];

export interface PaymentsView {
  paidCents: number;
  /** Awarded but not yet paid (a tranche waiting for its report). */
  heldBackCents: number;
}

/** A request as its round sees it: one bounded entry per request; the detail lives in the request. */
export interface RequestSummary {
  id: string;
  seat: string;
  title: string;
  priority: string;
  amountCents: number;
  status: RequestStatus;
  ineligibleReason: string | null;
  /** The amount the current (or last) proposed allocation gives it, if it names it. */
  allocation: number | null;
  awardedCents: number | null;
  /** The decision that awarded it, or that is deciding on it. */
  decisionId: string | null;
  /** Allocation attempts that named it. */
  attempts: number[];
  payments: PaymentsView;
  /** True once its reporting obligations are open (awards only). */
  reportingOpen: boolean;
  submittedBy: string;
  /** The submitter's name and capacity (absent on requests recorded before the roster). */
  submittedAs?: ActingAs;
  submittedAt: string;
}

export interface SubmissionExtension {
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
}

/** One proposal of an allocation and what the Board made of it. */
export interface AllocationAttempt {
  attempt: number;
  awards: AwardProposal[];
  totalCents: number;
  proposedBy: string;
  proposedAt: string;
  /** When the Board's vote (every decision of the attempt) closes. */
  votingClosesAt: string;
  /** One decision (package) or one per award (per-request). */
  decisions: { decisionId: string; requestIds: string[]; outcome: DecisionOutcome | null }[];
  /** `adopted` when every decision adopted, `partly-adopted` under per-request when some did. */
  outcome: DecisionOutcome | 'partly-adopted' | null;
  decidedAt: string | null;
}

/** The whole record of a round, as `GET /funding-rounds/:id` shows it. */
export interface FundingRoundState {
  id: string;
  title: string;
  status: RoundStatus;
  envelopeCents: number;
  /** Sum of adopted awards. */
  awardedCents: number;
  closesAt: string;
  maxRequestCents: number | null;
  priorities: string[];
  decision: FundingDecisionSettings;
  reporting: ReportingSettings;
  firstTranchePercent: number;
  openedAt: string;
  openedBy: string;
  submissionsClosedAt: string | null;
  extensions: SubmissionExtension[];
  requests: RequestSummary[];
  /** The current (or last) proposed allocation. */
  allocation: AwardProposal[] | null;
  /** The current (or last) decision; under per-request, the first of the attempt's decisions. */
  decisionId: string | null;
  attempts: AllocationAttempt[];
  summary: RoundSummary | null;
  closedAt: string | null;
  /** Next request number (request ids are numbered within the round). */
  nextRequest: number;
  /** Idempotency-Key hash → request hash (and the request it created, for submissions). */
  idempotency: Record<string, { requestHash: string; requestId?: string }>;
}

/** Common part of every write: who does it, and the idempotency pair when the caller sent a key. */
export interface FundingWriteContext {
  by: string;
  idempotencyKey?: string;
  requestHash?: string;
}

export interface SubmitRequestCommand extends FundingWriteContext {
  seat: string;
  title: string;
  amountCents: number;
  priority: string;
  description: string;
  actingAs?: ActingAs;
}

export interface AmendRequestCommand extends FundingWriteContext {
  requestId: string;
  seat: string;
  title?: string;
  amountCents?: number;
  priority?: string;
  description?: string;
}

export interface WithdrawRequestCommand extends FundingWriteContext {
  requestId: string;
  seat: string;
  reason: string;
}

export interface ExtendSubmissionCommand extends FundingWriteContext {
  closesAt: string;
  reason: string;
}

export interface ProposeAllocationCommand extends FundingWriteContext {
  awards: AwardProposal[];
}

/** What opens a request (a child of its round). */
export interface FundingRequestInput {
  id: string;
  roundId: string;
  roundTitle: string;
  seat: string;
  title: string;
  amountCents: number;
  priority: string;
  description: string;
  submittedBy: string;
  /** The submitter's name and capacity (absent on requests recorded before the roster). */
  submittedAs?: ActingAs;
  submittedAt: string;
  /** Carried over by continue-as-new; absent on a fresh start. */
  carriedState?: FundingRequestState;
}

/** Terms of an adopted award, as the round hands them to the request. */
export interface AwardTerms {
  amountCents: number;
  decisionId: string;
  firstTranchePercent: number;
  /** Due dates of the reports, fixed at the award. */
  interimDueAt: string;
  finalDueAt: string;
  remindBefore: string[];
  escalateAfter?: string;
}

/** A change the round makes to one of its requests (the request records it in its history). */
export type RequestChange =
  | {
      kind: 'amended';
      at: string;
      by: string;
      title?: string;
      amountCents?: number;
      priority?: string;
      description?: string;
    }
  | { kind: 'withdrawn'; at: string; by: string; reason: string }
  | { kind: 'ineligible'; at: string; by: string; reason: string }
  | { kind: 'eligible'; at: string; by: string }
  | {
      kind: 'allocation-proposed';
      at: string;
      by: string;
      attempt: number;
      amountCents: number;
      decisionId: string;
    }
  | {
      kind: 'decision-closed';
      at: string;
      by: string;
      attempt: number;
      decisionId: string;
      outcome: DecisionOutcome;
    }
  | { kind: 'awarded'; at: string; by: string; terms: AwardTerms }
  | { kind: 'not-funded'; at: string; by: string; reason: string };

/** One line of a request's history. */
export interface RequestEvent {
  kind:
    | RequestChange['kind']
    | 'submitted'
    | 'tranche-paid'
    | 'reporting-opened'
    | 'report-accepted'
    | 'report-waived'
    | 'completed';
  at: string;
  by: string;
  /** What happened, in a sentence. */
  detail: string;
  /** Field changes of an amendment: field → [before, after]. */
  changes?: Record<string, [unknown, unknown]>;
}

export interface Tranche {
  n: number;
  amountCents: number;
  /** `paid`, `held` (waiting for its report) or `due` (released, payment under way). */
  status: 'paid' | 'held' | 'due';
  /** What releases it: the award itself, or the interim report (accepted, or waived by the secretariat). */
  releasedBy: 'award' | 'interim-report';
  /** What did release it, and when; null while held (absent on records from before it was kept). */
  releasedOn?: 'award' | 'report-accepted' | 'report-waived' | null;
  releasedAt?: string | null;
  /** Stable key of its payment instruction in the ledger. */
  paymentKey: string;
  paymentId: string | null;
  paidAt: string | null;
}

export interface ObligationLink {
  id: string;
  reportKind: 'interim' | 'final';
  dueAt: string;
  acceptedAt: string | null;
  /** Set when the secretariat waived it instead (absent on records from before waivers were told). */
  waivedAt?: string | null;
}

/** The whole record of a request, as `GET /funding-requests/:id` shows it. */
export interface FundingRequestState {
  id: string;
  roundId: string;
  roundTitle: string;
  seat: string;
  title: string;
  priority: string;
  description: string;
  amountCents: number;
  status: RequestStatus;
  ineligibleReason: string | null;
  withdrawalReason: string | null;
  awardedCents: number | null;
  decisionId: string | null;
  terms: AwardTerms | null;
  tranches: Tranche[];
  payments: PaymentsView;
  obligations: ObligationLink[];
  submittedBy: string;
  /** The submitter's name and capacity (absent on requests recorded before the roster). */
  submittedAs?: ActingAs;
  submittedAt: string;
  closedAt: string | null;
  history: RequestEvent[];
}

/** What a request tells its round once its award is under way (tranche paid, reporting open). */
export interface RequestProgress {
  requestId: string;
  status: RequestStatus;
  payments: PaymentsView;
  reportingOpen: boolean;
}

/** The instruction the payment activity records. */
export interface PaymentInstruction {
  /** Stable: `<requestId>:tranche:<n>`; the ledger never pays a key twice. */
  key: string;
  roundId: string;
  requestId: string;
  seat: string;
  tranche: number;
  amountCents: number;
  reason: string;
}

/** A recorded payment instruction. */
export interface PaymentRecord extends PaymentInstruction {
  paymentId: string;
  recordedAt: string;
}
