/** `/decisions` routes (API.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import { idempotencyToken } from '../common/idempotency';
import {
  AddOpinionDto,
  CastBallotDto,
  DecisionView,
  ExtendDecisionDto,
  OpenDecisionDto,
  WithdrawDecisionDto,
} from './decision.dto';
import { DecisionsService } from './decisions.service';

const IdempotencyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replaying the same key and body returns the first answer',
  });

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('decisions')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post()
  @Roles('secretariat')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Open a board decision' })
  @ApiResponse({ status: 201, type: DecisionView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenDecisionDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DecisionView> {
    return this.decisions.open(caller, dto, idempotencyToken(key, caller.sub, 'POST /decisions', dto));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A decision: status, outcome, tally, ballots, opinions' })
  @ApiResponse({ status: 200, type: DecisionView })
  get(@Param('id') id: string): Promise<DecisionView> {
    return this.decisions.get(id);
  }

  @Post(':id/ballots')
  @Roles('member')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: "Cast (or change) the caller's seat's ballot" })
  @ApiResponse({ status: 200, type: DecisionView })
  castBallot(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: CastBallotDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DecisionView> {
    return this.decisions.castBallot(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /decisions/${id}/ballots`, dto),
    );
  }

  @Post(':id/opinions')
  @Roles('member')
  @HttpCode(201)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Put an opinion on the record (any seat)' })
  @ApiResponse({ status: 201, type: DecisionView })
  addOpinion(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: AddOpinionDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DecisionView> {
    return this.decisions.addOpinion(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /decisions/${id}/opinions`, dto),
    );
  }

  @Post(':id/extend')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Move the deadline later, with a reason' })
  @ApiResponse({ status: 200, type: DecisionView })
  extend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ExtendDecisionDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DecisionView> {
    return this.decisions.extend(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /decisions/${id}/extend`, dto),
    );
  }

  @Post(':id/withdraw')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Withdraw the decision, with a reason' })
  @ApiResponse({ status: 200, type: DecisionView })
  withdraw(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: WithdrawDecisionDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DecisionView> {
    return this.decisions.withdraw(
      caller,
      id,
      dto,
      idempotencyToken(key, caller.sub, `POST /decisions/${id}/withdraw`, dto),
    );
  }
}
