/**
 * Every message of the board-meeting workflow, declared once; the workflow sets handlers for
 * them and the API sends them. Updates validate synchronously, so a refused write is answered at
 * once and never enters the history. Each write returns the meeting's new state.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AgreeActionCommand,
  AnswerInvitationCommand,
  ApproveByWrittenProcedureCommand,
  CancelMeetingCommand,
  ChangeAgendaCommand,
  CloseMeetingCommand,
  CloseVoteCommand,
  CompleteActionCommand,
  DeferItemCommand,
  EditMinutesCommand,
  MeetingState,
  MinutesApprovedSignal,
  MoveMeetingCommand,
  OpenMeetingCommand,
  OpenVoteCommand,
  RecordAttendanceCommand,
  SessionBallotCommand,
  SessionOpinionCommand,
  TakeItemCommand,
} from './meeting.types';

/** The meeting's whole record. */
export const getMeetingQuery = defineQuery<MeetingState>('getMeeting');

/** Replaces the agenda (kept items by number, new ones without); a reason once it is frozen. */
export const changeAgendaUpdate = defineUpdate<MeetingState, [ChangeAgendaCommand]>('changeAgenda');

/** Moves the meeting to another time (and place); the invitation goes out again. */
export const moveMeetingUpdate = defineUpdate<MeetingState, [MoveMeetingCommand]>('moveMeeting');

/** Cancels the meeting, with a reason. */
export const cancelMeetingUpdate = defineUpdate<MeetingState, [CancelMeetingCommand]>('cancelMeeting');

/** A seat answers its invitation: in person, online, the alternate attends, or absent. */
export const answerInvitationUpdate = defineUpdate<MeetingState, [AnswerInvitationCommand]>(
  'answerInvitation',
);

/** The secretariat opens the meeting. */
export const openMeetingUpdate = defineUpdate<MeetingState, [OpenMeetingCommand]>('openMeeting');

/** The secretariat records who is present, for which seat and in which capacity. */
export const recordAttendanceUpdate = defineUpdate<MeetingState, [RecordAttendanceCommand]>(
  'recordAttendance',
);

/** The secretariat opens the vote on an item. */
export const openVoteUpdate = defineUpdate<MeetingState, [OpenVoteCommand]>('openVote');

/** A ballot in session: from a member's own device, or entered by the secretariat at a roll call. */
export const castSessionBallotUpdate = defineUpdate<MeetingState, [SessionBallotCommand]>(
  'castSessionBallot',
);

/** The secretariat closes the vote on an item; its outcome is fixed. */
export const closeVoteUpdate = defineUpdate<MeetingState, [CloseVoteCommand]>('closeVote');

/** An opinion on an item, from a seat without a vote or the chair. */
export const addSessionOpinionUpdate = defineUpdate<MeetingState, [SessionOpinionCommand]>(
  'addSessionOpinion',
);

/** An information or discussion item taken, with what the minutes say of it. */
export const takeItemUpdate = defineUpdate<MeetingState, [TakeItemCommand]>('takeItem');

/** Defers a voted item to written procedure: a remote decision linked to the meeting. */
export const deferItemUpdate = defineUpdate<MeetingState, [DeferItemCommand]>('deferItem');

/** An action agreed in session (owner seat, due date). */
export const agreeActionUpdate = defineUpdate<MeetingState, [AgreeActionCommand]>('agreeAction');

/** A pending action agreed in session is done. */
export const completeActionUpdate = defineUpdate<MeetingState, [CompleteActionCommand]>('completeAction');

/** Closes the meeting; draft minutes are written from the record. */
export const closeMeetingUpdate = defineUpdate<MeetingState, [CloseMeetingCommand]>('closeMeeting');

/** The secretariat edits the draft minutes. */
export const editMinutesUpdate = defineUpdate<MeetingState, [EditMinutesCommand]>('editMinutes');

/** Puts the draft minutes to the Board by written procedure. */
export const approveMinutesByWrittenProcedureUpdate = defineUpdate<
  MeetingState,
  [ApproveByWrittenProcedureCommand]
>('approveMinutesByWrittenProcedure');

/** Sent by a later meeting's workflow when its Board adopts this meeting's minutes. */
export const minutesApprovedSignal = defineSignal<[MinutesApprovedSignal]>('minutesApproved');
