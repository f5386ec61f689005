/**
 * Every message of the funding-round and funding-request workflows, declared once; the workflows
 * set handlers for them and the API (or the other workflow) sends them. Writes from people are
 * Updates on the round, which owns the window and the phase: their validators refuse what the
 * rules refuse before anything reaches history, and the round forwards each accepted change to
 * the request's own workflow, which keeps its history.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AmendRequestCommand,
  ExtendSubmissionCommand,
  FundingRequestState,
  FundingRoundState,
  ProposeAllocationCommand,
  RequestChange,
  RequestProgress,
  RequestSummary,
  SubmitRequestCommand,
  WithdrawRequestCommand,
} from './funding.types';

/** The round's whole record. */
export const getFundingRoundQuery = defineQuery<FundingRoundState>('getFundingRound');

/** A member-state seat submits a request while the window is open; starts the request's workflow. */
export const submitFundingRequestUpdate = defineUpdate<RequestSummary, [SubmitRequestCommand]>(
  'submitFundingRequest',
);

/** The submitting seat amends its request while the window is open. */
export const amendFundingRequestUpdate = defineUpdate<RequestSummary, [AmendRequestCommand]>(
  'amendFundingRequest',
);

/** The submitting seat withdraws its request before the round decides. */
export const withdrawFundingRequestUpdate = defineUpdate<RequestSummary, [WithdrawRequestCommand]>(
  'withdrawFundingRequest',
);

/** The secretariat moves the end of the submission window later, with a reason, before it closes. */
export const extendSubmissionUpdate = defineUpdate<FundingRoundState, [ExtendSubmissionCommand]>(
  'extendSubmission',
);

/** The secretariat proposes an allocation; the round puts it to the Board. */
export const proposeAllocationUpdate = defineUpdate<FundingRoundState, [ProposeAllocationCommand]>(
  'proposeAllocation',
);

/** Sent by a request to its round once its award is under way. */
export const requestProgressSignal = defineSignal<[RequestProgress]>('fundingRequestProgress');

/** The request's whole record and history. */
export const getFundingRequestQuery = defineQuery<FundingRequestState>('getFundingRequest');

/** Sent by a round to one of its requests: a change to put on the request's record. */
export const requestChangeSignal = defineSignal<[RequestChange]>('fundingRequestChange');
