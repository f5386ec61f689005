/**
 * Every message of the priority-cycle workflow, declared once; the workflow sets handlers for them
 * and the API sends them. Every write is an Update whose validator refuses what the rules refuse
 * before anything reaches history; the read is a Query.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AdHocAction,
  AmendProposalCommand,
  CancelCycleCommand,
  ChangeCycleDatesCommand,
  EditDraftCommand,
  PriorityCycleInput,
  PriorityCycleState,
  Proposal,
  ProposeAdHocActionCommand,
  SubmitDraftCommand,
  SubmitProposalCommand,
  SubmitRankingCommand,
  WithdrawProposalCommand,
} from './priority-cycle.types';

/** The cycle's whole record. */
export const getPriorityCycleQuery = defineQuery<PriorityCycleState>('getPriorityCycle');

/** A seat proposes a priority while the proposal window is open. */
export const submitProposalUpdate = defineUpdate<Proposal, [SubmitProposalCommand]>('submitProposal');

/** The proposing seat amends its proposal while the proposal window is open. */
export const amendProposalUpdate = defineUpdate<Proposal, [AmendProposalCommand]>('amendProposal');

/** The proposing seat withdraws its proposal while the proposal window is open. */
export const withdrawProposalUpdate = defineUpdate<Proposal, [WithdrawProposalCommand]>('withdrawProposal');

/** A voting seat ranks the proposals while the ranking window is open; its latest ranking counts. */
export const submitRankingUpdate = defineUpdate<PriorityCycleState, [SubmitRankingCommand]>('submitRanking');

/** The secretariat replaces the draft programme (while drafting). */
export const editDraftUpdate = defineUpdate<PriorityCycleState, [EditDraftCommand]>('editDraft');

/** The secretariat puts the draft to the Board: opens a board decision on it. */
export const submitDraftUpdate = defineUpdate<PriorityCycleState, [SubmitDraftCommand]>('submitDraft');

/** The secretariat puts an ad hoc action to the Board while the programme is adopted or in force. */
export const proposeAdHocActionUpdate = defineUpdate<AdHocAction, [ProposeAdHocActionCommand]>(
  'proposeAdHocAction',
);

/** The secretariat cancels a cycle before its programme is adopted. */
export const cancelCycleUpdate = defineUpdate<PriorityCycleState, [CancelCycleCommand]>('cancelCycle');

/** The secretariat changes a cycle's windows or period, with a reason. */
export const changeCycleDatesUpdate = defineUpdate<PriorityCycleState, [ChangeCycleDatesCommand]>(
  'changeCycleDates',
);

/** Sent by a cycle to its series: open this next cycle. */
export const openNextCycleSignal = defineSignal<[PriorityCycleInput]>('openNextCycle');

/** Sent by a cycle to its series when it ends (ended or cancelled). */
export const cycleEndedSignal = defineSignal<[string]>('priorityCycleEnded');
