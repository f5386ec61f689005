/** `/board/roster`: who sits for whom, from when to when; the secretariat appoints and ends. */
import { Body, Controller, Get, HttpCode, Param, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { activeAt, capacityLabel } from '../../../workflows/roster/roster-record';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import type { IdempotencyToken } from '../common/idempotency';
import { BoardDirectory } from '../../board/board-directory';
import { RosterDirectory } from '../../roster/roster-directory';
import type { RosterView } from '../../roster/roster-view';
import { AppointDto, AppointmentView, EndAppointmentDto, RosterResponse } from './roster.dto';

/** The roster as the API shows it, with "current" at `now`. */
export function rosterResponse(roster: RosterView, now = Date.now()): RosterResponse {
  const { people, appointments, changes } = roster.state;
  return {
    asOf: new Date(now).toISOString(),
    people: people.map(({ id, name, email, kind }) => ({ id, name, email, kind })),
    appointments: appointments.map((a) => appointmentView(roster, a.id, now)),
    changes: changes.map((c) => ({ ...c })),
  };
}

function appointmentView(roster: RosterView, id: string, now: number): AppointmentView {
  const a = roster.state.appointments.find((x) => x.id === id);
  if (!a) throw new Error(`appointment ${id} missing from the roster`);
  return {
    ...a,
    name: roster.person(a.personId)?.name ?? a.personId,
    label: capacityLabel(a),
    current: activeAt(a, now),
  };
}

@ApiTags('board')
@ApiBearerAuth()
@Controller('board/roster')
export class RosterController {
  constructor(
    private readonly roster: RosterDirectory,
    private readonly board: BoardDirectory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The roster: people, appointments past, current and future, and every change' })
  @ApiResponse({ status: 200, type: RosterResponse })
  async get(): Promise<RosterResponse> {
    return rosterResponse(await this.roster.current());
  }

  @Post()
  @Roles('secretariat')
  @ApiOperation({
    summary:
      'Appoint someone: a seat member or alternate, secretariat staff, a manager (409 if the place is taken)',
  })
  @ApiResponse({ status: 201, type: AppointmentView })
  async appoint(
    @CurrentCaller() caller: Caller,
    @Body() dto: AppointDto,
    @IdempotencyKey() key?: IdempotencyToken,
  ): Promise<AppointmentView> {
    if (dto.seat !== undefined && !this.board.seat(dto.seat))
      throw new UnprocessableEntityException(`seat ${dto.seat} is not on this board`);
    const { roster, appointmentId } = await this.roster.appoint({ ...dto, by: caller.sub }, key);
    return appointmentView(roster, appointmentId, Date.now());
  }

  @Post(':id/end')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an appointment, with a reason (now, or at a later instant)' })
  @ApiResponse({ status: 200, type: AppointmentView })
  async end(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() dto: EndAppointmentDto,
    @IdempotencyKey() key?: IdempotencyToken,
  ): Promise<AppointmentView> {
    const { roster } = await this.roster.end({ appointmentId: id, ...dto, by: caller.sub }, key);
    return appointmentView(roster, id, Date.now());
  }
}
