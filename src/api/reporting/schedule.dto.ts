/** Request and response shapes of `/reporting-schedules`: recurring obligations (docs/api-conventions.md). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsString, ValidateNested } from 'class-validator';
import { Duration, Integer, Optional, SeatCodes, TextField, Title } from '../common/fields';
import { DeadlinePair } from '../common/openapi-requests';
import { NoticeSpansDto } from './obligation.dto';

/** A calendar rule: every field left out matches any value, except hour and minute (default 0). */
export class CalendarRuleDto {
  @Integer({
    optional: true,
    min: 1,
    max: 12,
    description: 'Month, 1-12; every month when absent',
    example: 3,
  })
  month?: number;

  @Integer({
    optional: true,
    min: 1,
    max: 31,
    description: 'Day of the month, 1-31; every day when absent',
    example: 31,
  })
  dayOfMonth?: number;

  @Integer({ optional: true, min: 0, max: 23, description: 'Hour, 0-23 (default 0)', example: 9 })
  hour?: number;

  @Integer({ optional: true, min: 0, max: 59, description: 'Minute, 0-59 (default 0)', example: 0 })
  minute?: number;
}

@DeadlinePair('due', { spanOnly: true })
export class CreateScheduleDto extends NoticeSpansDto {
  @Title({ example: 'Annual activity report' })
  title!: string;

  @SeatCodes({ minItems: 1, description: 'Seats that each owe a report every period', example: ['DE', 'FR'] })
  seats!: string[];

  @ApiPropertyOptional({
    type: CalendarRuleDto,
    description: 'When each period opens (one of calendar, cron, every)',
  })
  @Optional()
  @ValidateNested()
  @Type(() => CalendarRuleDto)
  calendar?: CalendarRuleDto;

  @ApiPropertyOptional({
    minLength: 1,
    description: 'When each period opens, as a cron string',
    example: '0 9 31 3 *',
  })
  @Optional()
  @IsString()
  @IsNotEmpty()
  cron?: string;

  @Duration({ optional: true, description: 'A period every this long (ISO 8601 duration)', example: 'P7D' })
  every?: string;

  @ApiPropertyOptional({
    description: 'IANA time zone of the calendar rule (default UTC)',
    example: 'Europe/Brussels',
  })
  @Optional()
  @IsString()
  timezone?: string;
}

/**
 * The longest pause reason: Temporal keeps it as the schedule's note, which it refuses past about
 * 1,000 bytes (250 characters stay under that even at 4 bytes each).
 */
const PAUSE_REASON_MAX = 250;

export class PauseScheduleDto {
  @TextField(PAUSE_REASON_MAX, {
    optional: true,
    allowEmpty: true,
    example: 'Reporting template under revision',
  })
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
