/** The archive lists of every kind of item: open and closed, searchable, newest first. */
import { Controller, Get, Query } from '@nestjs/common';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ArchivePageView,
  DecisionArchiveQueryDto,
  FundingRequestArchiveQueryDto,
  ObligationArchiveQueryDto,
  OutcomeArchiveQueryDto,
} from './archive.dto';
import { ArchiveService } from './archive.service';

@ApiTags('record')
@ApiBearerAuth()
@Controller()
export class ArchiveController {
  constructor(private readonly archive: ArchiveService) {}

  @Get('decisions')
  @ApiOperation({
    summary:
      'Decisions, open and closed: search by words, dates, rule, outcome (a member of an observer seat: those it is invited to)',
  })
  @ApiResponse({ status: 200, type: ArchivePageView })
  decisions(
    @CurrentCaller() caller: Caller,
    @Query() query: DecisionArchiveQueryDto,
  ): Promise<ArchivePageView> {
    return this.archive.list(caller, 'decision', query);
  }

  @Get('funding-rounds')
  @ApiOperation({ summary: 'Funding rounds, open and closed' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  fundingRounds(
    @CurrentCaller() caller: Caller,
    @Query() query: OutcomeArchiveQueryDto,
  ): Promise<ArchivePageView> {
    return this.archive.list(caller, 'funding-round', query);
  }

  @Get('funding-requests')
  @ApiOperation({ summary: 'Funding requests of every round: by seat, priority, round, status' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  fundingRequests(
    @CurrentCaller() caller: Caller,
    @Query() query: FundingRequestArchiveQueryDto,
  ): Promise<ArchivePageView> {
    return this.archive.list(caller, 'funding-request', query);
  }

  @Get('priority-cycles')
  @ApiOperation({ summary: 'Priority-setting cycles, open and ended' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  priorityCycles(
    @CurrentCaller() caller: Caller,
    @Query() query: OutcomeArchiveQueryDto,
  ): Promise<ArchivePageView> {
    return this.archive.list(caller, 'priority-cycle', query);
  }

  @Get('reporting-obligations')
  @ApiOperation({ summary: 'Reporting obligations, open and closed: by owing seat and status' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  obligations(
    @CurrentCaller() caller: Caller,
    @Query() query: ObligationArchiveQueryDto,
  ): Promise<ArchivePageView> {
    return this.archive.list(caller, 'reporting-obligation', query);
  }
}
