/** Query of the register routes. */
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class RegisterQueryDto {
  @ApiProperty({ description: 'The calendar year (UTC) the decisions closed in', example: 2027 })
  @Type(() => Number)
  @IsInt({ message: 'year must be a year such as 2027' })
  @Min(2000, { message: 'year must be between 2000 and 2999' })
  @Max(2999, { message: 'year must be between 2000 and 2999' })
  year!: number;
}
