/**
 * The development sign-in: picks a person of the roster and mints a token for them, with no
 * password. It exists only in the embedded default (no TEMPORAL_ADDRESS, no JWT_SECRET, no
 * OIDC_ISSUER: the API generated its own signing secret into the data folder), where whoever runs
 * `npm start` can read that secret anyway. Anywhere else the routes are not registered (404).
 * What the person may do is the roster's answer at each call, as for any sign-in.
 */
import { Body, Controller, Get, Inject, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { capacityLabel } from '../../workflows/roster/roster-record';
import { Public } from '../auth/public.decorator';
import { signServiceToken } from '../auth/token-signer';
import type { AppConfig } from '../config/env';
import { RosterDirectory } from '../roster/roster-directory';

/** Injection token: the secret the API signs with, handed over by start-up. */
export const DEV_SIGNING_SECRET = Symbol('DevSigningSecret');

/**
 * True when the development sign-in may exist: the embedded default, whose signing secret the
 * API generated itself. A configured JWT_SECRET, OIDC_ISSUER or Temporal cluster means a real deployment.
 */
export function devSignInAvailable(config: Pick<AppConfig, 'temporal' | 'jwtSecret' | 'oidc'>): boolean {
  return config.temporal.embedded && !config.jwtSecret && !config.oidc.issuer;
}

export class DevSignInDto {
  @ApiProperty({ description: 'The roster id of the person signing in', example: 'anna-schmidt' })
  @IsString()
  @IsNotEmpty({ message: 'person must be the roster id of the person signing in' })
  @MaxLength(200)
  person!: string;
}

export class DevPersonView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], example: ['alternate for DE'] }) holds!: string[];
}

export class DevSignInInfoView {
  @ApiProperty({ description: 'Always true: this route exists only in development' }) development!: true;
  @ApiProperty({ type: [DevPersonView], description: 'People holding an appointment now' })
  people!: DevPersonView[];
}

export class DevTokenView {
  @ApiProperty() token!: string;
  @ApiProperty() person!: string;
  @ApiPropertyOptional() name?: string;
}

@ApiTags('development')
@Controller('dev/sign-in')
export class DevSignInController {
  constructor(
    private readonly roster: RosterDirectory,
    @Inject(DEV_SIGNING_SECRET) private readonly secret: string,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Development only (embedded default): the people one may sign in as' })
  @ApiResponse({ status: 200, type: DevSignInInfoView })
  async info(): Promise<DevSignInInfoView> {
    const roster = await this.roster.current();
    const now = Date.now();
    const people = roster.state.people
      .map((p) => ({ id: p.id, name: p.name, holds: roster.appointmentsAt(p.id, now).map(capacityLabel) }))
      .filter((p) => p.holds.length > 0);
    return { development: true, people };
  }

  @Post()
  @Public()
  @ApiOperation({
    summary: 'Development only (embedded default): a 12-hour token for a person of the roster',
  })
  @ApiResponse({ status: 201, type: DevTokenView })
  async signIn(@Body() dto: DevSignInDto): Promise<DevTokenView> {
    const person = (await this.roster.current()).person(dto.person);
    if (!person) throw new UnprocessableEntityException(`${dto.person} is not on the board's roster`);
    return { token: signServiceToken(this.secret, person.id), person: person.id, name: person.name };
  }
}
