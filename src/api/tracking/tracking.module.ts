/** Tracking: pending lists, CSV and calendar feeds, all from Temporal's visibility. */
import { Module } from '@nestjs/common';
import { CalendarFeedController } from './calendar-feed.controller';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

@Module({ controllers: [TrackingController, CalendarFeedController], providers: [TrackingService] })
export class TrackingModule {}
