/** Reporting: `/reporting-obligations` over the obligation workflow, `/reporting-schedules` over Temporal Schedules. */
import { Module } from '@nestjs/common';
import { ObligationsController } from './obligations.controller';
import { ObligationsService } from './obligations.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

@Module({
  controllers: [ObligationsController, SchedulesController],
  providers: [ObligationsService, SchedulesService],
  exports: [ObligationsService],
})
export class ReportingModule {}
