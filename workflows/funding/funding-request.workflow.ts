/**
 * One funding request, a child of its round, from submission to its last tranche. The round owns
 * the window and the Board's decisions and tells the request every change by signal; the request
 * keeps the history of each, and once awarded pays its tranches through the payment activity
 * (idempotent by a stable key), opens its interim and final reporting obligations as child
 * workflows, and releases the held tranche when the interim report is accepted.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../../activities';
import { searchAttributePublisher } from '../kit/search-attribute-publisher';
import { RecordProjector } from '../record/record-projector';
import type { ObligationInput } from '../reporting/obligation.types';
import { reportingObligationWorkflow } from '../reporting/obligation.workflow';
import { reportAcceptedSignal } from '../reporting/report-accepted.signal';
import { startingAttributes, trackingAttributes } from '../search-attributes';
import { FundingRequestRecord } from './funding-request-record';
import { getFundingRequestQuery, requestChangeSignal, requestProgressSignal } from './funding.messages';
import type { FundingRequestInput, FundingRequestState } from './funding.types';

const { instructPayment } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Runs a funding request; returns its final record (withdrawn, ineligible, not funded or completed). */
export async function fundingRequestWorkflow(input: FundingRequestInput): Promise<FundingRequestState> {
  const record = new FundingRequestRecord(input);

  setHandler(getFundingRequestQuery, () => record.view());
  setHandler(requestChangeSignal, (change) => record.apply(change));
  setHandler(reportAcceptedSignal, (accepted) => record.reportAccepted(accepted, Date.now()));

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('funding-request');
  const publish = searchAttributePublisher(
    () => {
      const s = record.current;
      const { seats, dueAt } = record.awaiting();
      return {
        shows: [s.status, seats, dueAt],
        upsert: () => trackingAttributes({ status: s.status, awaiting: seats, dueAt }),
      };
    },
    () => projector.publish(record.view()),
  );

  /** Obligations started by this run; the request ends only after they have (no race with their end). */
  const obligationRuns: Promise<unknown>[] = [];

  /** Opens the interim and final obligations (a retry after continue-as-new finds them started). */
  const openObligations = async () => {
    const s = record.current;
    const terms = s.terms as NonNullable<typeof s.terms>;
    for (const link of s.obligations) {
      const obligation: ObligationInput = {
        id: link.id,
        title: `${s.title}: ${link.reportKind} report (${s.roundTitle})`,
        seat: s.seat,
        dueAt: link.dueAt,
        remindBefore: [...terms.remindBefore],
        ...(terms.escalateAfter ? { escalateAfter: terms.escalateAfter } : {}),
        notify: ['secretariat'],
        openedBy: terms.decisionId,
        parentId: s.id,
        reportKind: link.reportKind,
        notifyWorkflowId: workflowInfo().workflowId,
      };
      try {
        const child = await startChild(reportingObligationWorkflow, {
          workflowId: link.id,
          args: [obligation],
          // The obligation outlives this run if the request continues as new.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: startingAttributes({
            kind: 'reporting-obligation',
            status: 'pending',
            awaiting: [s.seat],
            dueAt: link.dueAt,
            title: obligation.title,
            parent: s.id,
          }),
        });
        obligationRuns.push(child.result());
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
  };

  /** Tells the round the award is under way; a round that has ended no longer listens. */
  const tellRound = async () => {
    try {
      await getExternalWorkflowHandle(record.current.roundId).signal(
        requestProgressSignal,
        record.progress(),
      );
    } catch (err) {
      log.warn('could not tell the round of the request’s progress', { error: String(err) });
    }
  };

  while (!record.isFinished) {
    publish();
    const s = record.current;
    const tranche = record.nextDueTranche();
    if (tranche) {
      const paid = await instructPayment({
        key: tranche.paymentKey,
        roundId: s.roundId,
        requestId: s.id,
        seat: s.seat,
        tranche: tranche.n,
        amountCents: tranche.amountCents,
        reason: `${s.roundTitle}: tranche ${tranche.n} of the award to ${s.id} (${s.decisionId})`,
      });
      record.markPaid(tranche.n, paid.paymentId, Date.now());
      continue;
    }
    if (s.status === 'awarded' && !record.reportingOpen) {
      await openObligations();
      record.markReportingOpened(Date.now());
      await tellRound();
      continue;
    }
    if (record.isFulfilled) {
      // An accepted obligation signals before it returns: let it finish first.
      await Promise.all(obligationRuns);
      record.complete(Date.now());
      break;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await projector.flush();
      await condition(allHandlersFinished);
      return continueAsNew<typeof fundingRequestWorkflow>({ ...input, carriedState: record.view() });
    }
    const version = record.version;
    await condition(() => record.version !== version);
  }
  publish();
  await projector.flush();
  await condition(allHandlersFinished);
  return record.view();
}
