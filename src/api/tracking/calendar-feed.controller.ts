/**
 * Each person's calendar feed: a secret URL a calendar application subscribes to, since it can
 * send neither a bearer token nor the pages' session cookie. The person issues it (again, to
 * replace it) and revokes it; the URL then answers 404. The feed holds what the person's
 * appointment at the moment of each fetch shows: their seat's deadlines for a member, every open
 * deadline for the secretariat and managers; one whose appointment has ended gets 403.
 */
import {
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Public } from '../../auth/public.decorator';
import type { AppConfig } from '../../config/env';
import { CalendarFeedRepository } from '../../record/calendar-feed-repository';
import { RosterDirectory } from '../../roster/roster-directory';
import { pendingCalendar } from '../../tracking/calendar';
import { APP_CONFIG } from '../common/tokens';
import { MeetingsService } from '../meetings/meetings.service';
import { baseUrl, freshness } from './tracking.controller';
import { TrackingService } from './tracking.service';

export class CalendarFeedView {
  @ApiProperty({ description: 'Whether the caller has a feed URL now' }) active!: boolean;
  @ApiPropertyOptional({ description: 'When the current URL was issued' }) issuedAt?: string;
}

export class IssuedCalendarFeedView {
  @ApiProperty({
    description:
      'The feed URL, shown this once (only a hash of its token is kept); any earlier one stops working',
  })
  url!: string;
  @ApiProperty() issuedAt!: string;
}

export class RevokedCalendarFeedView {
  @ApiProperty({ description: 'False when there was no feed to revoke' }) revoked!: boolean;
}

@ApiTags('tracking')
@Controller()
export class CalendarFeedController {
  constructor(
    private readonly feeds: CalendarFeedRepository,
    private readonly roster: RosterDirectory,
    private readonly tracking: TrackingService,
    private readonly meetings: MeetingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('me/calendar-feed')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Whether the caller has a calendar feed URL (the URL itself is shown only when issued)',
  })
  @ApiResponse({ status: 200, type: CalendarFeedView })
  async status(@CurrentCaller() caller: Caller): Promise<CalendarFeedView> {
    const issuedAt = await this.feeds.issuedAt(caller.sub);
    return issuedAt ? { active: true, issuedAt } : { active: false };
  }

  @Post('me/calendar-feed')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Issues the caller's calendar feed URL, replacing any earlier one (which then answers 404)",
  })
  @ApiResponse({ status: 201, type: IssuedCalendarFeedView })
  async issue(@CurrentCaller() caller: Caller): Promise<IssuedCalendarFeedView> {
    const { token, issuedAt } = await this.feeds.issue(caller.sub);
    return { url: `${this.config.publicUrl}/calendar-feeds/${token}.ics`, issuedAt };
  }

  @Delete('me/calendar-feed')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Revokes the caller's calendar feed URL (it then answers 404)" })
  @ApiResponse({ status: 200, type: RevokedCalendarFeedView })
  async revoke(@CurrentCaller() caller: Caller): Promise<RevokedCalendarFeedView> {
    return { revoked: await this.feeds.revoke(caller.sub) };
  }

  @Get('calendar-feeds/:token.ics')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary:
      "A person's calendar feed, by the secret URL they issued (no token or cookie): their seat's deadlines and the meetings it is invited to, or every open deadline and every meeting for the secretariat and managers",
  })
  @ApiResponse({ status: 404, description: 'Revoked, replaced or never issued' })
  @ApiResponse({ status: 403, description: "The person's appointment has ended (the reason is named)" })
  async feed(
    @Param('token') token: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const personId = await this.feeds.personFor(token);
    if (!personId) throw new NotFoundException('calendar feed not found: revoked, replaced or never issued');
    const roster = await this.roster.current();
    const person = roster.person(personId);
    const now = Date.now();
    const held = person ? roster.appointmentsAt(person.id, now) : [];
    if (!person || held.length === 0)
      throw new ForbiddenException(
        person ? roster.whyNothingAt(person, now) : `${personId} is not on the board's roster`,
      );
    const seat = held.find((a) => a.role === 'member')?.seat;
    const everything = held.some((a) => a.role === 'secretariat' || a.role === 'manager');
    const mine = everything || !seat ? undefined : seat;
    // A feed holds every deadline, so it reads every row (list), unlike the pages.
    const [snapshot, meetings] = await Promise.all([
      this.tracking.list(mine ? { seat: mine } : {}),
      this.meetings.states(),
    ]);
    freshness(res, snapshot);
    return pendingCalendar(
      snapshot.items,
      mine ? `Board deadlines for ${mine}` : 'Board deadlines',
      baseUrl(req),
      { meetings, seat: mine },
    );
  }
}
