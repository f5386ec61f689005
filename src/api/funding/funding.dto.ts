/**
 * Request and response shapes of `/funding-rounds` and `/funding-requests` (docs/api-conventions.md). Validation
 * happens here, by the global ValidationPipe; the OpenAPI document is generated from these
 * classes. Money is integer euro cents in fields ending in `Cents`.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsString,
  ValidateNested,
} from 'class-validator';
import { decisionModes, type DecisionMode } from '../../../workflows/funding/funding.types';
import { decisionRules, type DecisionRule } from '../../../workflows/rules/decision-rules';
import { CloseTimeDto } from '../decisions/decision.dto';
import {
  Cents,
  DecisionRuleField,
  Duration,
  Durations,
  Integer,
  LongText,
  OneOf,
  Optional,
  Quorum,
  Reason,
  TextField,
  Title,
  TITLE_MAX,
} from '../common/fields';
import { DeadlinePair } from '../common/openapi-requests';
import { ExtensionView } from '../common/views';

export class RoundDecisionDto {
  @DecisionRuleField()
  rule?: DecisionRule;

  @Quorum()
  quorum?: number;

  @Duration({ description: 'How long each Board vote stays open (ISO 8601 duration)', example: 'P14D' })
  votingIn!: string;

  @OneOf(decisionModes, {
    optional: true,
    description: '`package` (default): one decision on the allocation; `per-request`: one per award',
  })
  mode?: DecisionMode;
}

export class RoundReportingDto {
  @Duration({ optional: true, description: 'Interim report due this long after the award', example: 'P6M' })
  interimDueIn?: string;

  @Duration({ optional: true, description: 'Final report due this long after the award', example: 'P12M' })
  finalDueIn?: string;

  @Durations({ optional: true, description: 'Reminders before each due date', example: ['P14D'] })
  remindBefore?: string[];

  @Duration({ optional: true, description: 'First escalation this long after a due date', example: 'P1D' })
  escalateAfter?: string;
}

@DeadlinePair('closes')
export class OpenRoundDto extends CloseTimeDto {
  @Title({ example: 'ILO activities 2027' })
  title!: string;

  @Cents({ description: 'The envelope, in euro cents', example: 100_000_000 })
  envelopeCents!: number;

  @Cents({ optional: true, description: 'Cap per request, in euro cents', example: 20_000_000 })
  maxRequestCents?: number;

  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    uniqueItems: true,
    minLength: 1,
    description:
      'Priorities a request must name; absent: the ids of the work programme in force (GET /work-programme)',
    example: ['migrant-smuggling'],
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  priorities?: string[];

  @ApiProperty({ type: RoundDecisionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RoundDecisionDto)
  decision!: RoundDecisionDto;

  @ApiPropertyOptional({ type: RoundReportingDto, description: 'Defaults: P6M interim, P12M final' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => RoundReportingDto)
  reporting?: RoundReportingDto;

  @Integer({
    optional: true,
    min: 1,
    max: 100,
    description: 'Share of an award paid on award (default 60)',
    example: 60,
  })
  firstTranchePercent?: number;
}

export class SubmitRequestDto {
  @Title({ example: 'Joint ILO deployment in the Sahel' })
  title!: string;

  @Cents({ description: 'Amount requested, in euro cents', example: 25_000_000 })
  amountCents!: number;

  @TextField(TITLE_MAX, { description: "One of the round's priorities", example: 'migrant-smuggling' })
  priority!: string;

  @LongText({ allowEmpty: true, example: 'Two ILOs for twelve months.' })
  description!: string;
}

export class AmendRequestDto {
  @Title({ optional: true })
  title?: string;

  @Cents({ optional: true, description: 'Amount requested, in euro cents' })
  amountCents?: number;

  @TextField(TITLE_MAX, { optional: true })
  priority?: string;

  @LongText({ optional: true, allowEmpty: true })
  description?: string;
}

export class WithdrawRequestDto {
  @Reason({ optional: true, allowEmpty: true, example: 'National co-financing fell through' })
  reason?: string;
}

@DeadlinePair('closes')
export class ExtendSubmissionDto extends CloseTimeDto {
  @Reason({ example: 'Two delegations asked for more time' })
  reason!: string;
}

export class AwardDto {
  @TextField(TITLE_MAX, { example: 'frq-0123456789abcdef0123-1' })
  requestId!: string;

  /** Zero or negative amounts pass here and are refused by the `positive-amount` rule (422). */
  @Cents({
    min: null,
    description: 'Amount awarded, in euro cents (partial amounts allowed)',
    example: 20_000_000,
  })
  amountCents!: number;
}

export class ProposeAllocationDto {
  @ApiProperty({ type: [AwardDto], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1, { message: 'awards must name at least one request' })
  @ValidateNested({ each: true })
  @Type(() => AwardDto)
  awards!: AwardDto[];
}

// ---- responses ---------------------------------------------------------------------------------

export class PaymentsView {
  @ApiProperty() paidCents!: number;
  @ApiProperty({ description: 'Awarded, not yet paid (waiting for a report)' }) heldBackCents!: number;
}

export class RequestSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() seat!: string;
  @ApiProperty() title!: string;
  @ApiProperty() priority!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty({
    enum: ['submitted', 'withdrawn', 'ineligible', 'eligible', 'awarded', 'not-funded', 'completed'],
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true }) ineligibleReason!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Amount in the current allocation' })
  allocation!: number | null;
  @ApiProperty({ type: Number, nullable: true }) awardedCents!: number | null;
  @ApiProperty({ type: String, nullable: true }) decisionId!: string | null;
  @ApiProperty({ type: [Number], description: 'Allocation attempts that named it' }) attempts!: number[];
  @ApiProperty({ type: PaymentsView }) payments!: PaymentsView;
  @ApiProperty() reportingOpen!: boolean;
  @ApiProperty() submittedBy!: string;
  @ApiProperty() submittedAt!: string;
}

export class AwardView {
  @ApiProperty() requestId!: string;
  @ApiProperty() amountCents!: number;
}

export class AttemptDecisionView {
  @ApiProperty() decisionId!: string;
  @ApiProperty({ type: [String] }) requestIds!: string[];
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
}

export class AttemptView {
  @ApiProperty() attempt!: number;
  @ApiProperty({ type: [AwardView] }) awards!: AwardView[];
  @ApiProperty() totalCents!: number;
  @ApiProperty() proposedBy!: string;
  @ApiProperty() proposedAt!: string;
  @ApiProperty() votingClosesAt!: string;
  @ApiProperty({ type: [AttemptDecisionView] }) decisions!: AttemptDecisionView[];
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
}

export class AmountTotalsView {
  @ApiProperty() requests!: number;
  @ApiProperty() requestedCents!: number;
  @ApiProperty() awardedCents!: number;
  @ApiProperty() paidCents!: number;
}

export class RoundSummaryView {
  @ApiProperty({ type: AmountTotalsView }) totals!: AmountTotalsView;
  @ApiProperty({
    description: 'Per seat code',
    additionalProperties: { $ref: '#/components/schemas/AmountTotalsView' },
  })
  bySeat!: Record<string, AmountTotalsView>;
  @ApiProperty({
    description: 'Per priority',
    additionalProperties: { $ref: '#/components/schemas/AmountTotalsView' },
  })
  byPriority!: Record<string, AmountTotalsView>;
  @ApiProperty() unallocatedCents!: number;
}

export class RoundDecisionView {
  @ApiProperty({ enum: decisionRules }) rule!: string;
  @ApiProperty({ type: Number, nullable: true }) quorum!: number | null;
  @ApiProperty() votingIn!: string;
  @ApiProperty({ enum: decisionModes }) mode!: string;
}

export class RoundView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['open', 'assessing', 'voting', 'awarded', 'closed'] }) status!: string;
  @ApiProperty() envelopeCents!: number;
  @ApiProperty({ description: 'Sum of adopted awards' }) awardedCents!: number;
  @ApiProperty({ description: 'End of the submission window' }) closesAt!: string;
  @ApiProperty({ type: Number, nullable: true }) maxRequestCents!: number | null;
  @ApiProperty({ type: [String] }) priorities!: string[];
  @ApiProperty({ type: RoundDecisionView }) decision!: RoundDecisionView;
  @ApiProperty({ type: RoundReportingDto }) reporting!: RoundReportingDto;
  @ApiProperty() firstTranchePercent!: number;
  @ApiProperty() openedAt!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ type: String, nullable: true }) submissionsClosedAt!: string | null;
  @ApiProperty({ type: [ExtensionView] }) extensions!: ExtensionView[];
  @ApiProperty({ type: [RequestSummaryView] }) requests!: RequestSummaryView[];
  @ApiProperty({
    type: [AwardView],
    nullable: true,
    description: 'The current (or last) proposed allocation',
  })
  allocation!: AwardView[] | null;
  @ApiProperty({ type: String, nullable: true }) decisionId!: string | null;
  @ApiProperty({ type: [AttemptView], description: 'Every allocation put to the Board' })
  attempts!: AttemptView[];
  @ApiProperty({ type: PaymentsView, description: 'Paid and held back over every award' })
  payments!: PaymentsView;
  @ApiProperty({ type: RoundSummaryView, nullable: true }) summary!: RoundSummaryView | null;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
}

export class RequestEventView {
  @ApiProperty() kind!: string;
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
  @ApiProperty() detail!: string;
  @ApiPropertyOptional({ description: 'Amendments: field → [before, after]' })
  changes?: Record<string, [unknown, unknown]>;
}

export class TrancheView {
  @ApiProperty() n!: number;
  @ApiProperty() amountCents!: number;
  @ApiProperty({ enum: ['paid', 'held', 'due'] }) status!: string;
  @ApiProperty({ enum: ['award', 'interim-report'] }) releasedBy!: string;
  @ApiPropertyOptional({
    enum: ['award', 'report-accepted', 'report-waived'],
    nullable: true,
    description:
      'What released it (the interim report accepted, or waived by the secretariat); null while held',
  })
  releasedOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) releasedAt?: string | null;
  @ApiProperty() paymentKey!: string;
  @ApiProperty({ type: String, nullable: true }) paymentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) paidAt!: string | null;
}

export class ObligationLinkView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['interim', 'final'] }) reportKind!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ type: String, nullable: true }) acceptedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Set when the secretariat waived it' })
  waivedAt?: string | null;
}

export class RequestView {
  @ApiProperty() id!: string;
  @ApiProperty() roundId!: string;
  @ApiProperty() roundTitle!: string;
  @ApiProperty() seat!: string;
  @ApiProperty() title!: string;
  @ApiProperty() priority!: string;
  @ApiProperty() description!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty({
    enum: ['submitted', 'withdrawn', 'ineligible', 'eligible', 'awarded', 'not-funded', 'completed'],
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true }) ineligibleReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawalReason!: string | null;
  @ApiProperty({ type: Number, nullable: true }) awardedCents!: number | null;
  @ApiProperty({ type: String, nullable: true }) decisionId!: string | null;
  @ApiProperty({ type: [TrancheView] }) tranches!: TrancheView[];
  @ApiProperty({ type: PaymentsView }) payments!: PaymentsView;
  @ApiProperty({ type: [ObligationLinkView] }) obligations!: ObligationLinkView[];
  @ApiProperty() submittedBy!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: [RequestEventView], description: 'Every change, oldest first' })
  history!: RequestEventView[];
}
