/** `/reporting-obligations` routes (API.md): thin, each hands the caller and a validated body to the service. */
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import { idempotencyToken } from '../common/idempotency';
import {
  ExtendObligationDto,
  ObligationView,
  OpenObligationDto,
  ReviewReportDto,
  SubmitReportDto,
  WaiveObligationDto,
} from './obligation.dto';
import { ObligationsService } from './obligations.service';

const IdempotencyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Replaying the same key and body returns the first answer',
  });

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting-obligations')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  @Post()
  @Roles('secretariat')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Open a reporting obligation' })
  @ApiResponse({ status: 201, type: ObligationView })
  open(
    @CurrentCaller() caller: Caller,
    @Body() dto: OpenObligationDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<ObligationView> {
    return this.obligations.open(
      caller,
      dto,
      idempotencyToken(key, caller.sub, 'POST /reporting-obligations', dto),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An obligation: status, due date, reminders and escalations sent, reports, reviews',
  })
  @ApiResponse({ status: 200, type: ObligationView })
  get(@Param('id') id: string): Promise<ObligationView> {
    return this.obligations.get(id);
  }

  @Post(':id/submissions')
  @Roles('member')
  @HttpCode(201)
  @IdempotencyHeader()
  @ApiOperation({ summary: "Submit the owing seat's report" })
  @ApiResponse({ status: 201, type: ObligationView })
  submit(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: SubmitReportDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<ObligationView> {
    const route = `POST /reporting-obligations/${id}/submissions`;
    return this.obligations.submit(caller, id, dto, idempotencyToken(key, caller.sub, route, dto));
  }

  @Post(':id/review')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Accept the submitted report, or reject it with a new due date' })
  @ApiResponse({ status: 200, type: ObligationView })
  review(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ReviewReportDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<ObligationView> {
    const route = `POST /reporting-obligations/${id}/review`;
    return this.obligations.review(caller, id, dto, idempotencyToken(key, caller.sub, route, dto));
  }

  @Post(':id/extend')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Move the due date later, with a reason' })
  @ApiResponse({ status: 200, type: ObligationView })
  extend(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: ExtendObligationDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<ObligationView> {
    const route = `POST /reporting-obligations/${id}/extend`;
    return this.obligations.extend(caller, id, dto, idempotencyToken(key, caller.sub, route, dto));
  }

  @Post(':id/waive')
  @Roles('secretariat')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Waive the obligation, with a reason' })
  @ApiResponse({ status: 200, type: ObligationView })
  waive(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: WaiveObligationDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<ObligationView> {
    const route = `POST /reporting-obligations/${id}/waive`;
    return this.obligations.waive(caller, id, dto, idempotencyToken(key, caller.sub, route, dto));
  }
}
