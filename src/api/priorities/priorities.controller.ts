/** `/priority-cycles` and `/work-programme` routes (API.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import { idempotencyToken } from '../common/idempotency';
import {
  AdHocActionDto,
  AdHocActionView,
  AmendProposalDto,
  CancelCycleDto,
  ChangeDatesDto,
  CycleView,
  EditDraftDto,
  OpenCycleDto,
  ProposalDto,
  ProposalView,
  RankingDto,
  WithdrawProposalDto,
  WorkProgrammeView,
} from './priorities.dto';
import { PrioritiesService } from './priorities.service';

const IdempotencyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replaying the same key and body returns the first answer',
  });

@ApiTags('priorities')
@ApiBearerAuth()
@Controller('priority-cycles')
export class PriorityCyclesController {
  constructor(private readonly priorities: PrioritiesService) {}

  @Post()
  @Roles('secretariat')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Open a priority-setting cycle: period, proposal and ranking windows, the rule for adoption',
  })
  @ApiResponse({ status: 201, type: CycleView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenCycleDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<CycleView> {
    return this.priorities.openCycle(
      caller,
      dto,
      idempotencyToken(key, caller.sub, 'POST /priority-cycles', dto),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A cycle: status, proposals, rankings, ranked result, draft, attempts, programme',
  })
  @ApiResponse({ status: 200, type: CycleView })
  get(@Param('id') id: string): Promise<CycleView> {
    return this.priorities.getCycle(id);
  }

  @Post(':id/proposals')
  @Roles('member')
  @IdempotencyHeader()
  @ApiOperation({ summary: "Propose a priority for the caller's seat while the proposal window is open" })
  @ApiResponse({ status: 201, type: ProposalView })
  propose(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ProposalDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.priorities.propose(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /priority-cycles/${id}/proposals`, dto),
    );
  }

  @Post(':id/proposals/:proposalId/amend')
  @Roles('member')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'The proposing seat amends its proposal while the proposal window is open' })
  @ApiResponse({ status: 200, type: ProposalView })
  amend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Param('proposalId') proposalId: string,
    @Body() dto: AmendProposalDto,
    @Headers('idempotency-key') key?: string,
  ) {
    const route = `POST /priority-cycles/${id}/proposals/${proposalId}/amend`;
    return this.priorities.amend(caller, id, proposalId, dto, idempotencyToken(key, caller.sub, route, dto));
  }

  @Post(':id/proposals/:proposalId/withdraw')
  @Roles('member')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'The proposing seat withdraws its proposal while the proposal window is open' })
  @ApiResponse({ status: 200, type: ProposalView })
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Param('proposalId') proposalId: string,
    @Body() dto: WithdrawProposalDto,
    @Headers('idempotency-key') key?: string,
  ) {
    const route = `POST /priority-cycles/${id}/proposals/${proposalId}/withdraw`;
    return this.priorities.withdraw(
      caller,
      id,
      proposalId,
      dto,
      idempotencyToken(key, caller.sub, route, dto),
    );
  }

  @Post(':id/rankings')
  @Roles('member')
  @IdempotencyHeader()
  @ApiOperation({ summary: "The caller's voting seat ranks the proposals; its latest ranking counts" })
  @ApiResponse({ status: 201, type: CycleView })
  rank(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: RankingDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<CycleView> {
    return this.priorities.rank(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /priority-cycles/${id}/rankings`, dto),
    );
  }

  @Post(':id/draft')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Replace the draft programme (after the ranking, before or between Board votes)' })
  @ApiResponse({ status: 200, type: CycleView })
  editDraft(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: EditDraftDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<CycleView> {
    return this.priorities.editDraft(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /priority-cycles/${id}/draft`, dto),
    );
  }

  @Post(':id/draft/submit')
  @Roles('secretariat')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Put the draft programme to the Board: opens a board decision on it' })
  @ApiResponse({ status: 201, type: CycleView })
  submitDraft(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<CycleView> {
    return this.priorities.submitDraft(
      caller,
      id,
      idempotencyToken(key, caller.sub, `POST /priority-cycles/${id}/draft/submit`, {}),
    );
  }

  @Post(':id/ad-hoc-actions')
  @Roles('secretariat')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Put an ad hoc action to the Board; adopted, it joins the programme' })
  @ApiResponse({ status: 201, type: AdHocActionView })
  adHoc(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: AdHocActionDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.priorities.adHocAction(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /priority-cycles/${id}/ad-hoc-actions`, dto),
    );
  }

  @Post(':id/cancel')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Cancel a cycle whose programme is not yet adopted, with a reason' })
  @ApiResponse({ status: 200, type: CycleView })
  cancel(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: CancelCycleDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<CycleView> {
    return this.priorities.cancel(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /priority-cycles/${id}/cancel`, dto),
    );
  }

  @Post(':id/dates')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: "Change a cycle's windows (before they close) or period, with a reason" })
  @ApiResponse({ status: 200, type: CycleView })
  changeDates(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ChangeDatesDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<CycleView> {
    return this.priorities.changeDates(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /priority-cycles/${id}/dates`, dto),
    );
  }
}

@ApiTags('priorities')
@ApiBearerAuth()
@Controller('work-programme')
export class WorkProgrammeController {
  constructor(private readonly priorities: PrioritiesService) {}

  @Get()
  @ApiOperation({ summary: 'The adopted work programme in force, or for another period' })
  @ApiQuery({
    name: 'period',
    required: false,
    description: 'A year (2027), a day (2027-06-30) or a period (2027-01-01/2028-12-31)',
  })
  @ApiResponse({ status: 200, type: WorkProgrammeView })
  @ApiResponse({ status: 404, description: 'No adopted work programme is in force (or for that period)' })
  get(@Query('period') period?: string) {
    return this.priorities.workProgramme(period);
  }
}
