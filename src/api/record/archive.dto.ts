/**
 * Query and response shapes of the archive lists (`GET /decisions`, `/funding-rounds`,
 * `/funding-requests`, `/priority-cycles`, `/reporting-obligations`): the filters every kind shares,
 * and those a reader of each kind looks for.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  isISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { isTimestamp } from '../common/fields';
import { decisionRules } from '../../../workflows/rules/decision-rules';
import { recordKinds } from '../../record/record.schema';

/** What a closed decision's outcome may be (the document listed these; the check now agrees). */
const decisionOutcomes = ['adopted', 'rejected', 'failed-quorum', 'withdrawn'];

const statuses = ['open', 'closed', 'any'] as const;
const SEAT = /^[A-Z][A-Z0-9]{1,15}$/;
const WORD = /^[a-z][a-z0-9-]{0,63}$/;
const ITEM_ID = /^[A-Za-z0-9-]{1,120}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

/**
 * The bound of a period: an instant as the document's `date-time` has it (RFC 3339), or any other
 * ISO 8601 date or timestamp (`2027-01-01`).
 */
const DateOrInstant = () =>
  ValidateBy({
    name: 'isDateOrInstant',
    validator: {
      validate: (value: unknown) =>
        isTimestamp(value) || (typeof value === 'string' && isISO8601(value, { strict: true })),
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must be an ISO 8601 date or timestamp`,
    },
  });

/** Filters of every archive list. */
export class ArchiveQueryDto {
  @ApiPropertyOptional({ enum: statuses, description: 'Open items, closed ones, or both (default any)' })
  @IsOptional()
  @IsIn(statuses, { message: `status must be one of ${statuses.join(', ')}` })
  status?: (typeof statuses)[number];

  @ApiPropertyOptional({
    description: 'Words that must all appear in the title or the text',
    example: 'budget',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @ApiPropertyOptional({
    description: 'Opened at or after this instant',
    example: '2027-01-01T00:00:00Z',
    format: 'date-time',
  })
  @IsOptional()
  @DateOrInstant()
  openedFrom?: string;

  @ApiPropertyOptional({
    description: 'Opened before this instant',
    example: '2028-01-01T00:00:00Z',
    format: 'date-time',
  })
  @IsOptional()
  @DateOrInstant()
  openedTo?: string;

  @ApiPropertyOptional({ description: 'Closed at or after this instant', format: 'date-time' })
  @IsOptional()
  @DateOrInstant()
  closedFrom?: string;

  @ApiPropertyOptional({ description: 'Closed before this instant', format: 'date-time' })
  @IsOptional()
  @DateOrInstant()
  closedTo?: string;

  @ApiPropertyOptional({
    description: "The item's own status word, e.g. voting, overdue, awarded",
    pattern: WORD.source,
  })
  @IsOptional()
  @Matches(WORD, { message: 'state must be a status word such as voting' })
  state?: string;

  @ApiPropertyOptional({
    description: 'Items per page, newest first (1..200, default 50)',
    type: 'integer',
    minimum: 1,
    maximum: 200,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The previous page’s nextCursor (opaque)', pattern: CURSOR.source })
  @IsOptional()
  @Matches(CURSOR, { message: 'cursor must come from a previous page' })
  cursor?: string;
}

export class DecisionArchiveQueryDto extends ArchiveQueryDto {
  @ApiPropertyOptional({ enum: decisionRules })
  @IsOptional()
  @IsIn(decisionRules, { message: 'rule must be a decision rule such as absolute' })
  rule?: string;

  @ApiPropertyOptional({ enum: decisionOutcomes })
  @IsOptional()
  @IsIn(decisionOutcomes, { message: 'outcome must be an outcome such as adopted' })
  outcome?: string;

  @ApiPropertyOptional({
    description: 'Only decisions taken for this round, cycle or request',
    pattern: ITEM_ID.source,
  })
  @IsOptional()
  @Matches(ITEM_ID, { message: 'parentId must be an item id' })
  parentId?: string;
}

export class OutcomeArchiveQueryDto extends ArchiveQueryDto {
  @ApiPropertyOptional({ description: 'How it ended, e.g. closed, cancelled, ended', pattern: WORD.source })
  @IsOptional()
  @Matches(WORD, { message: 'outcome must be a status word such as closed' })
  outcome?: string;
}

export class FundingRequestArchiveQueryDto extends OutcomeArchiveQueryDto {
  @ApiPropertyOptional({ description: 'The requesting seat', example: 'DE', pattern: SEAT.source })
  @IsOptional()
  @Matches(SEAT, { message: 'seat must be a seat code such as DE' })
  seat?: string;

  @ApiPropertyOptional({
    description: 'The priority it answers',
    example: 'capacity-building',
    pattern: WORD.source,
  })
  @IsOptional()
  @Matches(WORD, { message: 'priority must be a priority code such as capacity-building' })
  priority?: string;

  @ApiPropertyOptional({ description: 'Only requests of this round', pattern: ITEM_ID.source })
  @IsOptional()
  @Matches(ITEM_ID, { message: 'roundId must be a funding round id' })
  roundId?: string;
}

export class ObligationArchiveQueryDto extends OutcomeArchiveQueryDto {
  @ApiPropertyOptional({ description: 'The owing seat', example: 'DE', pattern: SEAT.source })
  @IsOptional()
  @Matches(SEAT, { message: 'seat must be a seat code such as DE' })
  seat?: string;
}

/** One item of an archive list: what a list shows; the whole item is at its own address. */
export class ArchiveItemView {
  @ApiProperty({ enum: recordKinds }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: "The item's own status word" }) status!: string;
  @ApiProperty() open!: boolean;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) rule!: string | null;
  @ApiProperty({ type: String, nullable: true }) seat!: string | null;
  @ApiProperty({ type: String, nullable: true }) priority!: string | null;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
}

export class ArchivePageView {
  @ApiProperty({ type: [ArchiveItemView] }) items!: ArchiveItemView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor!: string | null;
}
