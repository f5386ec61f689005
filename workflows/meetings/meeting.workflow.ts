/**
 * One board meeting, from convening to approved minutes. Every write arrives as an Update whose
 * validator refuses what the rules refuse before anything is written to history. The meeting
 * opens the decisions it needs as children it does not own (an item deferred to written
 * procedure, the minutes put to written procedure), follows actions agreed as reporting
 * obligations, and tells the earlier meeting when its Board adopts that meeting's minutes.
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
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { decisionWorkflow } from '../decision/decision.workflow';
import type { DecisionInput, DecisionState } from '../decision/decision.types';
import { bindUpdate, thenView } from '../kit/bind-update';
import { noticeSender } from '../kit/notice-sender';
import { searchAttributePublisher } from '../kit/search-attribute-publisher';
import { RecordProjector } from '../record/record-projector';
import { reportingObligationWorkflow } from '../reporting/obligation.workflow';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardParentKey,
  boardStatusKey,
  boardTitleKey,
  trackingAttributes,
} from '../search-attributes';
import { deferredItemDecision, minutesDecision } from './meeting-decisions';
import { cancellationNotice, draftMinutesNotice, invitationNotice } from './meeting-notices';
import { MeetingRecord } from './meeting-record';
import { meetingTracked } from './meeting-tracking';
import {
  addSessionOpinionUpdate,
  agreeActionUpdate,
  answerInvitationUpdate,
  approveMinutesByWrittenProcedureUpdate,
  cancelMeetingUpdate,
  castSessionBallotUpdate,
  changeAgendaUpdate,
  closeMeetingUpdate,
  closeVoteUpdate,
  completeActionUpdate,
  deferItemUpdate,
  editMinutesUpdate,
  getMeetingQuery,
  minutesApprovedSignal,
  moveMeetingUpdate,
  openMeetingUpdate,
  openVoteUpdate,
  recordAttendanceUpdate,
  takeItemUpdate,
} from './meeting.messages';
import type { MeetingInput, MeetingState } from './meeting.types';

/** Runs a board meeting; returns its final record. */
export async function meetingWorkflow(input: MeetingInput): Promise<MeetingState> {
  const record = new MeetingRecord(input, Date.now());
  /** Children whose result the meeting waits for (the minutes' written procedure). */
  let awaitingChildren = 0;
  /** Child starts and signals under way, awaited before the run ends. */
  const pending: Promise<unknown>[] = [];

  const openDecision = async (
    decision: DecisionInput,
  ): Promise<ChildWorkflowHandle<typeof decisionWorkflow>> =>
    startChild(decisionWorkflow, {
      workflowId: decision.id,
      args: [decision],
      // The decision outlives the meeting's run: it is the Board's, linked by its parent id.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: boardKindKey, value: 'decision' },
        { key: boardStatusKey, value: 'open' },
        { key: boardAwaitingKey, value: decision.rule === 'silence' ? [] : decision.electorate },
        { key: boardDueAtKey, value: new Date(decision.closesAt) },
        { key: boardTitleKey, value: decision.title },
        { key: boardParentKey, value: input.id },
      ],
    });

  setHandler(getMeetingQuery, () => record.view());
  bindUpdate(changeAgendaUpdate, {
    check: (cmd, now) => record.checkAgendaChange(cmd, now),
    apply: thenView(record, (cmd, now) => record.changeAgenda(cmd, now)),
  });
  bindUpdate(moveMeetingUpdate, {
    check: (cmd, now) => record.checkMove(cmd, now),
    apply: thenView(record, (cmd, now) => record.move(cmd, now)),
  });
  bindUpdate(cancelMeetingUpdate, {
    check: (cmd) => record.checkCancel(cmd),
    apply: thenView(record, (cmd, now) => record.cancel(cmd, now)),
  });
  bindUpdate(answerInvitationUpdate, {
    check: (cmd) => record.checkAnswer(cmd),
    apply: thenView(record, (cmd, now) => record.answer(cmd, now)),
  });
  bindUpdate(openMeetingUpdate, {
    check: (cmd, now) => record.checkOpen(cmd, now),
    apply: thenView(record, (cmd, now) => record.open(cmd, now)),
  });
  bindUpdate(recordAttendanceUpdate, {
    check: (cmd) => record.checkAttendance(cmd),
    apply: thenView(record, (cmd, now) => record.recordAttendance(cmd, now)),
  });
  bindUpdate(openVoteUpdate, {
    check: (cmd) => record.checkOpenVote(cmd),
    apply: thenView(record, (cmd, now) => record.openVote(cmd, now)),
  });
  bindUpdate(castSessionBallotUpdate, {
    check: (cmd) => record.checkBallot(cmd),
    apply: thenView(record, (cmd, now) => record.castBallot(cmd, now)),
  });
  bindUpdate(closeVoteUpdate, {
    check: (cmd) => record.checkCloseVote(cmd),
    apply: (cmd, now) => {
      const item = record.closeVote(cmd, now);
      // The Board adopted an earlier meeting's minutes: that meeting fixes them.
      if (item.kind === 'minutes-approval' && item.minutesOf && item.vote?.outcome === 'adopted') {
        const signal = { meetingId: input.id, item: item.n, at: item.vote.closedAt as string };
        // An earlier meeting that no longer runs has nothing to fix; the adoption is on this record.
        pending.push(
          getExternalWorkflowHandle(item.minutesOf)
            .signal(minutesApprovedSignal, signal)
            .catch(() => undefined),
        );
      }
      return record.view();
    },
  });
  bindUpdate(addSessionOpinionUpdate, {
    check: (cmd) => record.checkOpinion(cmd),
    apply: thenView(record, (cmd, now) => record.addOpinion(cmd, now)),
  });
  bindUpdate(takeItemUpdate, {
    check: (cmd) => record.checkTake(cmd),
    apply: thenView(record, (cmd) => record.take(cmd)),
  });
  bindUpdate(deferItemUpdate, {
    check: (cmd, now) => record.checkDefer(cmd, now),
    apply: async (cmd, now) => {
      const id = record.defer(cmd, now);
      const item = record.current.agenda.find((i) => i.n === cmd.item);
      if (item)
        await openDecision(deferredItemDecision(record.current, input.board, item, id, cmd.closesAt, cmd.by));
      return record.view();
    },
  });
  bindUpdate(agreeActionUpdate, {
    check: (cmd, now) => record.checkAction(cmd, now),
    apply: async (cmd, now) => {
      const action = record.agreeAction(cmd, now);
      if (action.obligationId) {
        await startChild(reportingObligationWorkflow, {
          workflowId: action.obligationId,
          args: [
            {
              id: action.obligationId,
              title: action.text,
              seat: action.ownerSeat,
              dueAt: action.dueAt,
              remindBefore: ['P7D'],
              escalateAfter: 'P1D',
              escalateEvery: 'P7D',
              notify: ['secretariat'],
              openedBy: cmd.by,
              parentId: input.id,
              reportKind: 'meeting action',
            },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      }
      return record.view();
    },
  });
  bindUpdate(completeActionUpdate, {
    check: (cmd) => record.checkCompleteAction(cmd),
    apply: thenView(record, (cmd, now) => record.completeAction(cmd, now)),
  });
  bindUpdate(closeMeetingUpdate, {
    check: (cmd) => record.checkClose(cmd),
    apply: thenView(record, (cmd, now) => record.close(cmd, now)),
  });
  bindUpdate(editMinutesUpdate, {
    check: (cmd) => record.checkEditMinutes(cmd),
    apply: thenView(record, (cmd, now) => record.editMinutes(cmd, now)),
  });
  bindUpdate(approveMinutesByWrittenProcedureUpdate, {
    check: (cmd, now) => record.checkWrittenApproval(cmd, now),
    apply: async (cmd, now) => {
      const id = record.approveByWrittenProcedure(cmd, now);
      const handle = await openDecision(
        minutesDecision(record.current, input.board, id, cmd.closesAt, cmd.by),
      );
      awaitingChildren++;
      void handle.result().then(
        (state: DecisionState) => {
          awaitingChildren--;
          record.writtenProcedureEnded(id, state.outcome === 'adopted', Date.now());
        },
        // A decision that failed or was terminated approves nothing: the minutes return to draft.
        () => {
          awaitingChildren--;
          record.writtenProcedureEnded(id, false, Date.now());
        },
      );
      return record.view();
    },
  });
  setHandler(minutesApprovedSignal, (signal) => record.approvedAtMeeting(signal));

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('meeting');
  /** Keeps the tracking search attributes in step with the record, without redundant upserts. */
  const publish = searchAttributePublisher(
    () => {
      const t = meetingTracked(record.current);
      const title = record.current.title;
      return {
        shows: [t, title],
        upsert: () => [
          { key: boardKindKey, value: 'meeting' },
          { key: boardTitleKey, value: title },
          ...trackingAttributes(t),
        ],
      };
    },
    () => projector.publish(record.view()),
  );

  // A failed notice is on the worker's log; it never stops the meeting.
  const notices = noticeSender();
  /** What has been announced: the invitation's sequence, the cancellation, the draft minutes. */
  let announced = input.carriedState ? record.current.sequence : -1;
  let minutesAnnounced = input.carriedState?.minutes != null;
  /** Seats the invitation at the current sequence went to; an observer invited later is told on its own. */
  let told = new Set(input.carriedState ? record.current.invitedSeats : []);
  const announce = () => {
    const s = record.current;
    if (s.status === 'cancelled') {
      if (announced < s.sequence) notices.notify(cancellationNotice(s));
    } else if (s.status === 'convened' && announced < s.sequence) {
      notices.notify(invitationNotice(s));
      told = new Set(s.invitedSeats);
    } else if (s.status === 'convened') {
      const added = s.invitedSeats.filter((seat) => !told.has(seat));
      // Runs from before this patch told nobody of an observer invited by an agenda change.
      if (added.length > 0 && patched('meeting-invites-added-observers')) {
        notices.notify(invitationNotice(s, added));
        for (const seat of added) told.add(seat);
      }
    }
    announced = s.sequence;
    if (s.minutes && !minutesAnnounced) {
      minutesAnnounced = true;
      notices.notify(draftMinutesNotice(s));
    }
  };

  while (!record.isFinished) {
    publish();
    announce();
    if (workflowInfo().continueAsNewSuggested && awaitingChildren === 0) {
      await Promise.all([notices.sent(), ...pending]);
      await projector.flush();
      await condition(allHandlersFinished);
      return continueAsNew<typeof meetingWorkflow>({ ...input, carriedState: record.view() });
    }
    const version = record.version;
    await condition(() => record.version !== version);
  }
  publish();
  announce();
  await Promise.all([notices.sent(), ...pending]);
  await condition(allHandlersFinished);
  await projector.flush();
  return record.view();
}
