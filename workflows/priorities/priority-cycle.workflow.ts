/**
 * One priority-setting cycle, from the call for proposals to the end of its programme's period.
 * The proposal and ranking windows are durable timers; at the ranking close the Schulze result's
 * top N become the draft; the secretariat (after editing it, if it wants) puts the draft to the
 * Board as a child decision workflow, and puts it again after a rejection, every attempt on
 * the record. The adopted programme is in force from the period's start to its end, and takes ad
 * hoc actions, each adopted through its own decision. A configurable time before the period ends
 * the cycle opens the next one by itself: it asks its series ({@link prioritySeriesWorkflow},
 * the parent of every cycle) to start it under a deterministic id (`<series>-<n>`); this cycle
 * ends with its period, the next runs on. Each run continues as new when Temporal suggests it and once the programme is adopted,
 * so no run's history grows with the years.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { startChildDecision } from '../decision/decision-child';
import type { DecisionInput, DecisionState } from '../decision/decision.types';
import { seriesWorkflowIdFor } from '../ids';
import { bindUpdate, thenView } from '../kit/bind-update';
import { noticeSender } from '../kit/notice-sender';
import { searchAttributePublisher } from '../kit/search-attribute-publisher';
import { RecordProjector } from '../record/record-projector';
import { trackingAttributes } from '../search-attributes';
import { proposalsOpenNotice, rankingOpenNotice } from './cycle-notices';
import { PriorityCycleRecord } from './priority-cycle-record';
import {
  amendProposalUpdate,
  cycleEndedSignal,
  openNextCycleSignal,
  cancelCycleUpdate,
  changeCycleDatesUpdate,
  editDraftUpdate,
  getPriorityCycleQuery,
  proposeAdHocActionUpdate,
  submitDraftUpdate,
  submitProposalUpdate,
  submitRankingUpdate,
  withdrawProposalUpdate,
} from './priority-cycle.messages';
import { preparingStatuses, type PriorityCycleInput, type PriorityCycleState } from './priority-cycle.types';

/** Runs a priority-setting cycle; returns its final record. */
export async function priorityCycleWorkflow(input: PriorityCycleInput): Promise<PriorityCycleState> {
  const record = new PriorityCycleRecord(input, Date.now());
  /** Board decisions under way (draft attempts, ad hoc actions). */
  let inFlight = 0;
  /** Outcomes of finished decisions, applied by the main loop in the order they arrive. */
  const outcomes: DecisionState[] = [];

  const openDecision = async (decision: DecisionInput) => {
    const handle = await startChildDecision(decision);
    inFlight++;
    void handle.result().then(
      (state) => outcomes.push(state),
      // A decision that failed or was terminated counts as withdrawn: the draft goes back to drafting.
      () => outcomes.push({ id: decision.id, outcome: 'withdrawn' } as DecisionState),
    );
  };

  setHandler(getPriorityCycleQuery, () => record.view());
  bindUpdate(submitProposalUpdate, {
    check: (cmd, now) => record.checkProposal(cmd, now),
    apply: (cmd, now) => record.propose(cmd, now),
  });
  bindUpdate(amendProposalUpdate, {
    check: (cmd, now) => record.checkAmendment(cmd, now),
    apply: (cmd, now) => record.amend(cmd, now),
  });
  bindUpdate(withdrawProposalUpdate, {
    check: (cmd, now) => record.checkWithdrawal(cmd, now),
    apply: (cmd, now) => record.withdraw(cmd, now),
  });
  bindUpdate(submitRankingUpdate, {
    check: (cmd, now) => record.checkRanking(cmd, now),
    apply: thenView(record, (cmd, now) => record.rank(cmd, now)),
  });
  bindUpdate(editDraftUpdate, {
    check: (cmd, now) => record.checkDraftEdit(cmd, now),
    apply: thenView(record, (cmd, now) => record.editDraft(cmd, now)),
  });
  bindUpdate(submitDraftUpdate, {
    check: (cmd, now) => record.checkDraftSubmission(cmd, now),
    apply: async (cmd, now) => {
      await openDecision(record.submitDraft(cmd, now));
      return record.view();
    },
  });
  bindUpdate(proposeAdHocActionUpdate, {
    check: (cmd, now) => record.checkAdHocAction(cmd, now),
    apply: async (cmd, now) => {
      const { action, decision } = record.proposeAdHocAction(cmd, now);
      await openDecision(decision);
      return action;
    },
  });
  bindUpdate(cancelCycleUpdate, {
    check: (cmd, now) => record.checkCancellation(cmd, now),
    apply: thenView(record, (cmd, now) => record.cancel(cmd, now)),
  });
  bindUpdate(changeCycleDatesUpdate, {
    check: (cmd, now) => record.checkDateChange(cmd, now),
    apply: thenView(record, (cmd, now) => record.changeDates(cmd, now)),
  });

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('priority-cycle');

  // Telling every seat when proposals and the ranking open came after cycles had runs in flight.
  const notifies = patched('cycle-windows-notices');
  const notices = noticeSender(notifies);
  if (!input.carriedState && record.current.status === 'proposals')
    notices.notify(proposalsOpenNotice(record.current, input.seats));

  const publish = searchAttributePublisher(
    () => {
      const s = record.current;
      const awaiting = record.awaiting();
      const dueAt = record.dueAt();
      return {
        shows: [s.status, awaiting, dueAt],
        upsert: () => trackingAttributes({ status: s.status, awaiting, dueAt }),
      };
    },
    () => projector.publish(record.view()),
  );

  const series = () => getExternalWorkflowHandle(seriesWorkflowIdFor(input.seriesId));

  /** Asks the series to open the next cycle (it starts it under its deterministic id), once. */
  const openNextCycle = async () => {
    const next = record.nextCycleInput(Date.now());
    try {
      await series().signal(openNextCycleSignal, next);
      record.nextCycleOpened(next.id);
    } catch {
      // No series to ask (a cycle started on its own): no next cycle opens by itself.
      record.nextCycleUnavailable();
    }
  };

  // A run that began while preparing continues as new once the programme is adopted: the long
  // in-force years start from a short history.
  const preparedInThisRun = preparingStatuses.includes(record.current.status);
  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested ||
    (preparedInThisRun && !preparingStatuses.includes(record.current.status));

  for (;;) {
    publish();
    const outcome = outcomes.shift();
    if (outcome) {
      inFlight--;
      record.applyOutcome(outcome.id, outcome.outcome ?? 'withdrawn', Date.now());
      continue;
    }
    const s = record.current;
    if (s.status === 'cancelled' || s.status === 'ended') break;
    const now = Date.now();
    if (s.status === 'proposals' && now >= Date.parse(s.proposalsCloseAt)) {
      // A proposal accepted just before the deadline is applied before the window closes.
      await condition(allHandlersFinished);
      record.closeProposals();
      notices.notify(rankingOpenNotice(record.current, input.seats));
      continue;
    }
    if (s.status === 'ranking' && now >= Date.parse(s.rankingCloseAt)) {
      await condition(allHandlersFinished);
      record.closeRanking();
      continue;
    }
    if (s.status === 'adopted' && now >= Date.parse(s.startsAt)) {
      record.startProgramme();
      continue;
    }
    if (record.nextCycleDue(now)) {
      await openNextCycle();
      continue;
    }
    if (inFlight === 0 && record.periodOver(now)) {
      await condition(allHandlersFinished);
      if (outcomes.length > 0 || record.current.status === 'cancelled') continue;
      record.end(Date.parse(s.endsAt));
      continue;
    }
    if (inFlight === 0 && shouldContinueAsNew()) {
      await projector.flush();
      await notices.sent();
      await condition(allHandlersFinished);
      if (inFlight === 0 && outcomes.length === 0) {
        return continueAsNew<typeof priorityCycleWorkflow>({ ...input, carriedState: record.view() });
      }
      continue;
    }
    const version = record.version;
    // Wakes on any accepted write, a decision's outcome, or the next instant the calendar names.
    await condition(
      () => record.version !== version || outcomes.length > 0,
      Math.max(record.nextWakeAt() - Date.now(), 1),
    );
  }
  publish();
  // Only a series that has continued as new needs this; a missing series is no reason to fail.
  await series()
    .signal(cycleEndedSignal, record.current.id)
    .catch(() => undefined);
  await projector.flush();
  await notices.sent();
  await condition(allHandlersFinished);
  return record.view();
}
