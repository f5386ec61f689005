/**
 * Every message of the board-decision workflow, declared once; the workflow sets handlers for
 * them and the API sends them. Updates validate synchronously, so a refused ballot is answered
 * at once and never enters the history.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AddOpinionCommand,
  CastBallotCommand,
  DecisionState,
  DeclineOpinionCommand,
  RespondToOpinionCommand,
  ExtendDecisionCommand,
  WithdrawDecisionCommand,
} from './decision.types';

/** The decision's whole record. */
export const getDecisionQuery = defineQuery<DecisionState>('getDecision');

/** A seat's ballot; replaces the seat's earlier one. Returns the new state. */
export const castBallotUpdate = defineUpdate<DecisionState, [CastBallotCommand]>('castBallot');

/** An opinion on the record (any seat; the voice of non-voting seats). */
export const addOpinionUpdate = defineUpdate<DecisionState, [AddOpinionCommand]>('addOpinion');

/** A seat with the right to an opinion says it has none; its opinion is no longer awaited. */
export const declineOpinionUpdate = defineUpdate<DecisionState, [DeclineOpinionCommand]>('declineOpinion');

/** The secretariat records how the Board took account of an opinion. */
export const respondToOpinionUpdate = defineUpdate<DecisionState, [RespondToOpinionCommand]>(
  'respondToOpinion',
);

/** Moves the deadline later, with a reason. */
export const extendDecisionUpdate = defineUpdate<DecisionState, [ExtendDecisionCommand]>('extendDecision');

/** Withdraws the decision, with a reason; its outcome becomes `withdrawn`. */
export const withdrawDecisionUpdate = defineUpdate<DecisionState, [WithdrawDecisionCommand]>(
  'withdrawDecision',
);
