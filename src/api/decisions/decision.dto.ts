/**
 * Request and response shapes of `/decisions` (docs/api-conventions.md). Validation happens here, by the global
 * ValidationPipe; the OpenAPI document is generated from these classes.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ballotChoices,
  decisionRules,
  type BallotChoice,
  type DecisionRule,
} from '../../../workflows/rules/decision-rules';
import {
  DeadlineAt,
  DeadlineIn,
  DecisionRuleField,
  Flag,
  Integer,
  LongText,
  OneOf,
  Quorum,
  Reason,
  SeatCodes,
  Title,
} from '../common/fields';
import { DeadlinePair } from '../common/openapi-requests';
import { ExtensionView } from '../common/views';

/** A deadline given as an absolute time or a span from now; exactly one of the pair. */
export class CloseTimeDto {
  @DeadlineAt({ description: 'Deadline as an ISO 8601 UTC timestamp', example: '2027-01-15T17:00:00Z' })
  closesAt?: string;

  @DeadlineIn({ description: 'Deadline as an ISO 8601 duration from now', example: 'P14D' })
  closesIn?: string;
}

@DeadlinePair('closes')
export class OpenDecisionDto extends CloseTimeDto {
  @Title({ example: 'Adopt the 2027 reporting template' })
  title!: string;

  @LongText({
    optional: true,
    allowEmpty: true,
    description: 'The text put to the Board',
    example: 'The Board adopts the template annexed.',
  })
  text?: string;

  @DecisionRuleField()
  rule?: DecisionRule;

  @Quorum()
  quorum?: number;

  @SeatCodes({ optional: true, description: 'Seats recused from this decision', example: ['DE'] })
  recused?: string[];

  @Integer({
    optional: true,
    min: 1,
    description: 'Under silence: objections that stop adoption (default 1)',
    example: 1,
  })
  objectionThreshold?: number;

  @SeatCodes({
    optional: true,
    description: 'Observer seats invited to this item: they may give an opinion, as seats without a vote do',
    example: [],
  })
  observers?: string[];

  @Flag({
    optional: true,
    description:
      'Close as soon as the outcome cannot change (default true); never before every seat without a vote has given its opinion or declined and every opinion has a response',
  })
  closeEarly?: boolean;
}

export class CastBallotDto {
  @OneOf(ballotChoices, { description: '`object` only under the silence rule' })
  choice!: BallotChoice;
}

export class AddOpinionDto {
  @LongText({ example: 'Norway supports the proposal and asks to be associated with its follow-up.' })
  text!: string;
}

export class RespondToOpinionDto {
  @LongText({ example: "The Board added Norway's proposed follow-up to the action plan." })
  text!: string;
}

@DeadlinePair('closes')
export class ExtendDecisionDto extends CloseTimeDto {
  @Reason({ example: 'Two delegations asked for more time' })
  reason!: string;
}

export class WithdrawDecisionDto {
  @Reason({ example: 'Superseded by a revised proposal' })
  reason!: string;
}

export class TallyView {
  @ApiProperty() yes!: number;
  @ApiProperty() no!: number;
  @ApiProperty() abstain!: number;
  @ApiProperty() objections!: number;
}

export class ActingAsView {
  @ApiProperty({ example: 'Anna Schmidt' }) name!: string;
  @ApiProperty({ enum: ['member', 'alternate'] }) capacity!: string;
}

export class BallotView {
  @ApiProperty() seat!: string;
  @ApiProperty({ enum: ballotChoices }) choice!: string;
  @ApiProperty({ description: "The person who cast it (the roster's id)" }) castBy!: string;
  @ApiPropertyOptional({ type: ActingAsView, description: 'Their name and capacity when they cast it' })
  actingAs?: ActingAsView;
  @ApiProperty() at!: string;
}

export class OpinionResponseView {
  @ApiProperty({ description: 'How the Board took account of the opinion' }) text!: string;
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class OpinionView {
  @ApiProperty({ description: 'Its number on the decision, from 1' }) n!: number;
  @ApiProperty() seat!: string;
  @ApiProperty() text!: string;
  @ApiProperty() by!: string;
  @ApiPropertyOptional({ type: ActingAsView }) actingAs?: ActingAsView;
  @ApiProperty() at!: string;
  @ApiProperty({ type: OpinionResponseView, nullable: true }) response!: OpinionResponseView | null;
}

export class RecusalView {
  @ApiProperty({ example: 'DE' }) seat!: string;
  @ApiProperty({ example: 'its own funding request fr-…-1 is part of what this decision awards' })
  reason!: string;
}

export class OpinionDeclineView {
  @ApiProperty() seat!: string;
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
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Seats with the right to an opinion (without a vote, or invited observers)',
  })
  opinionSeats!: string[] | null;
  @ApiProperty({ type: [String], description: 'Observers invited to this item' }) observers!: string[];
  @ApiProperty({ type: [OpinionDeclineView], description: 'Opinion seats that said they have none' })
  declined!: OpinionDeclineView[];
  @ApiProperty({ type: [String], description: 'Opinion seats yet to give an opinion or decline' })
  opinionsAwaited!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The seat that chairs the Board' })
  chair!: string | null;
  @ApiProperty({ type: [RecusalView], description: 'Every recused seat with the reason' })
  recusals!: RecusalView[];
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
