/**
 * `GET /health`: `{ status: "ok" }` once Temporal answers, 503 otherwise. Built on
 * @nestjs/terminus, the maintained health-check module, with one indicator for Temporal.
 */
import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { Public } from '../../auth/public.decorator';

@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly client: Client,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.indicators.check('temporal');
    try {
      await this.client.connection.withDeadline(Date.now() + 2000, () =>
        this.client.workflowService.getSystemInfo({}),
      );
      return indicator.up();
    } catch {
      return indicator.down({ message: 'Temporal is unreachable' });
    }
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and reachability of Temporal' })
  check() {
    return this.health.check([() => this.temporal.check()]);
  }
}
