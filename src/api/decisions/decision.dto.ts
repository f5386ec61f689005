/**
 * Request and response shapes of `/decisions` (API.md). Validation happens here, by the global
 * ValidationPipe; the OpenAPI document is generated from these classes.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
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
} from 'class-validator';
import {
  ballotChoices,
  decisionRules,
  type BallotChoice,
  type DecisionRule,
} from '../../../workflows/rules/decision-rules';

/** A deadline given as an absolute time or a span from now; exactly one of the pair. */
export class CloseTimeDto {
  @ApiPropertyOptional({
    description: 'Deadline as an ISO 8601 UTC timestamp',
    example: '2027-01-15T17:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'closesAt must be an ISO 8601 timestamp' })
  closesAt?: string;

  @ApiPropertyOptional({ description: 'Deadline as an ISO 8601 duration from now', example: 'P14D' })
  @IsOptional()
  @IsString()
  closesIn?: string;
}

export class OpenDecisionDto extends CloseTimeDto {
  @ApiProperty({ example: 'Adopt the 2027 reporting template' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({
    description: 'The text put to the Board',
    example: 'The Board adopts the template annexed.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  text?: string;

  @ApiPropertyOptional({ enum: decisionRules, description: "Decision rule; the board's default when absent" })
  @IsOptional()
  @IsIn(decisionRules as unknown as string[], { message: `rule must be one of ${decisionRules.join(', ')}` })
  rule?: DecisionRule;

  @ApiPropertyOptional({ description: 'Share of voting seats that must cast a ballot (0..1)', example: 0.5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  quorum?: number;

  @ApiPropertyOptional({ type: [String], description: 'Seats recused from this decision', example: ['DE'] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  recused?: string[];

  @ApiPropertyOptional({
    description: 'Under silence: objections that stop adoption (default 1)',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  objectionThreshold?: number;

  @ApiPropertyOptional({ description: 'Close as soon as the outcome cannot change (default true)' })
  @IsOptional()
  @IsBoolean()
  closeEarly?: boolean;
}

export class CastBallotDto {
  @ApiProperty({ enum: ballotChoices, description: '`object` only under the silence rule' })
  @IsIn(ballotChoices as unknown as string[], {
    message: `choice must be one of ${ballotChoices.join(', ')}`,
  })
  choice!: BallotChoice;
}

export class AddOpinionDto {
  @ApiProperty({ example: 'Norway supports the proposal and asks to be associated with its follow-up.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text!: string;
}

export class ExtendDecisionDto extends CloseTimeDto {
  @ApiProperty({ example: 'Two delegations asked for more time' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class WithdrawDecisionDto {
  @ApiProperty({ example: 'Superseded by a revised proposal' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class TallyView {
  @ApiProperty() yes!: number;
  @ApiProperty() no!: number;
  @ApiProperty() abstain!: number;
  @ApiProperty() objections!: number;
}

export class BallotView {
  @ApiProperty() seat!: string;
  @ApiProperty({ enum: ballotChoices }) choice!: string;
  @ApiProperty({ description: 'The person who cast it (token sub)' }) castBy!: string;
  @ApiProperty() at!: string;
}

export class OpinionView {
  @ApiProperty() seat!: string;
  @ApiProperty() text!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class ExtensionView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class WithdrawalView {
  @ApiProperty() reason!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class DecisionView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: decisionRules }) rule!: string;
  @ApiProperty({ type: Number, nullable: true }) quorum!: number | null;
  @ApiProperty({ description: 'Ballots needed for quorum' }) quorumRequired!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Yes votes that adopt, where the rule fixes it' })
  yesRequired!: number | null;
  @ApiProperty() objectionThreshold!: number;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ enum: ['adopted', 'rejected', 'failed-quorum', 'withdrawn'], nullable: true, type: String })
  outcome!: string | null;
  @ApiProperty({ type: TallyView }) tally!: TallyView;
  @ApiProperty({ type: [BallotView], description: 'Latest ballot per seat' }) ballots!: BallotView[];
  @ApiProperty({ type: [BallotView], description: 'Every ballot cast, replaced ones included' })
  ballotHistory!: BallotView[];
  @ApiProperty({ type: [OpinionView] }) opinions!: OpinionView[];
  @ApiProperty({ type: [String] }) electorate!: string[];
  @ApiProperty({ type: [String] }) recused!: string[];
  @ApiProperty({ type: [String], description: 'Electorate seats yet to vote' }) awaiting!: string[];
  @ApiProperty() closeEarly!: boolean;
  @ApiProperty() openedAt!: string;
  @ApiProperty() openedBy!: string;
  @ApiProperty() closesAt!: string;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: [ExtensionView] }) extensions!: ExtensionView[];
  @ApiProperty({ type: WithdrawalView, nullable: true }) withdrawal!: WithdrawalView | null;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
}
