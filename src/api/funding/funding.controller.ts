/** `/funding-rounds` and `/funding-requests` routes (docs/api-conventions.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { IdempotencyToken } from '../common/idempotency';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import {
  AmendRequestDto,
  ExtendSubmissionDto,
  OpenRoundDto,
  ProposeAllocationDto,
  RequestSummaryView,
  RequestView,
  RoundView,
  SubmitRequestDto,
  WithdrawRequestDto,
} from './funding.dto';
import { FundingService } from './funding.service';

@ApiTags('funding')
@ApiBearerAuth()
@Controller('funding-rounds')
export class FundingRoundsController {
  constructor(private readonly funding: FundingService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({
    summary: 'Open a funding round: envelope, submission window, priorities, how the Board decides',
  })
  @ApiResponse({ status: 201, type: RoundView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenRoundDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<RoundView> {
    return this.funding.openRound(caller, dto, token);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A round: status, envelope, requests, allocation attempts, payments, summary' })
  @ApiResponse({ status: 200, type: RoundView })
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<RoundView> {
    return this.funding.getRound(caller, id);
  }

  @Post(':id/requests')
  @Roles('member')
  @ApiOperation({ summary: "Submit a request for the caller's member-state seat while the window is open" })
  @ApiResponse({ status: 201, type: RequestSummaryView })
  submit(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: SubmitRequestDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<RequestSummaryView> {
    return this.funding.submit(caller, id, dto, token);
  }

  @Post(':id/extend')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the end of the submission window later, with a reason, before it closes' })
  @ApiResponse({ status: 200, type: RoundView })
  extend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ExtendSubmissionDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<RoundView> {
    return this.funding.extend(caller, id, dto, token);
  }

  @Post(':id/allocation')
  @Roles('secretariat')
  @ApiOperation({
    summary: 'Propose an allocation; opens the Board decision on it (422 when a rule refuses it)',
  })
  @ApiResponse({ status: 201, type: RoundView })
  propose(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ProposeAllocationDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<RoundView> {
    return this.funding.propose(caller, id, dto, token);
  }
}

@ApiTags('funding')
@ApiBearerAuth()
@Controller('funding-requests')
export class FundingRequestsController {
  constructor(private readonly funding: FundingService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A request: its state, tranches, reporting obligations and history' })
  @ApiResponse({ status: 200, type: RequestView })
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<RequestView> {
    return this.funding.getRequest(caller, id);
  }

  @Post(':id/amend')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'The submitting seat amends its request while the window is open' })
  @ApiResponse({ status: 200, type: RequestSummaryView })
  amend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: AmendRequestDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<RequestSummaryView> {
    return this.funding.amend(caller, id, dto, token);
  }

  @Post(':id/withdraw')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'The submitting seat withdraws its request before the round decides' })
  @ApiResponse({ status: 200, type: RequestSummaryView })
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: WithdrawRequestDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<RequestSummaryView> {
    return this.funding.withdraw(caller, id, dto, token);
  }
}
