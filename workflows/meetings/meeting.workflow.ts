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
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { decisionWorkflow } from '../decision/decision.workflow';
import type { DecisionInput, DecisionState } from '../decision/decision.types';
import { asFailure } from '../failures';
import { RecordProjector } from '../record/record-projector';
import { reportingObligationWorkflow } from '../reporting/obligation.workflow';
import {
  boardAwaitingKey,
  boardDueAtKey,
  boardKindKey,
  boardParentKey,
  boardStatusKey,
  boardTitleKey,
} from '../search-attributes';
import type { NotificationRequest } from '../shared/notification-request';
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

const { sendNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

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

  const write =
    <C>(apply: (cmd: C, now: number) => unknown) =>
    (cmd: C) => {
      apply(cmd, Date.now());
      return record.view();
    };

  setHandler(getMeetingQuery, () => record.view());
  setHandler(
    changeAgendaUpdate,
    write((cmd, now) => record.changeAgenda(cmd, now)),
    {
      validator: (cmd) => void asFailure(() => record.checkAgendaChange(cmd, Date.now())),
    },
  );
  setHandler(
    moveMeetingUpdate,
    write((cmd, now) => record.move(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkMove(cmd, Date.now())),
    },
  );
  setHandler(
    cancelMeetingUpdate,
    write((cmd, now) => record.cancel(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkCancel(cmd)),
    },
  );
  setHandler(
    answerInvitationUpdate,
    write((cmd, now) => record.answer(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkAnswer(cmd)),
    },
  );
  setHandler(
    openMeetingUpdate,
    write((cmd, now) => record.open(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkOpen(cmd, Date.now())),
    },
  );
  setHandler(
    recordAttendanceUpdate,
    write((cmd, now) => record.recordAttendance(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkAttendance(cmd)),
    },
  );
  setHandler(
    openVoteUpdate,
    write((cmd, now) => record.openVote(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkOpenVote(cmd)),
    },
  );
  setHandler(
    castSessionBallotUpdate,
    write((cmd, now) => record.castBallot(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkBallot(cmd)),
    },
  );
  setHandler(
    closeVoteUpdate,
    (cmd) => {
      const item = record.closeVote(cmd, Date.now());
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
    { validator: (cmd) => asFailure(() => record.checkCloseVote(cmd)) },
  );
  setHandler(
    addSessionOpinionUpdate,
    write((cmd, now) => record.addOpinion(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkOpinion(cmd)),
    },
  );
  setHandler(
    takeItemUpdate,
    write((cmd) => record.take(cmd)),
    {
      validator: (cmd) => asFailure(() => record.checkTake(cmd)),
    },
  );
  setHandler(
    deferItemUpdate,
    async (cmd) => {
      const id = record.defer(cmd, Date.now());
      const item = record.current.agenda.find((i) => i.n === cmd.item);
      if (item)
        await openDecision(deferredItemDecision(record.current, input.board, item, id, cmd.closesAt, cmd.by));
      return record.view();
    },
    { validator: (cmd) => asFailure(() => record.checkDefer(cmd, Date.now())) },
  );
  setHandler(
    agreeActionUpdate,
    async (cmd) => {
      const action = record.agreeAction(cmd, Date.now());
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
    { validator: (cmd) => asFailure(() => record.checkAction(cmd, Date.now())) },
  );
  setHandler(
    completeActionUpdate,
    write((cmd, now) => record.completeAction(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkCompleteAction(cmd)),
    },
  );
  setHandler(
    closeMeetingUpdate,
    write((cmd, now) => record.close(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkClose(cmd)),
    },
  );
  setHandler(
    editMinutesUpdate,
    write((cmd, now) => record.editMinutes(cmd, now)),
    {
      validator: (cmd) => asFailure(() => record.checkEditMinutes(cmd)),
    },
  );
  setHandler(
    approveMinutesByWrittenProcedureUpdate,
    async (cmd) => {
      const id = record.approveByWrittenProcedure(cmd, Date.now());
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
    { validator: (cmd) => asFailure(() => record.checkWrittenApproval(cmd, Date.now())) },
  );
  setHandler(minutesApprovedSignal, (signal) => record.approvedAtMeeting(signal));

  // The board's record: every change of state, projected in order (workflows/record).
  const projector = new RecordProjector('meeting');
  let published = '';
  /** Keeps the tracking search attributes in step with the record, without redundant upserts. */
  const publish = () => {
    projector.publish(record.view());
    const t = meetingTracked(record.current);
    const key = JSON.stringify([t, record.current.title]);
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: boardKindKey, value: 'meeting' },
      { key: boardTitleKey, value: record.current.title },
      { key: boardStatusKey, value: t.status },
      { key: boardAwaitingKey, value: t.awaiting },
      { key: boardDueAtKey, value: new Date(t.dueAt) },
    ]);
  };

  const notices: Promise<unknown>[] = [];
  const notify = (request: NotificationRequest) => {
    // A failed notice is on the worker's log; it never stops the meeting.
    notices.push(sendNotification(request).catch(() => undefined));
  };
  /** What has been announced: the invitation's sequence, the cancellation, the draft minutes. */
  let announced = input.carriedState ? record.current.sequence : -1;
  let minutesAnnounced = input.carriedState?.minutes != null;
  /** Seats the invitation at the current sequence went to; an observer invited later is told on its own. */
  let told = new Set(input.carriedState ? record.current.invitedSeats : []);
  const announce = () => {
    const s = record.current;
    if (s.status === 'cancelled') {
      if (announced < s.sequence) notify(cancellationNotice(s));
    } else if (s.status === 'convened' && announced < s.sequence) {
      notify(invitationNotice(s));
      told = new Set(s.invitedSeats);
    } else if (s.status === 'convened') {
      const added = s.invitedSeats.filter((seat) => !told.has(seat));
      // Runs from before this patch told nobody of an observer invited by an agenda change.
      if (added.length > 0 && patched('meeting-invites-added-observers')) {
        notify(invitationNotice(s, added));
        for (const seat of added) told.add(seat);
      }
    }
    announced = s.sequence;
    if (s.minutes && !minutesAnnounced) {
      minutesAnnounced = true;
      notify(draftMinutesNotice(s));
    }
  };

  while (!record.isFinished) {
    publish();
    announce();
    if (workflowInfo().continueAsNewSuggested && awaitingChildren === 0) {
      await Promise.all([...notices, ...pending]);
      await projector.flush();
      await condition(allHandlersFinished);
      return continueAsNew<typeof meetingWorkflow>({ ...input, carriedState: record.view() });
    }
    const version = record.version;
    await condition(() => record.version !== version);
  }
  publish();
  announce();
  await Promise.all([...notices, ...pending]);
  await condition(allHandlersFinished);
  await projector.flush();
  return record.view();
}
