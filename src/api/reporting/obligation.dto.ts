/**
 * Request and response shapes of `/reporting-obligations` (docs/api-conventions.md). Validation happens here, by
 * the global ValidationPipe; the OpenAPI document is generated from these classes.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsString, IsUrl } from 'class-validator';
import { obligationStatuses } from '../../../workflows/reporting/obligation.types';
import {
  DeadlineAt,
  DeadlineIn,
  Duration,
  Durations,
  Flag,
  LongText,
  Optional,
  Reason,
  SeatCode,
  TextField,
  Title,
} from '../common/fields';
import { DeadlinePair } from '../common/openapi-requests';
import { ExtensionView } from '../common/views';

/** The longest kind of report and review comment. */
const REPORT_KIND_MAX = 100;
const COMMENT_MAX = 5000;

/** A due date given as an absolute time or a span from now; exactly one of the pair. */
export class DueTimeDto {
  @DeadlineAt({ description: 'Due date as an ISO 8601 UTC timestamp', example: '2027-03-31T17:00:00Z' })
  dueAt?: string;

  @DeadlineIn({ description: 'Due date as an ISO 8601 duration from now', example: 'P90D' })
  dueIn?: string;
}

/** Reminders and escalation, shared by one-off obligations and recurring schedules. */
export class NoticeSpansDto extends DueTimeDto {
  @Durations({
    optional: true,
    maxItems: 20,
    description: 'Reminders this long before the due date',
    example: ['P14D', 'P3D'],
  })
  remindBefore?: string[];

  @Duration({ optional: true, description: 'First escalation this long after the due date', example: 'P1D' })
  escalateAfter?: string;

  @Duration({
    optional: true,
    description: 'Escalation repeated this often until the report comes',
    example: 'P7D',
  })
  escalateEvery?: string;

  @ApiPropertyOptional({
    type: [String],
    uniqueItems: true,
    description: 'Who else is told of reminders and escalations: seat codes or `secretariat`',
    example: ['secretariat'],
  })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  notify?: string[];

  @TextField(REPORT_KIND_MAX, {
    optional: true,
    allowEmpty: true,
    description: 'What kind of report: interim, final, annual, ...',
    example: 'annual',
  })
  reportKind?: string;
}

@DeadlinePair('due')
export class OpenObligationDto extends NoticeSpansDto {
  @Title({ example: 'Annual activity report 2027' })
  title!: string;

  @SeatCode({ description: 'The seat that owes the report' })
  seat!: string;
}

export class SubmitReportDto {
  @LongText({ example: 'Activities of the network in 2027: ...' })
  summary!: string;

  @ApiPropertyOptional({ format: 'uri', example: 'https://docs.example/report-2027.pdf' })
  @Optional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'documentUrl must be an http(s) URL' },
  )
  documentUrl?: string;
}

@DeadlinePair('newDue', { required: false })
export class ReviewReportDto {
  @Flag({ description: 'Accept the report, or reject it (then newDueAt/newDueIn is required)' })
  accepted!: boolean;

  @TextField(COMMENT_MAX, { allowEmpty: true, example: 'The financial annex is missing' })
  comment!: string;

  @DeadlineAt({ description: 'When rejecting: due date of the resubmission' })
  newDueAt?: string;

  @DeadlineIn({ description: 'When rejecting: due date of the resubmission, from now', example: 'P14D' })
  newDueIn?: string;
}

@DeadlinePair('due')
export class ExtendObligationDto extends DueTimeDto {
  @Reason({ example: 'National elections delayed the report' })
  reason!: string;
}

export class WaiveObligationDto {
  @Reason({ example: 'The network was dissolved' })
  reason!: string;
}

export class SentReminderView {
  @ApiProperty() key!: string;
  @ApiProperty({ example: 'P3D' }) offset!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() scheduledFor!: string;
  @ApiProperty({ description: 'When it went out' }) at!: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ description: 'sent, duplicate, no-recipient, or failed: <reason>' }) delivery!: string;
}

export class SentEscalationView {
  @ApiProperty() key!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty() dueAt!: string;
  @ApiProperty() scheduledFor!: string;
  @ApiProperty({ description: 'When it went out' }) at!: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ description: 'sent, duplicate, no-recipient, or failed: <reason>' }) delivery!: string;
}

export class SubmissionView {
  @ApiProperty() seat!: string;
  @ApiProperty() by!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: String, nullable: true }) documentUrl!: string | null;
  @ApiProperty() at!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() late!: boolean;
}

export class ReviewView {
  @ApiProperty() accepted!: boolean;
  @ApiProperty() comment!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: String, nullable: true }) newDueAt!: string | null;
}

export class WaiverView {
  @ApiProperty() reason!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class ObligationView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'The seat that owes the report' }) seat!: string;
  @ApiProperty({ enum: obligationStatuses }) status!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() originalDueAt!: string;
  @ApiProperty({ description: 'When the current due date took effect' }) dueSince!: string;
  @ApiProperty({ type: [String] }) remindBefore!: string[];
  @ApiProperty({ type: String, nullable: true }) escalateAfter!: string | null;
  @ApiProperty({ type: String, nullable: true }) escalateEvery!: string | null;
  @ApiProperty({ type: [String] }) notify!: string[];
  @ApiProperty({ type: [String], description: 'Seats whose action it awaits' }) awaiting!: string[];
  @ApiProperty({ type: [SentReminderView] }) reminders!: SentReminderView[];
  @ApiProperty({ type: [SentEscalationView] }) escalations!: SentEscalationView[];
  @ApiProperty({ type: [SubmissionView] }) submissions!: SubmissionView[];
  @ApiProperty({ type: [ReviewView] }) reviews!: ReviewView[];
  @ApiProperty({ type: [ExtensionView] }) extensions!: ExtensionView[];
  @ApiProperty({ type: WaiverView, nullable: true }) waiver!: WaiverView | null;
  @ApiProperty({ type: String, nullable: true }) overdueSince!: string | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportKind!: string | null;
  @ApiProperty({ type: String, nullable: true }) notifyWorkflowId!: string | null;
}
