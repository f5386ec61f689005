/**
 * One funding round, from the call to the awards. The submission window is a durable timer; at
 * its close each request is checked for eligibility; the secretariat's allocation goes to the
 * Board as one decision (package) or one per award (per-request, requesting seat recused), each a
 * child decision workflow; a rejected or inquorate attempt returns the round to
 * `assessing`. Each request is its own child workflow holding its detail and history, so the
 * round keeps one bounded entry per request; it continues as new when Temporal suggests it. The
 * round ends, with its summary, when every request is closed and every award's reporting is open.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { DecisionState } from '../decision/decision.types';
import { startChildDecision } from '../decision/decision-child';
import { bindUpdate, thenView } from '../kit/bind-update';
import { noticeSender } from '../kit/notice-sender';
import { searchAttributePublisher } from '../kit/search-attribute-publisher';
import { RecordProjector } from '../record/record-projector';
import { startingAttributes, trackingAttributes } from '../search-attributes';
import { FundingRoundRecord } from './funding-round-record';
import { fundingRequestWorkflow } from './funding-request.workflow';
import { callOpenedNotice, seatsYetToRequest } from './round-notices';
import {
  amendFundingRequestUpdate,
  extendSubmissionUpdate,
  getFundingRoundQuery,
  proposeAllocationUpdate,
  requestChangeSignal,
  requestProgressSignal,
  submitFundingRequestUpdate,
  withdrawFundingRequestUpdate,
} from './funding.messages';
import { closedRequestStatuses, type FundingRoundInput, type FundingRoundState } from './funding.types';
import type { Dispatch } from './round-dispatch';

/** Sends each request its changes, in order per request, requests in parallel. */
async function dispatch(dispatches: Dispatch[]): Promise<void> {
  const byRequest = new Map<string, Dispatch[]>();
  for (const d of dispatches) byRequest.set(d.requestId, [...(byRequest.get(d.requestId) ?? []), d]);
  await Promise.all(
    [...byRequest.entries()].map(async ([requestId, list]) => {
      const handle = getExternalWorkflowHandle(requestId);
      for (const d of list) await handle.signal(requestChangeSignal, d.change);
    }),
  );
}

/** Runs a funding round; returns its final record with the summary. */
export async function fundingRoundWorkflow(input: FundingRoundInput): Promise<FundingRoundState> {
  const record = new FundingRoundRecord(input, Date.now());
  /** Results of the decisions of the attempt being voted on. */
  let voting: Promise<DecisionState[]> | null = null;
  /** The end of each request started by this run (settled either way: a failure is the request's own). */
  const requestRuns = new Map<string, Promise<unknown>>();

  setHandler(getFundingRoundQuery, () => record.view());
  bindUpdate(submitFundingRequestUpdate, {
    check: (cmd, now) => record.checkSubmission(cmd, now),
    apply: async (cmd, now) => {
      const { summary, created } = record.submit(cmd, now);
      if (created) {
        const s = record.current;
        const child = await startChild(fundingRequestWorkflow, {
          workflowId: summary.id,
          args: [
            {
              id: summary.id,
              roundId: s.id,
              roundTitle: s.title,
              seat: cmd.seat,
              title: cmd.title,
              amountCents: cmd.amountCents,
              priority: cmd.priority,
              description: cmd.description,
              submittedBy: cmd.by,
              ...(cmd.actingAs ? { submittedAs: cmd.actingAs } : {}),
              submittedAt: summary.submittedAt,
            },
          ],
          // Requests outlive the round (tranches wait for reports) and its continue-as-new runs.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: startingAttributes({
            kind: 'funding-request',
            status: 'submitted',
            awaiting: [],
            title: cmd.title,
            parent: s.id,
          }),
        });
        requestRuns.set(
          summary.id,
          child.result().catch(() => undefined),
        );
      }
      return summary;
    },
  });
  bindUpdate(amendFundingRequestUpdate, {
    check: (cmd, now) => record.checkAmendment(cmd, now),
    apply: async (cmd, now) => {
      const { summary, dispatch: change } = record.amend(cmd, now);
      await dispatch([change]);
      return summary;
    },
  });
  bindUpdate(withdrawFundingRequestUpdate, {
    check: (cmd, now) => record.checkWithdrawal(cmd, now),
    apply: async (cmd, now) => {
      const { summary, dispatch: change } = record.withdraw(cmd, now);
      await dispatch([change]);
      return summary;
    },
  });
  bindUpdate(extendSubmissionUpdate, {
    check: (cmd, now) => record.checkExtension(cmd, now),
    apply: thenView(record, (cmd, now) => record.extend(cmd, now)),
  });
  bindUpdate(proposeAllocationUpdate, {
    check: (cmd, now) => record.checkAllocation(cmd, now),
    apply: async (cmd, now) => {
      const { decisions, dispatches } = record.proposeAllocation(cmd, now);
      const handles = await Promise.all(decisions.map((decision) => startChildDecision(decision)));
      voting = Promise.all(handles.map((handle) => handle.result()));
      await dispatch(dispatches);
      return record.view();
    },
  });
  setHandler(requestProgressSignal, (progress) => record.recordProgress(progress));

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('funding-round');

  // The call reaching the member states (a notice at the opening, the round in the pending list of
  // every seat yet to request) came after rounds had runs in flight: those keep their commands.
  const callsReachSeats = patched('round-call-reaches-seats');
  const notices = noticeSender();
  if (callsReachSeats && !input.carriedState)
    notices.notify(callOpenedNotice(record.current, input.memberStateSeats));

  const publish = searchAttributePublisher(
    () => {
      const s = record.current;
      const attempt = s.attempts[s.attempts.length - 1];
      const dueAt =
        s.status === 'open' ? s.closesAt : s.status === 'voting' && attempt ? attempt.votingClosesAt : null;
      const awaiting = callsReachSeats ? seatsYetToRequest(s, input.memberStateSeats) : [];
      return {
        shows: callsReachSeats ? [s.status, dueAt, s.closesAt, awaiting] : [s.status, dueAt, s.closesAt],
        upsert: () => trackingAttributes({ status: s.status, awaiting, dueAt }),
      };
    },
    () => projector.publish(record.view()),
  );

  /** Continues as new when suggested (or past the input's limit); only called where no decision is in flight. */
  const maybeContinueAsNew = async () => {
    const { continueAsNewSuggested, historyLength } = workflowInfo();
    const limit = input.continueAsNewAfterEvents;
    if (!continueAsNewSuggested && !(limit !== undefined && historyLength >= limit)) return;
    await projector.flush();
    await notices.sent();
    await condition(allHandlersFinished);
    await continueAsNew<typeof fundingRoundWorkflow>({ ...input, carriedState: record.view() });
  };

  for (;;) {
    publish();
    const status = record.current.status;
    if (status === 'open') {
      await maybeContinueAsNew();
      const version = record.version;
      // Wakes on any accepted write (an extension moves the deadline) or at the deadline.
      const written = await condition(
        () => record.version !== version,
        Math.max(record.closesAtMs - Date.now(), 1),
      );
      if (written || Date.now() < record.closesAtMs) continue;
      // A submission accepted just before the deadline finishes starting its request first.
      await condition(allHandlersFinished);
      await dispatch(record.closeSubmissions(record.closesAtMs));
    } else if (status === 'assessing') {
      if (record.nothingLeftToDecide()) {
        record.settleAssessment();
        continue;
      }
      await maybeContinueAsNew();
      await condition(() => record.current.status !== 'assessing' || record.nothingLeftToDecide());
    } else if (status === 'voting') {
      await condition(() => voting !== null);
      const results = await (voting as unknown as Promise<DecisionState[]>);
      voting = null;
      const outcomes = Object.fromEntries(results.map((d) => [d.id, d.outcome ?? ('withdrawn' as const)]));
      await dispatch(record.applyOutcomes(outcomes, Date.now()));
    } else if (status === 'awarded') {
      if (record.isSettled()) {
        record.finish(Date.now());
        break;
      }
      await maybeContinueAsNew();
      const version = record.version;
      await condition(() => record.version !== version);
    } else {
      break;
    }
  }
  publish();
  if (patched('round-awaits-closed-requests')) {
    // A request the round closed (withdrawn, ineligible, not funded) ends on the round's last
    // signal to it: the round ends after it, so no closed request is still writing when the
    // round records its end (awards run on, by design). Requests started before a
    // continue-as-new belong to an earlier run and cannot be awaited here.
    const closed = record.current.requests.filter((r) => closedRequestStatuses.includes(r.status));
    await Promise.all(closed.map((r) => requestRuns.get(r.id)));
  }
  await projector.flush();
  await notices.sent();
  await condition(allHandlersFinished);
  return record.view();
}
