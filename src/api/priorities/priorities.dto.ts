/**
 * Request and response shapes of `/priority-cycles` and `/work-programme` (API.md). Validation
 * happens here, by the global ValidationPipe; the OpenAPI document is generated from these
 * classes. Deadlines are `…At` timestamps or `…In` durations; period bounds are dates or timestamps.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { decisionRules, type DecisionRule } from '../../../workflows/rules/decision-rules';

const iso = (field: string) => ({ message: `${field} must be an ISO 8601 timestamp` });

export class OpenCycleDto {
  @ApiProperty({ example: 'Work programme 2027-2028' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ description: 'First day (YYYY-MM-DD) or instant (UTC timestamp)', example: '2027-01-01' })
  @IsString()
  periodStart!: string;

  @ApiProperty({ description: 'Last day, inclusive (YYYY-MM-DD), or end instant', example: '2028-12-31' })
  @IsString()
  periodEnd!: string;

  @ApiPropertyOptional({ description: 'End of the proposal window', example: '2026-09-30T17:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, iso('proposalsCloseAt'))
  proposalsCloseAt?: string;

  @ApiPropertyOptional({ description: 'End of the proposal window, from now', example: 'P30D' })
  @IsOptional()
  @IsString()
  proposalsCloseIn?: string;

  @ApiPropertyOptional({ description: 'End of the ranking window', example: '2026-10-31T17:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, iso('rankingCloseAt'))
  rankingCloseAt?: string;

  @ApiPropertyOptional({ description: 'End of the ranking window, from now', example: 'P60D' })
  @IsOptional()
  @IsString()
  rankingCloseIn?: string;

  @ApiPropertyOptional({
    enum: decisionRules,
    description: "How the Board adopts; the board's default when absent",
  })
  @IsOptional()
  @IsIn(decisionRules as unknown as string[], { message: `rule must be one of ${decisionRules.join(', ')}` })
  rule?: DecisionRule;

  @ApiPropertyOptional({ description: 'Share of voting seats that must cast a ballot (0..1)', example: 0.5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  quorum?: number;

  @ApiPropertyOptional({ description: 'How long each Board vote stays open (default P14D)', example: 'P14D' })
  @IsOptional()
  @IsString()
  votingIn?: string;

  @ApiPropertyOptional({
    description: 'The draft is the top N of the ranked result (default 10)',
    example: 10,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  topN?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The next cycle opens this long before the period ends (default P6M); null: it does not',
    example: 'P6M',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  nextCycleOpensBefore?: string | null;
}

export class ProposalDto {
  @ApiProperty({ example: 'Smuggling routes through the Western Balkans' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ description: "One of the board's themes (GET /board)", example: 'migrant-smuggling' })
  @IsString()
  @IsNotEmpty()
  theme!: string;

  @ApiPropertyOptional({ description: 'Third country or region', example: 'Western Balkans' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  region?: string;
}

export class AmendProposalDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() theme?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  region?: string | null;
}

export class WithdrawProposalDto {
  @ApiPropertyOptional({ example: 'merged into another proposal' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class RankingDto {
  @ApiProperty({ type: [String], description: 'Proposal ids, most important first; may leave some out' })
  @IsArray()
  @ArrayMinSize(1, { message: 'ranking must name at least one proposal' })
  @IsString({ each: true })
  ranking!: string[];
}

export class DraftItemDto {
  @ApiPropertyOptional({ description: 'A proposal of the cycle; absent for an item of the secretariat' })
  @IsOptional()
  @IsString()
  proposalId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() theme?: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  region?: string | null;
}

export class EditDraftDto {
  @ApiProperty({ type: [DraftItemDto], description: 'The draft programme, in order' })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must name at least one priority' })
  @ValidateNested({ each: true })
  @Type(() => DraftItemDto)
  items!: DraftItemDto[];
}

export class AdHocActionDto extends ProposalDto {
  @ApiProperty({ description: 'Why the programme needs it', example: 'a new route opened in 2028' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class CancelCycleDto {
  @ApiProperty({ example: 'superseded by the new regulation' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class ChangeDatesDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, iso('proposalsCloseAt'))
  proposalsCloseAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() proposalsCloseIn?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, iso('rankingCloseAt'))
  rankingCloseAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() rankingCloseIn?: string;
  @ApiPropertyOptional({ example: '2027-01-01' }) @IsOptional() @IsString() periodStart?: string;
  @ApiPropertyOptional({ example: '2028-12-31' }) @IsOptional() @IsString() periodEnd?: string;
  @ApiProperty({ example: 'aligned with the budget cycle' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
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
