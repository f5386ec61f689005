/**
 * Request and response shapes of `/meetings`. Validation happens here, by the global
 * ValidationPipe; the OpenAPI document is generated from these classes. The meeting's own rules
 * (times in the future, observers that are observer seats, the freeze) are the workflow's record's.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import {
  agendaItemKinds,
  attendanceAnswers,
  presenceCapacities,
  presenceModes,
  type AgendaItemKind,
  type AttendanceAnswer,
  type PresenceCapacity,
  type PresenceMode,
} from '../../../workflows/meetings/meeting.types';
import { ballotChoices, type BallotChoice, type DecisionRule } from '../../../workflows/rules/decision-rules';
import {
  DecisionRuleField,
  Integer,
  LongText,
  OneOf,
  Optional,
  Reason,
  SeatCode,
  SeatCodes,
  TextField,
  Timestamp,
  Title,
} from '../common/fields';

export class MeetingDocumentDto {
  @Title({ example: 'Proposal' }) title!: string;
  @TextField(2000, { description: 'An http(s) link', example: 'https://docs.example/proposal.pdf' })
  url!: string;
}

export class AgendaItemDto {
  @Integer({ optional: true, min: 1, description: 'When changing the agenda: the number of an item kept' })
  n?: number;

  @Title({ example: 'Ad hoc action: Western Balkans route' }) title!: string;

  @OneOf(agendaItemKinds) kind!: AgendaItemKind;

  @TextField(300, { optional: true, description: 'Who presents it', example: 'COM1' }) presenter?: string;

  @ApiPropertyOptional({ type: [MeetingDocumentDto], maxItems: 50 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MeetingDocumentDto)
  documents?: MeetingDocumentDto[];

  @SeatCodes({ optional: true, description: 'Observer seats invited for this item', example: [] })
  observers?: string[];

  @LongText({ optional: true, description: 'For a voted item: the text put to the Board' }) text?: string;

  @DecisionRuleField() rule?: DecisionRule;

  @SeatCodes({ optional: true, description: 'For a voted item: seats recused from it', example: [] })
  recused?: string[];

  @TextField(100, {
    optional: true,
    description: 'For minutes-approval: the meeting whose minutes',
    example: 'mtg-…',
  })
  minutesOf?: string;
}

export class AgendaDto {
  @ApiProperty({ type: [AgendaItemDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  items!: AgendaItemDto[];

  @Reason({ optional: true, description: 'Required once the agenda is frozen' }) reason?: string;
}

export class ConveneMeetingDto {
  @Title({ example: 'Spring meeting of the Steering Board' }) title!: string;
  @Timestamp({ example: '2027-03-10T09:00:00Z' }) startsAt!: string;
  @Timestamp({ example: '2027-03-10T16:00:00Z' }) endsAt!: string;
  @TextField(300, { optional: true, example: 'Brussels, BERL 1/12' }) place?: string;
  @TextField(2000, { optional: true, example: 'https://meet.example/board' }) onlineLink?: string;

  @ApiProperty({ type: [AgendaItemDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda!: AgendaItemDto[];
}

export class MoveMeetingDto {
  @Timestamp() startsAt!: string;
  @Timestamp() endsAt!: string;
  @Reason() reason!: string;
  @TextField(300, { optional: true }) place?: string;
  @TextField(2000, { optional: true }) onlineLink?: string;
}

export class ReasonDto {
  @Reason() reason!: string;
}

export class AnswerInvitationDto {
  @OneOf(attendanceAnswers, { description: 'in-person, online, alternate (the alternate attends), absent' })
  answer!: AttendanceAnswer;
}

export class PresentDto {
  @SeatCode() seat!: string;
  @TextField(200, { description: "The person's id on the roster", example: 'lena-gruber' }) personId!: string;
  @OneOf(presenceCapacities) capacity!: PresenceCapacity;
  @OneOf(presenceModes) mode!: PresenceMode;
}

export class AttendanceDto {
  @ApiProperty({
    type: [PresentDto],
    maxItems: 500,
    description: 'Everyone present now (replaces the earlier list)',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PresentDto)
  present!: PresentDto[];
}

export class SessionBallotDto {
  @OneOf(ballotChoices) choice!: BallotChoice;
}

export class RollCallDto {
  @SeatCode() seat!: string;
  @OneOf(ballotChoices) choice!: BallotChoice;
}

export class SessionOpinionDto {
  @LongText() text!: string;
}

export class TakeItemDto {
  @LongText({ optional: true, description: 'What the minutes say of it' }) note?: string;
}

export class DeferItemDto {
  @Timestamp({ description: 'When the written procedure closes' }) closesAt!: string;
  @Reason() reason!: string;
}

export class AgreeActionDto {
  @LongText() text!: string;
  @SeatCode() ownerSeat!: string;
  @Timestamp() dueAt!: string;
  @Integer({ optional: true, min: 1, description: 'The agenda item it was agreed under' }) item?: number;
  @OneOf(['reporting-obligation', 'pending-action']) followUp!: 'reporting-obligation' | 'pending-action';
}

export class MinutesDto {
  @TextField(200_000) text!: string;
}

export class WrittenProcedureDto {
  @Timestamp({ description: 'When the written procedure closes' }) closesAt!: string;
}

/** The meeting as `GET /meetings/:id` shows it (the workflow's whole record). */
export class MeetingView {
  @ApiProperty({ example: 'mtg-3f2a…' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ nullable: true, type: String }) onlineLink!: string | null;
  @ApiProperty({ enum: ['convened', 'in-session', 'closed', 'approved', 'cancelled'] }) status!: string;
  @ApiProperty({ description: "The invitation's iCalendar SEQUENCE" }) sequence!: number;
  @ApiProperty({
    description: 'Agenda items with their votes, opinions and deferrals',
    type: 'array',
    items: { type: 'object' },
  })
  agenda!: unknown[];
  @ApiProperty() agendaFrozenAt!: string;
  @ApiProperty({ type: [String] }) invitedSeats!: string[];
  @ApiProperty({ type: [String], description: 'Invited seats yet to answer' }) awaitingAnswers!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) answers!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) presence!: unknown[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Voting seats present and required',
  })
  quorum!: object;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) actions!: unknown[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Draft or approved minutes',
  })
  minutes!: object | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) moves!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) agendaChanges!: unknown[];
}

/** One meeting in a list. */
export class MeetingSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [String] }) awaitingAnswers!: string[];
  @ApiProperty({ description: 'Actions agreed and still open' }) openActions!: number;
  @ApiProperty({ nullable: true, type: String }) minutesStatus!: string | null;
}

export class MeetingListView {
  @ApiProperty({ type: [MeetingSummaryView] }) upcoming!: MeetingSummaryView[];
  @ApiProperty({ type: [MeetingSummaryView] }) past!: MeetingSummaryView[];
}

/** The managers' meetings section (`GET /meetings/overview`). */
export class MeetingsOverviewView {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Meetings convened or in session, soonest first: id, title, startsAt, status, awaitingAnswers, invited',
  })
  upcoming!: unknown[];
  @ApiProperty({ description: 'Unanswered invitations over every upcoming meeting' })
  unansweredInvitations!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Closed meetings whose minutes are not approved: stage draft or written-procedure (approvalDecision)',
  })
  minutesAwaitingApproval!: unknown[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Actions agreed and still open, soonest due first, with overdue and how each is followed',
  })
  openActions!: unknown[];
}
