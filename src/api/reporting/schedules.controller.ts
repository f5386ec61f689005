/** `/reporting-schedules` routes: recurring obligations (docs/api-conventions.md). Thin: the service does the work. */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { IdempotencyToken } from '../common/idempotency';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import { CreateScheduleDto, PauseScheduleDto, ScheduleListView, ScheduleView } from './schedule.dto';
import { SchedulesService } from './schedules.service';

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting-schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Create a recurring obligation: one obligation per seat and period' })
  @ApiResponse({ status: 201, type: ScheduleView })
  create(
    @CurrentCaller() caller: Caller,
    @Body() dto: CreateScheduleDto,
    @IdempotencyKey() token?: IdempotencyToken,
  ): Promise<ScheduleView> {
    return this.schedules.create(caller, dto, token);
  }

  @Get()
  @Roles('secretariat', 'manager')
  @ApiOperation({
    summary: 'Every recurring obligation, by title then id',
    description:
      "Listed from Temporal's visibility, which trails writes by about a second: a schedule created a moment ago may be missing. X-Data-As-Of: when it was read.",
  })
  @ApiResponse({ status: 200, type: ScheduleListView })
  async list(@Res({ passthrough: true }) res: Response): Promise<ScheduleListView> {
    const list = await this.schedules.list();
    // The same freshness headers as the tracking routes' visibility answers.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Data-As-Of', list.asOf);
    res.setHeader('X-Consistency', 'eventual; a schedule created in the last second or so may be missing');
    return list;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A recurring obligation: its rule, state, next and recent periods' })
  @ApiResponse({ status: 200, type: ScheduleView })
  get(@Param('id') id: string): Promise<ScheduleView> {
    return this.schedules.get(id);
  }

  @Post(':id/pause')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause: no period opens until unpaused' })
  @ApiBody({ type: PauseScheduleDto, required: false })
  @ApiResponse({ status: 200, type: ScheduleView })
  pause(@Param('id') id: string, @Body() dto?: PauseScheduleDto): Promise<ScheduleView> {
    return this.schedules.pause(id, dto?.reason);
  }

  @Post(':id/unpause')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unpause' })
  @ApiResponse({ status: 200, type: ScheduleView })
  unpause(@Param('id') id: string): Promise<ScheduleView> {
    return this.schedules.unpause(id);
  }

  @Delete(':id')
  @Roles('secretariat')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete: no further periods; obligations already opened run on' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.schedules.delete(id);
  }
}
