/**
 * The development sign-in: picks a seat and a role and mints a token, with no password. It
 * exists only in the embedded default (no TEMPORAL_ADDRESS, no JWT_SECRET: the API generated its
 * own signing secret into the data folder), where whoever runs `npm start` can already print
 * any token with `npm run token`. Anywhere else the routes are not registered at all (404).
 */
import { Body, Controller, Get, Inject, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OneOf, SeatCode } from '../api/common/fields';
import { roles, type Role } from '../auth/caller';
import { Public } from '../auth/public.decorator';
import { signToken } from '../auth/token-signer';
import { BoardDirectory } from '../board/board-directory';
import type { AppConfig } from '../config/env';

/** Injection token: the secret the API signs with, handed over by start-up. */
export const DEV_SIGNING_SECRET = Symbol('DevSigningSecret');

/**
 * True when the development sign-in may exist: the embedded default, whose signing secret the
 * API generated itself. A configured JWT_SECRET or a Temporal cluster means a real deployment.
 */
export function devSignInAvailable(config: Pick<AppConfig, 'temporal' | 'jwtSecret'>): boolean {
  return config.temporal.embedded && !config.jwtSecret;
}

export class DevSignInDto {
  @OneOf(roles)
  role!: Role;

  /** A seat code or left out: `null` is refused (the document does not allow it). */
  @SeatCode({ optional: true, description: 'For a member: the seat code' })
  seat?: string;

  @ApiProperty({ description: 'Who is signing in (the token sub)', example: 'anna' })
  @IsString()
  @IsNotEmpty({ message: 'sub must name the person signing in' })
  @MaxLength(100)
  sub!: string;
}

export class DevSeatView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() voting!: boolean;
}

export class DevSignInInfoView {
  @ApiProperty({ description: 'Always true: this route exists only in development' }) development!: true;
  @ApiProperty() boardName!: string;
  @ApiProperty({ type: [DevSeatView] }) seats!: DevSeatView[];
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class DevTokenView {
  @ApiProperty() token!: string;
  @ApiProperty({ enum: roles }) role!: string;
  @ApiPropertyOptional() seat?: string;
  @ApiProperty() sub!: string;
}

@ApiTags('development')
@Controller('dev/sign-in')
export class DevSignInController {
  constructor(
    private readonly board: BoardDirectory,
    @Inject(DEV_SIGNING_SECRET) private readonly secret: string,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Development only (embedded default): what the development sign-in offers' })
  @ApiResponse({ status: 200, type: DevSignInInfoView })
  info(): DevSignInInfoView {
    const { name, seats } = this.board.board;
    return {
      development: true,
      boardName: name,
      seats: seats.map(({ code, name, kind, voting }) => ({ code, name, kind, voting })),
      roles: [...roles],
    };
  }

  @Post()
  @Public()
  @ApiOperation({
    summary: 'Development only (embedded default): a 12-hour token for a chosen role and seat',
  })
  @ApiResponse({ status: 201, type: DevTokenView })
  signIn(@Body() dto: DevSignInDto): DevTokenView {
    if (dto.role === 'member') {
      if (!dto.seat) throw new UnprocessableEntityException('a member signs in for a seat: seat is required');
      if (!this.board.seat(dto.seat))
        throw new UnprocessableEntityException(`seat ${dto.seat} is not on this board`);
    } else if (dto.seat) {
      throw new UnprocessableEntityException(`a ${dto.role} has no seat: leave seat out`);
    }
    const seat = dto.role === 'member' ? dto.seat : undefined;
    const token = signToken(this.secret, { sub: dto.sub, role: dto.role, seat });
    return { token, role: dto.role, ...(seat ? { seat } : {}), sub: dto.sub };
  }
}
