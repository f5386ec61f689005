/** `GET /calls`: the funding rounds open for requests, for every signed-in caller. */
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { OpenCallView } from './open-calls.dto';
import { OpenCallsService } from './open-calls.service';

@ApiTags('funding')
@ApiBearerAuth()
@Controller('calls')
export class OpenCallsController {
  constructor(private readonly calls: OpenCallsService) {}

  @Get()
  @ApiOperation({
    summary: 'Open calls for funding: windows, envelopes, priorities and caps, soonest closing first',
  })
  @ApiResponse({ status: 200, type: [OpenCallView] })
  list(@CurrentCaller() caller: Caller): Promise<OpenCallView[]> {
    return this.calls.list(caller);
  }
}
