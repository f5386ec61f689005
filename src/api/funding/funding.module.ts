/** Funding rounds and requests: `/funding-rounds` and `/funding-requests` over their workflows. */
import { Module } from '@nestjs/common';
import { FundingRequestsController, FundingRoundsController } from './funding.controller';
import { FundingService } from './funding.service';

@Module({ controllers: [FundingRoundsController, FundingRequestsController], providers: [FundingService] })
export class FundingModule {}
