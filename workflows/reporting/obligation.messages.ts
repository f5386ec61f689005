/**
 * Every message of the reporting-obligation workflow, declared once; the workflow sets handlers
 * for them and the API sends them. Updates validate synchronously, so a refused write is answered
 * at once and never enters the history.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ExtendObligationCommand,
  ObligationState,
  ReviewReportCommand,
  SubmitReportCommand,
  WaiveObligationCommand,
} from './obligation.types';

/** The obligation's whole record. */
export const getObligationQuery = defineQuery<ObligationState>('getObligation');

/** The owing seat submits its report. Returns the new state. */
export const submitReportUpdate = defineUpdate<ObligationState, [SubmitReportCommand]>('submitReport');

/** The secretariat accepts the submitted report, or rejects it with a new due date. */
export const reviewReportUpdate = defineUpdate<ObligationState, [ReviewReportCommand]>('reviewReport');

/** Moves the due date later, with a reason; every later reminder and escalation moves with it. */
export const extendObligationUpdate = defineUpdate<ObligationState, [ExtendObligationCommand]>(
  'extendObligation',
);

/** Waives the obligation, with a reason; nothing more is due or sent. */
export const waiveObligationUpdate = defineUpdate<ObligationState, [WaiveObligationCommand]>(
  'waiveObligation',
);
