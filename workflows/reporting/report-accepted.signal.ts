/**
 * Sent by a reporting obligation to the workflow named in its `notifyWorkflowId` once its report is
 * accepted (a funding request releases its next tranche on the interim report's acceptance).
 */
import { defineSignal } from '@temporalio/workflow';

export interface ReportAccepted {
  obligationId: string;
  reportKind?: string;
  acceptedAt: string;
}

export const reportAcceptedSignal = defineSignal<[ReportAccepted]>('reportAccepted');
