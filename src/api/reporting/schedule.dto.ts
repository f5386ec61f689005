/** Request and response shapes of `/reporting-schedules`: recurring obligations (API.md). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NoticeSpansDto } from './obligation.dto';

/** A calendar rule: every field left out matches any value, except hour and minute (default 0). */
export class CalendarRuleDto {
  @ApiPropertyOptional({ description: 'Month, 1-12; every month when absent', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;

  @ApiPropertyOptional({ description: 'Day of the month, 1-31; every day when absent', example: 31 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number;

  @ApiPropertyOptional({ description: 'Hour, 0-23 (default 0)', example: 9 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(23)
  hour?: number;

  @ApiPropertyOptional({ description: 'Minute, 0-59 (default 0)', example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(59)
  minute?: number;
}

export class CreateScheduleDto extends NoticeSpansDto {
  @ApiProperty({ example: 'Annual activity report' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({
    type: [String],
    description: 'Seats that each owe a report every period',
    example: ['DE', 'FR'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsString({ each: true })
  seats!: string[];

  @ApiPropertyOptional({
    type: CalendarRuleDto,
    description: 'When each period opens (one of calendar, cron, every)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CalendarRuleDto)
  calendar?: CalendarRuleDto;

  @ApiPropertyOptional({ description: 'When each period opens, as a cron string', example: '0 9 31 3 *' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  cron?: string;

  @ApiPropertyOptional({ description: 'A period every this long (ISO 8601 duration)', example: 'P7D' })
  @IsOptional()
  @IsString()
  every?: string;

  @ApiPropertyOptional({
    description: 'IANA time zone of the calendar rule (default UTC)',
    example: 'Europe/Brussels',
  })
  @IsOptional()
  @IsString()
  timezone?: string;
}

export class PauseScheduleDto {
  @ApiPropertyOptional({ example: 'Reporting template under revision' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ScheduleActionView {
  @ApiProperty() scheduledAt!: string;
  @ApiProperty() takenAt!: string;
  @ApiProperty({ description: 'The period run that opened the obligations' }) workflowId!: string;
}

export class ScheduleView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) seats!: string[];
  @ApiPropertyOptional({ type: CalendarRuleDto }) calendar?: CalendarRuleDto;
  @ApiPropertyOptional() cron?: string;
  @ApiPropertyOptional() every?: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({
    description: 'When each period opens, as a sentence',
    example: 'on 31 March at 00:00 (UTC)',
  })
  rule!: string;
  @ApiProperty({ description: 'Each obligation is due this long after its period opens' }) dueIn!: string;
  @ApiProperty({ type: [String] }) remindBefore!: string[];
  @ApiProperty({ type: String, nullable: true }) escalateAfter!: string | null;
  @ApiProperty({ type: String, nullable: true }) escalateEvery!: string | null;
  @ApiProperty({ type: [String] }) notify!: string[];
  @ApiProperty({ type: String, nullable: true }) reportKind!: string | null;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: [String], description: 'When the next periods open; none while paused' })
  nextPeriods!: string[];
  @ApiProperty({
    type: [ScheduleActionView],
    description: 'The latest periods opened (Temporal keeps the last 10)',
  })
  recentPeriods!: ScheduleActionView[];
  @ApiProperty({ type: 'integer', description: 'Periods opened so far' }) periodsOpened!: number;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

/** One schedule in the list: enough to find it and see whether it runs. */
export class ScheduleSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) seats!: string[];
  @ApiProperty({
    description: 'When each period opens, as a sentence',
    example: 'on 31 March at 00:00 (UTC)',
  })
  rule!: string;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is paused, or the last note' })
  note!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the next period opens (none while paused)',
  })
  nextPeriod!: string | null;
  @ApiProperty({ type: 'integer', description: 'Periods opened so far' }) periodsOpened!: number;
}

/** `GET /reporting-schedules`: every schedule of this application, by title then id. */
export class ScheduleListView {
  @ApiProperty({ type: [ScheduleSummaryView] }) items!: ScheduleSummaryView[];
  @ApiProperty({
    description:
      'When the list was read; Temporal lists schedules eventually, so one created a moment ago may be missing',
  })
  asOf!: string;
}
