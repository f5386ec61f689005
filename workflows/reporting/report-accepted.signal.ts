/**
 * Sent by a reporting obligation to the workflow named in its `notifyWorkflowId` once its report is
 * accepted, or once the secretariat waives it (a funding request releases its next tranche when
 * the interim obligation is discharged either way).
 */
import { defineSignal } from '@temporalio/workflow';

export interface ReportAccepted {
  obligationId: string;
  reportKind?: string;
  /** When it was accepted (or waived). */
  acceptedAt: string;
  /** How the obligation was discharged; absent means accepted (sent before waivers were signalled). */
  outcome?: 'accepted' | 'waived';
}

export const reportAcceptedSignal = defineSignal<[ReportAccepted]>('reportAccepted');
