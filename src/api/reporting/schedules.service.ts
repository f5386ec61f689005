/**
 * Recurring reporting obligations as Temporal Schedules: each scheduled time starts a
 * {@link reportingRoundWorkflow} that opens one obligation per seat for that period.
 */
import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleSpec,
} from '@temporalio/client';
import { MONTHS } from '@temporalio/client/lib/schedule-types';
import { parse } from 'iso8601-duration';
import { isIdOf, scheduledRunIdFor } from '../../../workflows/ids';
import type { ReportingRoundInput } from '../../../workflows/reporting/reporting-round.workflow';
import { reportingRoundWorkflow } from '../../../workflows/reporting/reporting-round.workflow';
import { addDuration } from '../../../workflows/rules/durations';
import { fieldMessages } from '../common/field-messages';
import type { Caller } from '../../auth/caller';
import { BoardDirectory } from '../../board/board-directory';
import { mapBounded } from '../../tracking/bounded';
import type { AppConfig } from '../../config/env';
import type { IdempotencyToken } from '../common/idempotency';
import { APP_CONFIG } from '../common/tokens';
import { workflowIdFor } from '../common/workflow-writes';
import { checkSpansAndRecipients } from './obligations.service';
import type {
  CalendarRuleDto,
  CreateScheduleDto,
  ScheduleListView,
  ScheduleSummaryView,
  ScheduleView,
} from './schedule.dto';
import { byTitleThenId, ruleSummary } from './schedules.summary';

/** How many schedules the list describes at once: enough to be quick, few enough to spare the server. */
const DESCRIBE_CONCURRENCY = 8;

/** What the API keeps on the schedule (its memo) to show the rule as it was given. */
interface ScheduleMemo {
  requestHash: string | null;
  createdBy: string;
  calendar?: CalendarRuleDto;
  cron?: string;
  every?: string;
  timezone: string;
}

function checkTimezone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new BadRequestException(`timezone must be an IANA time zone such as Europe/Brussels (got ${tz})`);
  }
}

/** The Temporal schedule spec of a rule; 400 naming the field when it is wrong. */
function specFor(dto: CreateScheduleDto): ScheduleSpec {
  const given = (['calendar', 'cron', 'every'] as const).filter((f) => dto[f] !== undefined);
  if (given.length !== 1)
    throw new BadRequestException('give exactly one of calendar, cron or every (when each period opens)');
  const timezone = dto.timezone ?? 'UTC';
  checkTimezone(timezone);
  if (dto.calendar) {
    const c = dto.calendar;
    return {
      calendars: [
        {
          month: c.month === undefined ? '*' : MONTHS[c.month - 1],
          dayOfMonth: c.dayOfMonth ?? '*',
          hour: c.hour ?? 0,
          minute: c.minute ?? 0,
          second: 0,
        },
      ],
      timezone,
    };
  }
  if (dto.cron !== undefined) {
    const fields = dto.cron.trim().split(/\s+/);
    if (fields.length < 5 || fields.length > 7)
      throw new BadRequestException('cron must have 5 fields (minute hour day-of-month month day-of-week)');
    return { cronExpressions: [dto.cron.trim()], timezone };
  }
  // The field decorator has checked it is a positive duration.
  const every = dto.every as string;
  const { years, months } = parse(every);
  if (years || months)
    throw new BadRequestException(
      'every must be a fixed span (weeks, days, hours ...); for months or years give calendar or cron',
    );
  return { intervals: [{ every: addDuration(0, every) }], timezone };
}

@Injectable()
export class SchedulesService {
  constructor(
    private readonly client: Client,
    private readonly board: BoardDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(caller: Caller, dto: CreateScheduleDto, token?: IdempotencyToken): Promise<ScheduleView> {
    const unknown = dto.seats.filter((code) => !this.board.seat(code));
    if (unknown.length) throw new BadRequestException(`seats: unknown seat ${unknown.join(', ')}`);
    if (dto.dueAt !== undefined)
      throw new BadRequestException(
        'dueAt does not apply to a schedule; give dueIn (from each period opening)',
      );
    if (dto.dueIn === undefined)
      throw new BadRequestException(`${fieldMessages.required('dueIn')} (how long after each period opens)`);
    checkSpansAndRecipients(this.board, dto);
    const spec = specFor(dto);
    const id = workflowIdFor('reportingSchedule', token);
    const round: ReportingRoundInput = {
      scheduleId: id,
      title: dto.title,
      seats: dto.seats,
      dueIn: dto.dueIn,
      remindBefore: dto.remindBefore ?? [],
      escalateAfter: dto.escalateAfter,
      escalateEvery: dto.escalateEvery,
      notify: dto.notify,
      reportKind: dto.reportKind,
      openedBy: caller.sub,
    };
    const memo: ScheduleMemo = {
      requestHash: token?.requestHash ?? null,
      createdBy: caller.sub,
      calendar: dto.calendar ? { ...dto.calendar } : undefined,
      cron: dto.cron,
      every: dto.every,
      timezone: dto.timezone ?? 'UTC',
    };
    try {
      const handle = await this.client.schedule.create({
        scheduleId: id,
        spec,
        action: {
          type: 'startWorkflow',
          workflowType: reportingRoundWorkflow,
          args: [round],
          // The server appends the scheduled time, so each period's run has its own id.
          workflowId: scheduledRunIdFor(id),
          taskQueue: this.config.temporal.taskQueue,
        },
        memo: JSON.parse(JSON.stringify(memo)) as Record<string, unknown>,
      });
      return this.view(id, await handle.describe());
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning) || !token) throw err;
      const description = await this.client.schedule.getHandle(id).describe();
      if ((description.memo as Partial<ScheduleMemo> | undefined)?.requestHash !== token.requestHash)
        throw new UnprocessableEntityException('Idempotency-Key was already used with a different request');
      return this.view(id, description);
    }
  }

  /**
   * Every schedule this application created (ids starting `rsc-`; other schedules in the
   * namespace are not ours), by title then id. Temporal lists schedules from its visibility
   * store, which trails writes by about a second: one created a moment ago may be missing.
   * Each listed one is then described (strongly consistent), so what is shown is current and
   * one deleted a moment ago, still listed, is left out.
   */
  async list(): Promise<ScheduleListView> {
    const asOf = new Date().toISOString();
    const ids: string[] = [];
    for await (const s of this.client.schedule.list())
      if (isIdOf('reportingSchedule', s.scheduleId)) ids.push(s.scheduleId);
    const described = await mapBounded(ids, DESCRIBE_CONCURRENCY, (id) => this.describeIfAny(id));
    const items = ids.flatMap((id, i) => {
      const d = described[i];
      return d ? [this.summary(id, d)] : [];
    });
    return { items: items.sort(byTitleThenId), asOf };
  }

  async get(id: string): Promise<ScheduleView> {
    return this.view(id, await this.describe(this.handle(id), id));
  }

  async pause(id: string, reason?: string): Promise<ScheduleView> {
    const handle = this.handle(id);
    await this.describe(handle, id);
    await handle.pause(reason || 'paused by the secretariat');
    return this.view(id, await handle.describe());
  }

  async unpause(id: string): Promise<ScheduleView> {
    const handle = this.handle(id);
    await this.describe(handle, id);
    await handle.unpause('unpaused by the secretariat');
    return this.view(id, await handle.describe());
  }

  /** Deletes the schedule: no further periods; obligations already opened run on. */
  async delete(id: string): Promise<void> {
    const handle = this.handle(id);
    await this.describe(handle, id);
    await handle.delete();
  }

  private handle(id: string): ScheduleHandle {
    if (!isIdOf('reportingSchedule', id)) throw new NotFoundException(`reporting schedule ${id} not found`);
    return this.client.schedule.getHandle(id);
  }

  private async describe(handle: ScheduleHandle, id: string): Promise<ScheduleDescription> {
    try {
      return await handle.describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError)
        throw new NotFoundException(`reporting schedule ${id} not found`);
      throw err;
    }
  }

  /** The description, or null when the schedule is gone (deleted after the list was read). */
  private async describeIfAny(id: string): Promise<ScheduleDescription | null> {
    try {
      return await this.client.schedule.getHandle(id).describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return null;
      throw err;
    }
  }

  private summary(id: string, d: ScheduleDescription): ScheduleSummaryView {
    const full = this.view(id, d);
    return {
      id,
      title: full.title,
      seats: full.seats,
      rule: full.rule,
      paused: full.paused,
      note: full.note,
      nextPeriod: full.nextPeriods[0] ?? null,
      periodsOpened: full.periodsOpened,
    };
  }

  private view(id: string, d: ScheduleDescription): ScheduleView {
    const memo = (d.memo ?? {}) as Partial<ScheduleMemo>;
    const action = d.action as { args?: unknown[] };
    const round = (action.args?.[0] ?? {}) as Partial<ReportingRoundInput>;
    return {
      id,
      title: round.title ?? '',
      seats: round.seats ?? [],
      ...(memo.calendar ? { calendar: memo.calendar } : {}),
      ...(memo.cron ? { cron: memo.cron } : {}),
      ...(memo.every ? { every: memo.every } : {}),
      timezone: memo.timezone ?? 'UTC',
      rule: ruleSummary({
        calendar: memo.calendar,
        cron: memo.cron,
        every: memo.every,
        timezone: memo.timezone ?? 'UTC',
      }),
      dueIn: round.dueIn ?? '',
      remindBefore: round.remindBefore ?? [],
      escalateAfter: round.escalateAfter ?? null,
      escalateEvery: round.escalateEvery ?? null,
      notify: round.notify ?? [],
      reportKind: round.reportKind ?? null,
      paused: d.state.paused,
      // Temporal gives an empty note when there is none.
      note: d.state.note || null,
      // Temporal still computes times for a paused schedule, but none of them will open a period.
      nextPeriods: d.state.paused ? [] : d.info.nextActionTimes.map((t) => t.toISOString()),
      recentPeriods: d.info.recentActions.map((a) => ({
        scheduledAt: a.scheduledAt.toISOString(),
        takenAt: a.takenAt.toISOString(),
        workflowId: a.action.workflow.workflowId,
      })),
      periodsOpened: d.info.numActionsTaken,
      createdBy: memo.createdBy ?? '',
      createdAt: d.info.createdAt.toISOString(),
    };
  }
}
