/** Tracking routes (docs/api-conventions.md): what awaits a seat, everything open, as JSON, CSV and iCalendar. */
import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Header,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { AllowQueryToken } from '../../auth/query-token.decorator';
import { Roles } from '../../auth/roles.decorator';
import { pendingCalendar } from '../../tracking/calendar';
import { decodeCursor, encodeCursor } from '../../tracking/cutoff-search';
import { pendingCsv } from '../../tracking/pending-csv';
import { MeetingsService } from '../meetings/meetings.service';
import type { PendingFilter } from '../../tracking/visibility-query';
import {
  MyPendingQueryDto,
  PendingItemView,
  PendingPageQueryDto,
  PendingPageView,
  PendingQueryDto,
} from './tracking.dto';
import { TrackingService, type PendingSnapshot } from './tracking.service';

/** Says how fresh a visibility answer is. */
export function freshness(res: Response, snapshot: PendingSnapshot): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Data-As-Of', snapshot.asOf);
  res.setHeader('X-Consistency', 'eventual; visibility trails writes by about a second');
}

function toFilter(q: PendingQueryDto): PendingFilter {
  return {
    kind: q.kind,
    seat: q.seat,
    overdue: q.overdue,
    dueBefore: q.dueBefore ? new Date(q.dueBefore) : undefined,
  };
}

@ApiTags('tracking')
@ApiBearerAuth()
@Controller()
export class TrackingController {
  constructor(
    private readonly tracking: TrackingService,
    private readonly meetings: MeetingsService,
  ) {}

  @Get('me/pending')
  @Roles('member')
  @ApiOperation({
    summary: "What awaits the caller's seat, soonest first, a page at a time",
    description: 'X-Total-Count: all items; Link rel="next": the next page; X-Data-As-Of: how fresh.',
  })
  @ApiResponse({ status: 200, type: [PendingItemView] })
  async mine(
    @CurrentCaller() caller: Caller,
    @Query() q: MyPendingQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PendingItemView[]> {
    const cursor = q.after === undefined ? undefined : decodeCursor(q.after);
    if (q.after !== undefined && !cursor)
      throw new BadRequestException('after must be a cursor from a previous page');
    const page = await this.tracking.page({ seat: this.seatOf(caller) }, q.limit ?? 25, cursor);
    freshness(res, page);
    res.setHeader('X-Total-Count', String(page.total));
    if (page.next) {
      const params = new URLSearchParams({ limit: String(q.limit ?? 25), after: encodeCursor(page.next) });
      res.setHeader('Link', `<${baseUrl(req)}/me/pending?${params}>; rel="next"`);
    }
    return page.items;
  }

  @Get('pending')
  @Roles('secretariat', 'manager')
  @ApiOperation({
    summary: 'Everything open, filtered, with counts per seat and per kind; paged',
    description: 'Soonest first. nextPageToken is opaque: pass it back as pageToken for the next page.',
  })
  @ApiResponse({ status: 200, type: PendingPageView })
  async all(
    @Query() q: PendingPageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PendingPageView> {
    const cursor = q.pageToken === undefined ? undefined : decodeCursor(q.pageToken);
    if (q.pageToken !== undefined && !cursor)
      throw new BadRequestException('pageToken must come from a previous page');
    // Reads this page's rows and counts, never the whole list (the CSV below does).
    const page = await this.tracking.overview(toFilter(q), q.pageSize ?? 100, cursor);
    freshness(res, page);
    return {
      items: page.items,
      total: page.total,
      counts: page.counts,
      nextPageToken: page.next ? encodeCursor(page.next) : null,
      asOf: page.asOf,
    };
  }

  @Get('pending.csv')
  @Roles('secretariat', 'manager')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="pending.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The pending list as CSV (same filters as /pending, all rows)' })
  async csv(@Query() q: PendingQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    // An export holds every row: the one place a manager's request reads the whole list.
    const snapshot = await this.tracking.list(toFilter(q));
    freshness(res, snapshot);
    return pendingCsv(snapshot.items);
  }

  @Get('me/calendar.ics')
  @Roles('member')
  @AllowQueryToken()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiQuery({
    name: 'access_token',
    required: false,
    description: 'For calendar apps that cannot send a header',
  })
  @ApiOperation({
    summary: "The caller's seat's deadlines and every meeting it is invited to, as iCalendar",
    description:
      'A meeting keeps the UID of its invitation: moved, its SEQUENCE is higher; cancelled, it is STATUS:CANCELLED.',
  })
  async myCalendar(
    @CurrentCaller() caller: Caller,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const seat = this.seatOf(caller);
    // A feed holds every deadline, so it reads every row (list), unlike the pages.
    const [snapshot, meetings] = await Promise.all([this.tracking.list({ seat }), this.meetings.states()]);
    freshness(res, snapshot);
    return pendingCalendar(snapshot.items, `Board deadlines for ${seat}`, baseUrl(req), { meetings, seat });
  }

  @Get('calendar.ics')
  @Roles('secretariat', 'manager')
  @AllowQueryToken()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiQuery({
    name: 'access_token',
    required: false,
    description: 'For calendar apps that cannot send a header',
  })
  @ApiOperation({ summary: 'Every open deadline and every meeting as iCalendar' })
  async calendar(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    // A feed holds every deadline, so it reads every row (list), unlike the pages.
    const [snapshot, meetings] = await Promise.all([this.tracking.list({}), this.meetings.states()]);
    freshness(res, snapshot);
    return pendingCalendar(snapshot.items, 'Board deadlines', baseUrl(req), { meetings });
  }

  private seatOf(caller: Caller): string {
    if (!caller.seat) throw new ForbiddenException('only a member of a seat has a pending list');
    return caller.seat;
  }
}

export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}
