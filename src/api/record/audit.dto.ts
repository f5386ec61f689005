/** Query and response shapes of the audit log routes. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Who: the token subject', example: 'sofia.marin@ilo-board.example' })
  @IsOptional()
  @MaxLength(200, { message: 'actor must be at most 200 characters' })
  actor?: string;

  @ApiPropertyOptional({ description: 'The item written', example: 'dec-1a2b' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,120}$/, { message: 'item must be an item id' })
  item?: string;

  @ApiPropertyOptional({
    description: 'The kind of action: `decisions.castBallot`, or all of a kind of item: `decisions`',
    example: 'decisions.castBallot',
  })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9.-]{0,80}$/, {
    message: 'action must be an action such as decisions.castBallot',
  })
  action?: string;

  @ApiPropertyOptional({ description: 'At or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or timestamp' })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or timestamp' })
  to?: string;
}

export class AuditPageQueryDto extends AuditQueryDto {
  @ApiPropertyOptional({ description: 'Entries per page, newest first (1..500, default 100)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be between 1 and 500' })
  @Max(500, { message: 'limit must be between 1 and 500' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'cursor must come from a previous page' })
  cursor?: string;
}

export class AuditEntryView {
  @ApiProperty() id!: number;
  @ApiProperty() at!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ type: String, nullable: true }) seat!: string | null;
  @ApiProperty({ example: 'decisions.castBallot' }) action!: string;
  @ApiProperty({ example: 'POST /decisions/dec-1/ballots' }) route!: string;
  @ApiProperty({ type: String, nullable: true }) itemId!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "The answer's HTTP status; null: the write was begun and its outcome could not be recorded (read the item)",
  })
  status!: number | null;
  @ApiProperty({ type: String, nullable: true }) idempotencyKey!: string | null;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView] }) items!: AuditEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
