/** `/priority-cycles` and `/work-programme` routes (docs/api-conventions.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { IdempotencyToken } from '../common/idempotency';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
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

@ApiTags('priorities')
@ApiBearerAuth()
@Controller('priority-cycles')
export class PriorityCyclesController {
  constructor(private readonly priorities: PrioritiesService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({
    summary: 'Open a priority-setting cycle: period, proposal and ranking windows, the rule for adoption',
  })
  @ApiResponse({ status: 201, type: CycleView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenCycleDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<CycleView> {
    return this.priorities.openCycle(caller, dto, token);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A cycle: status, proposals, rankings, ranked result, draft, attempts, programme',
  })
  @ApiResponse({ status: 200, type: CycleView })
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<CycleView> {
    return this.priorities.getCycle(caller, id);
  }

  @Post(':id/proposals')
  @Roles('member')
  @ApiOperation({ summary: "Propose a priority for the caller's seat while the proposal window is open" })
  @ApiResponse({ status: 201, type: ProposalView })
  propose(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ProposalDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ) {
    return this.priorities.propose(caller, id, dto, token);
  }

  @Post(':id/proposals/:proposalId/amend')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'The proposing seat amends its proposal while the proposal window is open' })
  @ApiResponse({ status: 200, type: ProposalView })
  amend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Param('proposalId') proposalId: string,
    @Body() dto: AmendProposalDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ) {
    return this.priorities.amend(caller, id, proposalId, dto, token);
  }

  @Post(':id/proposals/:proposalId/withdraw')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'The proposing seat withdraws its proposal while the proposal window is open' })
  @ApiResponse({ status: 200, type: ProposalView })
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Param('proposalId') proposalId: string,
    @Body() dto: WithdrawProposalDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ) {
    return this.priorities.withdraw(caller, id, proposalId, dto, token);
  }

  @Post(':id/rankings')
  @Roles('member')
  @ApiOperation({ summary: "The caller's voting seat ranks the proposals; its latest ranking counts" })
  @ApiResponse({ status: 201, type: CycleView })
  rank(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: RankingDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<CycleView> {
    return this.priorities.rank(caller, id, dto, token);
  }

  @Post(':id/draft')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the draft programme (after the ranking, before or between Board votes)' })
  @ApiResponse({ status: 200, type: CycleView })
  editDraft(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: EditDraftDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<CycleView> {
    return this.priorities.editDraft(caller, id, dto, token);
  }

  @Post(':id/draft/submit')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Put the draft programme to the Board: opens a board decision on it' })
  @ApiResponse({ status: 201, type: CycleView })
  submitDraft(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<CycleView> {
    return this.priorities.submitDraft(caller, id, token);
  }

  @Post(':id/ad-hoc-actions')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Put an ad hoc action to the Board; adopted, it joins the programme' })
  @ApiResponse({ status: 201, type: AdHocActionView })
  adHoc(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: AdHocActionDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ) {
    return this.priorities.adHocAction(caller, id, dto, token);
  }

  @Post(':id/cancel')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a cycle whose programme is not yet adopted, with a reason' })
  @ApiResponse({ status: 200, type: CycleView })
  cancel(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: CancelCycleDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<CycleView> {
    return this.priorities.cancel(caller, id, dto, token);
  }

  @Post(':id/dates')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a cycle's windows (before they close) or period, with a reason" })
  @ApiResponse({ status: 200, type: CycleView })
  changeDates(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ChangeDatesDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<CycleView> {
    return this.priorities.changeDates(caller, id, dto, token);
  }
}

/** `-MM-DD` of a day in `?period=`. */
const MONTH_DAY = '(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])';

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
    schema: { type: 'string', pattern: `^[0-9]{4}(?:-${MONTH_DAY}(?:/[0-9]{4}-${MONTH_DAY})?)?$` },
  })
  @ApiResponse({ status: 200, type: WorkProgrammeView })
  @ApiResponse({ status: 404, description: 'No adopted work programme is in force (or for that period)' })
  get(@Query('period') period?: string) {
    return this.priorities.workProgramme(period);
  }
}
