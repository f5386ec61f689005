/** `/funding-rounds` and `/funding-requests` routes (API.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import { idempotencyToken } from '../common/idempotency';
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

const IdempotencyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replaying the same key and body returns the first answer',
  });

@ApiTags('funding')
@ApiBearerAuth()
@Controller('funding-rounds')
export class FundingRoundsController {
  constructor(private readonly funding: FundingService) {}

  @Post()
  @Roles('secretariat')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Open a funding round: envelope, submission window, priorities, how the Board decides',
  })
  @ApiResponse({ status: 201, type: RoundView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenRoundDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RoundView> {
    return this.funding.openRound(
      caller,
      dto,
      idempotencyToken(key, caller.sub, 'POST /funding-rounds', dto),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'A round: status, envelope, requests, allocation attempts, payments, summary' })
  @ApiResponse({ status: 200, type: RoundView })
  get(@Param('id') id: string): Promise<RoundView> {
    return this.funding.getRound(id);
  }

  @Post(':id/requests')
  @Roles('member')
  @IdempotencyHeader()
  @ApiOperation({ summary: "Submit a request for the caller's member-state seat while the window is open" })
  @ApiResponse({ status: 201, type: RequestSummaryView })
  submit(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: SubmitRequestDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RequestSummaryView> {
    return this.funding.submit(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /funding-rounds/${id}/requests`, dto),
    );
  }

  @Post(':id/extend')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Move the end of the submission window later, with a reason, before it closes' })
  @ApiResponse({ status: 200, type: RoundView })
  extend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ExtendSubmissionDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RoundView> {
    return this.funding.extend(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /funding-rounds/${id}/extend`, dto),
    );
  }

  @Post(':id/allocation')
  @Roles('secretariat')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Propose an allocation; opens the Board decision on it (422 when a rule refuses it)',
  })
  @ApiResponse({ status: 201, type: RoundView })
  propose(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ProposeAllocationDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RoundView> {
    return this.funding.propose(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /funding-rounds/${id}/allocation`, dto),
    );
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
  get(@Param('id') id: string): Promise<RequestView> {
    return this.funding.getRequest(id);
  }

  @Post(':id/amend')
  @Roles('member')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'The submitting seat amends its request while the window is open' })
  @ApiResponse({ status: 200, type: RequestSummaryView })
  amend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: AmendRequestDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RequestSummaryView> {
    return this.funding.amend(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /funding-requests/${id}/amend`, dto),
    );
  }

  @Post(':id/withdraw')
  @Roles('member')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'The submitting seat withdraws its request before the round decides' })
  @ApiResponse({ status: 200, type: RequestSummaryView })
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: WithdrawRequestDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RequestSummaryView> {
    return this.funding.withdraw(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /funding-requests/${id}/withdraw`, dto),
    );
  }
}
