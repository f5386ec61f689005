/** Where the money went: requested, awarded and paid per member state, priority and round. */
import { BadRequestException, Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import type { FundingRequestState } from '../../../workflows/funding/funding.types';
import { fundingReport, fundingReportRows, type FundingReport } from '../../record/funding-report';
import { RecordRepository } from '../../record/record-repository';

export class FundingReportQueryDto {
  @ApiPropertyOptional({ description: 'Requests submitted at or after this instant', example: '2027-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or timestamp' })
  from?: string;

  @ApiPropertyOptional({ description: 'Requests submitted before this instant', example: '2028-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or timestamp' })
  to?: string;
}

@ApiTags('record')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly record: RecordRepository) {}

  @Get('funding')
  @ApiOperation({
    summary: 'Requested, awarded and paid (cents) per member state, priority and round, over a period',
  })
  funding(@Query() q: FundingReportQueryDto): Promise<FundingReport> {
    return this.report(q);
  }

  @Get('funding.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="funding-report.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'The funding report as CSV: one row per member state, priority, round, and the total',
  })
  async fundingCsv(@Query() q: FundingReportQueryDto): Promise<string> {
    return stringify(fundingReportRows(await this.report(q)), {
      header: true,
      columns: ['dimension', 'key', 'label', 'requests', 'requestedCents', 'awardedCents', 'paidCents'],
    });
  }

  private async report(q: FundingReportQueryDto): Promise<FundingReport> {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to))
      throw new BadRequestException('from must be before to');
    const requests = await this.record.openedBetween('funding-request', q.from, q.to);
    return fundingReport(
      requests.map((r) => r.state as FundingRequestState),
      { from: q.from, to: q.to },
    );
  }
}
