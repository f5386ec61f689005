/** Query and response shapes of the tracking routes. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Flag, OneOf, SeatCode, Timestamp } from '../common/fields';
import { trackedKinds } from '../../tracking/pending-item';

/** What a cursor looks like (base64url); only one from a previous page is accepted. */
const CURSOR = /^[A-Za-z0-9_-]{1,300}$/;

export class PendingQueryDto {
  @OneOf(trackedKinds, { optional: true })
  kind?: string;

  @SeatCode({ optional: true, description: 'Only items awaiting this seat' })
  seat?: string;

  @Flag({ optional: true, description: 'Only items past their due time' })
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  overdue?: boolean;

  @Timestamp({
    optional: true,
    description: 'Only items due before this instant',
    example: '2027-01-31T00:00:00Z',
  })
  dueBefore?: string;
}

export class PendingPageQueryDto extends PendingQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    description: 'Items per page (1..1000, default 100)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be an integer' })
  @Min(1)
  @Max(1000)
  pageSize?: number;

  @ApiPropertyOptional({ pattern: CURSOR.source, description: 'The previous page’s nextPageToken (opaque)' })
  @IsOptional()
  @IsString()
  @Matches(CURSOR, { message: 'pageToken must come from a previous page' })
  pageToken?: string;
}

export class MyPendingQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 500,
    description: 'Items per page, soonest first (1..500, default 25)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    pattern: CURSOR.source,
    description: 'The cursor from the previous page’s Link header (rel="next")',
  })
  @IsOptional()
  @IsString()
  @Matches(CURSOR, { message: 'after must be a cursor from a previous page' })
  after?: string;
}

export class PendingItemView {
  @ApiProperty({ enum: trackedKinds }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'What the awaited seats have to do' }) action!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [String] }) awaiting!: string[];
  @ApiProperty({ type: String, nullable: true }) dueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
}

export class PendingCountsView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Open items per awaited seat',
  })
  bySeat!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byKind!: Record<string, number>;
}

export class PendingPageView {
  @ApiProperty({ type: [PendingItemView] }) items!: PendingItemView[];
  @ApiProperty({ description: 'Items matching the filter, all pages' }) total!: number;
  @ApiProperty({ type: PendingCountsView }) counts!: PendingCountsView;
  @ApiProperty({ type: String, nullable: true, description: 'Opaque; null on the last page' })
  nextPageToken!: string | null;
  @ApiProperty({ description: 'When visibility was read; it trails writes by about a second' }) asOf!: string;
}
