/** Priority-setting cycles and the work programme: `/priority-cycles` and `/work-programme` over their workflows. */
import { Module } from '@nestjs/common';
import { PriorityCyclesController, WorkProgrammeController } from './priorities.controller';
import { PrioritiesService } from './priorities.service';

@Module({ controllers: [PriorityCyclesController, WorkProgrammeController], providers: [PrioritiesService] })
export class PrioritiesModule {}
