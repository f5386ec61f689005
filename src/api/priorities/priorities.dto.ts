/**
 * Request and response shapes of `/priority-cycles` and `/work-programme` (docs/api-conventions.md). Validation
 * happens here, by the global ValidationPipe; the OpenAPI document is generated from these
 * classes. Deadlines are `…At` timestamps or `…In` durations; period bounds are dates or timestamps.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsString, ValidateNested } from 'class-validator';
import { decisionRules, type DecisionRule } from '../../../workflows/rules/decision-rules';
import {
  DeadlineAt,
  DeadlineIn,
  DecisionRuleField,
  Duration,
  Integer,
  Optional,
  Quorum,
  Reason,
  TextField,
  Title,
  TITLE_MAX,
} from '../common/fields';
import { DeadlinePair } from '../common/openapi-requests';

/** The longest region name and reason for withdrawing a proposal. */
const REGION_MAX = 200;
const WITHDRAWAL_REASON_MAX = 1000;

/** A proposal's theme: one of the board's themes (GET /board). */
const Theme = (options: { optional?: boolean } = {}) =>
  TextField(TITLE_MAX, { description: "One of the board's themes (GET /board)", ...options });

/** A period bound: a day (YYYY-MM-DD) or an instant; checked against each other by the cycle's rules. */
const PeriodBound = (description: string, example: string, optional = false) => {
  const doc = { description, example };
  return applyDecorators(
    optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(optional ? [Optional()] : []),
    IsString(),
  );
};

@DeadlinePair('proposalsClose')
@DeadlinePair('rankingClose')
export class OpenCycleDto {
  @Title({ example: 'Work programme 2027-2028' })
  title!: string;

  @PeriodBound('First day (YYYY-MM-DD) or instant (UTC timestamp)', '2027-01-01')
  periodStart!: string;

  @PeriodBound('Last day, inclusive (YYYY-MM-DD), or end instant', '2028-12-31')
  periodEnd!: string;

  @DeadlineAt({ description: 'End of the proposal window', example: '2026-09-30T17:00:00Z' })
  proposalsCloseAt?: string;

  @DeadlineIn({ description: 'End of the proposal window, from now', example: 'P30D' })
  proposalsCloseIn?: string;

  @DeadlineAt({ description: 'End of the ranking window', example: '2026-10-31T17:00:00Z' })
  rankingCloseAt?: string;

  @DeadlineIn({ description: 'End of the ranking window, from now', example: 'P60D' })
  rankingCloseIn?: string;

  @DecisionRuleField({ description: "How the Board adopts; the board's default when absent" })
  rule?: DecisionRule;

  @Quorum()
  quorum?: number;

  @Duration({
    optional: true,
    description: 'How long each Board vote stays open (default P14D)',
    example: 'P14D',
  })
  votingIn?: string;

  @Integer({
    optional: true,
    min: 1,
    max: 100,
    description: 'The draft is the top N of the ranked result (default 10)',
    example: 10,
  })
  topN?: number;

  @Duration({
    optional: true,
    nullable: true,
    description: 'The next cycle opens this long before the period ends (default P6M); null: it does not',
    example: 'P6M',
  })
  nextCycleOpensBefore?: string | null;
}

export class ProposalDto {
  @Title({ example: 'Smuggling routes through the Western Balkans' })
  title!: string;

  @Theme()
  theme!: string;

  @TextField(REGION_MAX, {
    optional: true,
    description: 'Third country or region',
    example: 'Western Balkans',
  })
  region?: string;
}

export class AmendProposalDto {
  @Title({ optional: true }) title?: string;
  @Theme({ optional: true }) theme?: string;
  @TextField(REGION_MAX, { optional: true, nullable: true, description: 'null removes it' })
  region?: string | null;
}

export class WithdrawProposalDto {
  @TextField(WITHDRAWAL_REASON_MAX, {
    optional: true,
    allowEmpty: true,
    example: 'merged into another proposal',
  })
  reason?: string;
}

export class RankingDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    description: 'Proposal ids, most important first; may leave some out',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'ranking must name at least one proposal' })
  @IsString({ each: true })
  ranking!: string[];
}

export class DraftItemDto {
  @ApiPropertyOptional({ description: 'A proposal of the cycle; absent for an item of the secretariat' })
  @Optional()
  @IsString()
  proposalId?: string;
  @Title({ optional: true }) title?: string;
  @Theme({ optional: true }) theme?: string;
  @TextField(REGION_MAX, { optional: true, nullable: true })
  region?: string | null;
}

export class EditDraftDto {
  @ApiProperty({ type: [DraftItemDto], minItems: 1, description: 'The draft programme, in order' })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must name at least one priority' })
  @ValidateNested({ each: true })
  @Type(() => DraftItemDto)
  items!: DraftItemDto[];
}

export class AdHocActionDto extends ProposalDto {
  @Reason({ description: 'Why the programme needs it', example: 'a new route opened in 2028' })
  reason!: string;
}

export class CancelCycleDto {
  @Reason({ example: 'superseded by the new regulation' })
  reason!: string;
}

@DeadlinePair('proposalsClose', { required: false })
@DeadlinePair('rankingClose', { required: false })
export class ChangeDatesDto {
  @DeadlineAt() proposalsCloseAt?: string;
  @DeadlineIn() proposalsCloseIn?: string;
  @DeadlineAt() rankingCloseAt?: string;
  @DeadlineIn() rankingCloseIn?: string;
  @PeriodBound('New first day (YYYY-MM-DD) or instant', '2027-01-01', true) periodStart?: string;
  @PeriodBound('New last day, inclusive (YYYY-MM-DD), or end instant', '2028-12-31', true) periodEnd?: string;
  @Reason({ example: 'aligned with the budget cycle' })
  reason!: string;
}

// ---- responses --------------------------------------------------------------------------------

export class CycleDecisionView {
  @ApiProperty({ enum: decisionRules }) rule!: string;
  @ApiProperty({ type: Number, nullable: true }) quorum!: number | null;
  @ApiProperty() votingIn!: string;
}

export class ProposalView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Submission number: the tie rule prefers the earlier' }) n!: number;
  @ApiProperty() seat!: string;
  @ApiProperty() title!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty({ enum: ['open', 'withdrawn'] }) status!: string;
  @ApiProperty() submittedBy!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ description: 'Each amendment: by, at, changes (field → [before, after])' })
  amendments!: object[];
  @ApiProperty({ type: Object, nullable: true }) withdrawal!: object | null;
}

export class SeatRankingView {
  @ApiProperty() seat!: string;
  @ApiProperty({ type: [String] }) ranking!: string[];
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
  @ApiProperty() revision!: number;
}

export class RankedProposalView {
  @ApiProperty() rank!: number;
  @ApiProperty() proposalId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty() seat!: string;
  @ApiProperty({ description: 'Proposals it beats under Schulze' }) wins!: number;
  @ApiProperty({ description: 'Its place among equals was decided by the tie rule' }) tieBroken!: boolean;
}

export class DraftItemView {
  @ApiProperty({ type: String, nullable: true }) proposalId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
}

export class DraftAttemptView {
  @ApiProperty() attempt!: number;
  @ApiProperty() decisionId!: string;
  @ApiProperty({ type: [DraftItemView] }) items!: DraftItemView[];
  @ApiProperty() submittedBy!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() votingClosesAt!: string;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
}

export class ProgrammeItemView {
  @ApiProperty({ description: 'Stable id; funding requests name it as their priority' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  @ApiProperty({ type: String, nullable: true }) proposalId!: string | null;
  @ApiProperty() adHoc!: boolean;
  @ApiProperty() decisionId!: string;
  @ApiProperty() adoptedAt!: string;
}

export class AdHocActionView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty() decisionId!: string;
  @ApiProperty() proposedBy!: string;
  @ApiProperty() proposedAt!: string;
  @ApiProperty() votingClosesAt!: string;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
}

export class CycleView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Id of the first cycle of the series' }) seriesId!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ type: String, nullable: true }) previousCycleId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({
    enum: ['proposals', 'ranking', 'drafting', 'voting', 'adopted', 'in-force', 'ended', 'cancelled'],
  })
  status!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() proposalsCloseAt!: string;
  @ApiProperty() rankingCloseAt!: string;
  @ApiProperty({ type: CycleDecisionView }) decision!: CycleDecisionView;
  @ApiProperty() topN!: number;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: String, nullable: true }) nextCycleOpensBefore!: string | null;
  @ApiProperty({ type: String, nullable: true }) nextCycleOpensAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) nextCycleId!: string | null;
  @ApiProperty({ type: [ProposalView] }) proposals!: ProposalView[];
  @ApiProperty({ type: [SeatRankingView] }) rankings!: SeatRankingView[];
  @ApiProperty({ type: [String] }) awaitingRankings!: string[];
  @ApiProperty({ type: [RankedProposalView], nullable: true }) result!: RankedProposalView[] | null;
  @ApiProperty({ description: 'name (schulze) and the tie rule' }) method!: object;
  @ApiProperty({ type: [DraftItemView], nullable: true }) draft!: DraftItemView[] | null;
  @ApiProperty() draftEdits!: object[];
  @ApiProperty({ type: [DraftAttemptView] }) attempts!: DraftAttemptView[];
  @ApiProperty({ type: String, nullable: true }) decisionId!: string | null;
  @ApiProperty({ type: [ProgrammeItemView], nullable: true }) programme!: ProgrammeItemView[] | null;
  @ApiProperty({ type: String, nullable: true }) adoptedAt!: string | null;
  @ApiProperty({ type: [AdHocActionView] }) adHocActions!: AdHocActionView[];
  @ApiProperty() dateChanges!: object[];
  @ApiProperty({ type: Object, nullable: true }) cancellation!: object | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ type: String, nullable: true }) endedAt!: string | null;
}

export class WorkProgrammeView {
  @ApiProperty() cycleId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['adopted', 'in-force', 'ended'] }) status!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty() decisionId!: string;
  @ApiProperty() adoptedAt!: string;
  @ApiProperty({ type: [ProgrammeItemView], description: 'The programme, in rank order' })
  priorities!: ProgrammeItemView[];
  @ApiProperty({ type: [ProgrammeItemView], description: 'Ad hoc actions adopted since' })
  adHocActions!: ProgrammeItemView[];
}
