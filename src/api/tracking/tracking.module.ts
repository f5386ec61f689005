/** Tracking: pending lists, CSV and calendar feeds, from the record or Temporal's visibility (PENDING_SOURCE). */
import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module';
import { CalendarFeedController } from './calendar-feed.controller';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

@Module({
  imports: [MeetingsModule],
  controllers: [TrackingController, CalendarFeedController],
  providers: [TrackingService],
})
export class TrackingModule {}
