/** `/reporting-obligations` routes (docs/api-conventions.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { IdempotencyToken } from '../common/idempotency';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import {
  ExtendObligationDto,
  ObligationView,
  OpenObligationDto,
  ReviewReportDto,
  SubmitReportDto,
  WaiveObligationDto,
} from './obligation.dto';
import { ObligationsService } from './obligations.service';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting-obligations')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Open a reporting obligation' })
  @ApiResponse({ status: 201, type: ObligationView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenObligationDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<ObligationView> {
    return this.obligations.open(caller, dto, token);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An obligation: status, due date, reminders and escalations sent, reports, reviews',
  })
  @ApiResponse({ status: 200, type: ObligationView })
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ObligationView> {
    return this.obligations.get(caller, id);
  }

  @Post(':id/submissions')
  @Roles('member')
  @HttpCode(201)
  @ApiOperation({ summary: "Submit the owing seat's report" })
  @ApiResponse({ status: 201, type: ObligationView })
  submit(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: SubmitReportDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<ObligationView> {
    return this.obligations.submit(caller, id, dto, token);
  }

  @Post(':id/review')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept the submitted report, or reject it with a new due date' })
  @ApiResponse({ status: 200, type: ObligationView })
  review(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ReviewReportDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<ObligationView> {
    return this.obligations.review(caller, id, dto, token);
  }

  @Post(':id/extend')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the due date later, with a reason' })
  @ApiResponse({ status: 200, type: ObligationView })
  extend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ExtendObligationDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<ObligationView> {
    return this.obligations.extend(caller, id, dto, token);
  }

  @Post(':id/waive')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Waive the obligation, with a reason' })
  @ApiResponse({ status: 200, type: ObligationView })
  waive(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: WaiveObligationDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<ObligationView> {
    return this.obligations.waive(caller, id, dto, token);
  }
}
