/** `/meetings` routes: thin, each hands the caller and a validated body to the service. */
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { MeetingState } from '../../../workflows/meetings/meeting.types';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { AllowQueryToken } from '../../auth/query-token.decorator';
import { Roles } from '../../auth/roles.decorator';
import { meetingInvitation } from '../../meetings/meeting-invitation';
import { meetingsOverview, type MeetingsOverview } from '../../meetings/meetings-overview';
import { minutesPdf } from '../../meetings/minutes-pdf';
import type { IdempotencyToken } from '../common/idempotency';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import {
  AgendaDto,
  AgreeActionDto,
  AnswerInvitationDto,
  AttendanceDto,
  ConveneMeetingDto,
  DeferItemDto,
  MeetingListView,
  MeetingsOverviewView,
  MeetingView,
  MinutesDto,
  MoveMeetingDto,
  ReasonDto,
  RollCallDto,
  SessionBallotDto,
  SessionOpinionDto,
  TakeItemDto,
  WrittenProcedureDto,
} from './meeting.dto';
import { MeetingsService } from './meetings.service';

type Token = IdempotencyToken | undefined;

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Convene a meeting: time, place or link, agenda; every seat is invited' })
  @ApiResponse({ status: 201, type: MeetingView })
  convene(
    @CurrentCaller() c: Caller,
    @Body() dto: ConveneMeetingDto,
    @IdempotencyKey() t?: Token,
  ): Promise<MeetingState> {
    return this.meetings.convene(c, dto, t);
  }

  @Get()
  @ApiOperation({
    summary:
      'Meetings: upcoming (soonest first) and past (latest first); a member, those its seat is invited to',
  })
  @ApiResponse({ status: 200, type: MeetingListView })
  list(@CurrentCaller() c: Caller): Promise<MeetingListView> {
    return this.meetings.list(c);
  }

  @Get('overview')
  @Roles('secretariat', 'manager')
  @ApiOperation({
    summary:
      "The managers' meetings section: meetings ahead and their unanswered invitations, minutes awaiting approval, open actions",
  })
  @ApiResponse({ status: 200, type: MeetingsOverviewView })
  async overview(): Promise<MeetingsOverview> {
    return meetingsOverview(await this.meetings.states(), Date.now());
  }

  @Get(':id')
  @ApiOperation({ summary: 'A meeting: agenda, answers, attendance, votes in session, actions, minutes' })
  @ApiResponse({ status: 200, type: MeetingView })
  get(@CurrentCaller() c: Caller, @Param('id') id: string): Promise<MeetingState> {
    return this.meetings.getFor(c, id);
  }

  @Get(':id/invitation.ics')
  @AllowQueryToken()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiQuery({
    name: 'access_token',
    required: false,
    description: 'For calendar apps that cannot send a header',
  })
  @ApiOperation({
    summary: 'The calendar invitation: METHOD:REQUEST (SEQUENCE rises when it moves), CANCEL once cancelled',
  })
  async invitation(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<string> {
    const state = await this.meetings.getFor(c, id);
    return meetingInvitation(state, `${req.protocol}://${req.get('host')}`, 'Secretariat');
  }

  @Put(':id/agenda')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Replace the agenda (kept items by number); a reason once it is frozen' })
  @ApiResponse({ status: 200, type: MeetingView })
  agenda(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: AgendaDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.changeAgenda(c, id, dto, t);
  }

  @Post(':id/move')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the meeting, with a reason; the invitation goes out again' })
  @ApiResponse({ status: 200, type: MeetingView })
  move(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: MoveMeetingDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.move(c, id, dto, t);
  }

  @Post(':id/cancel')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the meeting, with a reason' })
  @ApiResponse({ status: 200, type: MeetingView })
  cancel(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: ReasonDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.cancel(c, id, dto, t);
  }

  @Post(':id/attendance-answers')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({
    summary: "Answer the invitation for the caller's seat: in person, online, the alternate, absent",
  })
  @ApiResponse({ status: 200, type: MeetingView })
  answer(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: AnswerInvitationDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.answer(c, id, dto, t);
  }

  @Post(':id/open')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the meeting (at most an hour before its start)' })
  @ApiResponse({ status: 200, type: MeetingView })
  open(@CurrentCaller() c: Caller, @Param('id') id: string, @IdempotencyKey() t?: Token) {
    return this.meetings.open(c, id, t);
  }

  @Put(':id/attendance')
  @Roles('secretariat')
  @ApiOperation({
    summary: 'Record who is present, for which seat and in which capacity; the quorum follows',
  })
  @ApiResponse({ status: 200, type: MeetingView })
  attendance(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: AttendanceDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.recordAttendance(c, id, dto, t);
  }

  @Post(':id/items/:n/vote')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the vote on a voted item (the attendance quorum must be met)' })
  @ApiResponse({ status: 200, type: MeetingView })
  openVote(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.openVote(c, id, n, t);
  }

  @Post(':id/items/:n/ballots')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ summary: "Cast the seat's ballot in session from the member's own device" })
  @ApiResponse({ status: 200, type: MeetingView })
  ballot(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() dto: SessionBallotDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.castBallot(c, id, n, dto, t);
  }

  @Post(':id/items/:n/roll-call')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record a seat's answer at a roll call (entered by the secretariat, on the record)",
  })
  @ApiResponse({ status: 200, type: MeetingView })
  rollCall(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() dto: RollCallDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.rollCall(c, id, n, dto, t);
  }

  @Post(':id/items/:n/close-vote')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the vote on an item: the outcome by the decision rules' })
  @ApiResponse({ status: 200, type: MeetingView })
  closeVote(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.closeVote(c, id, n, t);
  }

  @Post(':id/items/:n/opinions')
  @Roles('member')
  @HttpCode(201)
  @ApiOperation({ summary: 'An opinion on an item (seats without a vote, the chair)' })
  @ApiResponse({ status: 201, type: MeetingView })
  opinion(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() dto: SessionOpinionDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.addOpinion(c, id, n, dto, t);
  }

  @Post(':id/items/:n/take')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an information or discussion item as taken, with a note for the minutes' })
  @ApiResponse({ status: 200, type: MeetingView })
  take(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() dto: TakeItemDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.take(c, id, n, dto, t);
  }

  @Post(':id/items/:n/defer')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Defer a voted item to written procedure: opens a decision linked to the meeting',
  })
  @ApiResponse({ status: 200, type: MeetingView })
  defer(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() dto: DeferItemDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.defer(c, id, n, dto, t);
  }

  @Post(':id/actions')
  @Roles('secretariat')
  @HttpCode(201)
  @ApiOperation({
    summary: 'An action agreed: owner seat, due date; followed as a reporting obligation or a pending action',
  })
  @ApiResponse({ status: 201, type: MeetingView })
  action(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: AgreeActionDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.agreeAction(c, id, dto, t);
  }

  @Post(':id/actions/:n/done')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'A pending action agreed at the meeting is done' })
  @ApiResponse({ status: 200, type: MeetingView })
  actionDone(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.completeAction(c, id, n, t);
  }

  @Post(':id/close')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the meeting; draft minutes are written from the record' })
  @ApiResponse({ status: 200, type: MeetingView })
  close(@CurrentCaller() c: Caller, @Param('id') id: string, @IdempotencyKey() t?: Token) {
    return this.meetings.close(c, id, t);
  }

  @Put(':id/minutes')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Edit the draft minutes' })
  @ApiResponse({ status: 200, type: MeetingView })
  minutes(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: MinutesDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.editMinutes(c, id, dto, t);
  }

  @Post(':id/minutes/approve')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Put the minutes to the Board by written procedure (a decision linked to the meeting); at a later meeting, put a minutes-approval item on its agenda instead',
  })
  @ApiResponse({ status: 200, type: MeetingView })
  approve(
    @CurrentCaller() c: Caller,
    @Param('id') id: string,
    @Body() dto: WrittenProcedureDto,
    @IdempotencyKey() t?: Token,
  ) {
    return this.meetings.approveByWrittenProcedure(c, id, dto, t);
  }

  @Get(':id/minutes.pdf')
  @AllowQueryToken()
  @ApiProduces('application/pdf')
  @ApiResponse({
    status: 200,
    description: 'The minutes as PDF; before their approval, the draft, marked DRAFT on every page',
  })
  @ApiResponse({ status: 409, description: 'The meeting has not closed: it has no minutes yet' })
  @ApiQuery({ name: 'access_token', required: false, description: 'For links opened outside the pages' })
  @ApiOperation({
    summary: 'The minutes as PDF; X-Content-Hash is the SHA-256 of their text, also printed in the file',
  })
  async pdf(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const state = await this.meetings.minutesOf(id);
    const { pdf, hash } = await minutesPdf(state);
    res.setHeader('X-Content-Hash', `sha256:${hash}`);
    res.setHeader('X-Minutes-Status', state.minutes?.status ?? 'draft');
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${id}-minutes${state.minutes?.status === 'approved' ? '' : '-draft'}.pdf"`,
    });
  }
}
