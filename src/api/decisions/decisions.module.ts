/** Board decisions: `/decisions` routes over the decision workflow. */
import { Module } from '@nestjs/common';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';

@Module({ controllers: [DecisionsController], providers: [DecisionsService], exports: [DecisionsService] })
export class DecisionsModule {}
