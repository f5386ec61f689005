/** The archive lists of every kind of item: open and closed, searchable, newest first. */
import { Controller, Get, Query } from '@nestjs/common';
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
  @ApiOperation({ summary: 'Decisions, open and closed: search by words, dates, rule, outcome' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  decisions(@Query() query: DecisionArchiveQueryDto): Promise<ArchivePageView> {
    return this.archive.list('decision', query);
  }

  @Get('funding-rounds')
  @ApiOperation({ summary: 'Funding rounds, open and closed' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  fundingRounds(@Query() query: OutcomeArchiveQueryDto): Promise<ArchivePageView> {
    return this.archive.list('funding-round', query);
  }

  @Get('funding-requests')
  @ApiOperation({ summary: 'Funding requests of every round: by seat, priority, round, status' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  fundingRequests(@Query() query: FundingRequestArchiveQueryDto): Promise<ArchivePageView> {
    return this.archive.list('funding-request', query);
  }

  @Get('priority-cycles')
  @ApiOperation({ summary: 'Priority-setting cycles, open and ended' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  priorityCycles(@Query() query: OutcomeArchiveQueryDto): Promise<ArchivePageView> {
    return this.archive.list('priority-cycle', query);
  }

  @Get('reporting-obligations')
  @ApiOperation({ summary: 'Reporting obligations, open and closed: by owing seat and status' })
  @ApiResponse({ status: 200, type: ArchivePageView })
  obligations(@Query() query: ObligationArchiveQueryDto): Promise<ArchivePageView> {
    return this.archive.list('reporting-obligation', query);
  }
}
