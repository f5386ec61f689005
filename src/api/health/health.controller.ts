/**
 * Probes, on @nestjs/terminus with one indicator for Temporal:
 * - `GET /health/live`: 200 while the process answers at all (Kubernetes' liveness probe: a
 *   failure means restart it). It does not ask Temporal: a Temporal outage must not restart
 *   every API replica.
 * - `GET /health/ready`: 200 when Temporal answers and the process is not shutting down, 503
 *   otherwise (readiness: a failure means send it no traffic).
 * - `GET /health`: Temporal's reachability, as before (kept for existing monitors).
 */
import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { Public } from '../../auth/public.decorator';
import { ShutdownState } from './shutdown-state';

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

@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly shutdown: ShutdownState,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check() {
    const indicator = this.indicators.check('process');
    return this.shutdown.draining ? indicator.down({ message: 'shutting down' }) : indicator.up();
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly temporal: TemporalHealthIndicator,
    private readonly process: ShutdownHealthIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Reachability of Temporal' })
  check() {
    return this.health.check([() => this.temporal.check()]);
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers (does not ask Temporal)' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: Temporal answers and the process is not shutting down' })
  ready() {
    return this.health.check([() => this.process.check(), () => this.temporal.check()]);
  }
}
