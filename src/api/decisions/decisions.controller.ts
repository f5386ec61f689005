/** `/decisions` routes (docs/api-conventions.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { IdempotencyToken } from '../common/idempotency';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import {
  AddOpinionDto,
  CastBallotDto,
  DecisionView,
  ExtendDecisionDto,
  OpenDecisionDto,
  RespondToOpinionDto,
  WithdrawDecisionDto,
} from './decision.dto';
import { DecisionsService } from './decisions.service';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('decisions')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Open a board decision' })
  @ApiResponse({ status: 201, type: DecisionView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenDecisionDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<DecisionView> {
    return this.decisions.open(caller, dto, token);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A decision: status, outcome, tally, ballots, opinions' })
  @ApiResponse({ status: 200, type: DecisionView })
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<DecisionView> {
    return this.decisions.get(caller, id);
  }

  @Post(':id/ballots')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ summary: "Cast (or change) the caller's seat's ballot" })
  @ApiResponse({ status: 200, type: DecisionView })
  castBallot(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: CastBallotDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<DecisionView> {
    return this.decisions.castBallot(caller, id, dto, token);
  }

  @Post(':id/opinions')
  @Roles('member')
  @HttpCode(201)
  @ApiOperation({ summary: 'Put an opinion on the record (any seat)' })
  @ApiResponse({ status: 201, type: DecisionView })
  addOpinion(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: AddOpinionDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<DecisionView> {
    return this.decisions.addOpinion(caller, id, dto, token);
  }

  @Post(':id/opinions/decline')
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({
    summary: "Say that the caller's seat has no opinion to give (seats with the right to one)",
  })
  @ApiResponse({ status: 200, type: DecisionView })
  declineOpinion(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<DecisionView> {
    return this.decisions.declineOpinion(caller, id, token);
  }

  @Post(':id/opinions/:n/response')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record how the Board took account of opinion n' })
  @ApiParam({
    name: 'n',
    schema: { type: 'integer', minimum: 1 },
    description: 'The opinion, numbered from 1',
  })
  @ApiResponse({ status: 200, type: DecisionView })
  respondToOpinion(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() dto: RespondToOpinionDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<DecisionView> {
    return this.decisions.respondToOpinion(caller, id, n, dto, token);
  }

  @Post(':id/extend')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the deadline later, with a reason' })
  @ApiResponse({ status: 200, type: DecisionView })
  extend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ExtendDecisionDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<DecisionView> {
    return this.decisions.extend(caller, id, dto, token);
  }

  @Post(':id/withdraw')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the decision, with a reason' })
  @ApiResponse({ status: 200, type: DecisionView })
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: WithdrawDecisionDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<DecisionView> {
    return this.decisions.withdraw(caller, id, dto, token);
  }
}
