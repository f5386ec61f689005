/** Funding rounds and requests: `/funding-rounds` and `/funding-requests` over their workflows. */
import { Module } from '@nestjs/common';
import { FundingRequestsController, FundingRoundsController } from './funding.controller';
import { FundingService } from './funding.service';
import { OpenCallsController } from './open-calls.controller';
import { OpenCallsService } from './open-calls.service';

@Module({
  controllers: [FundingRoundsController, FundingRequestsController, OpenCallsController],
  providers: [FundingService, OpenCallsService],
})
export class FundingModule {}
