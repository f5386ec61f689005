/**
 * The API's module, built from what start-up hands it (configuration, the board, a connected
 * Temporal client), so the same module runs embedded, alone, and in tests.
 */
import {
  DynamicModule,
  Module,
  RequestMethod,
  ValidationPipe,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { Client } from '@temporalio/client';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AuthGuard } from '../auth/auth.guard';
import { MeController } from '../auth/me.controller';
import { SessionSealer } from '../auth/session-cookie';
import { SessionController } from '../auth/session.controller';
import { TokenVerifier } from '../auth/token-verifier';
import { BoardDirectory } from '../board/board-directory';
import type { AppConfig } from '../config/env';
import type { RecordDatabase } from '../record/record-database';
import { BoardController } from './board/board.controller';
import { GlobalExceptionFilter } from './common/global-exception.filter';
import { NulCharactersPipe } from './common/nul-characters.pipe';
import { WriteThrottlerGuard, writeThrottlerOptions } from './common/rate-limit';
import { CoreModule } from './core.module';
import { DecisionsModule } from './decisions/decisions.module';
import { FundingModule } from './funding/funding.module';
import { PrioritiesModule } from './priorities/priorities.module';
import { TrackingModule } from './tracking/tracking.module';
import { RecordModule } from './record/record.module';
import {
  HealthController,
  ShutdownHealthIndicator,
  TemporalHealthIndicator,
} from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { ShutdownState } from './health/shutdown-state';
import { httpLoggingParams } from '../observability/http-logging';
import { HttpMetrics } from '../observability/http-metrics';
import { ReportingModule } from './reporting/reporting.module';
import { RosterModule } from './roster/roster.module';
import { MeetingsModule } from './meetings/meetings.module';
import { RosterDirectory } from '../roster/roster-directory';
import { loadRosterSeed } from '../roster/roster-seed';
import { WebModule } from '../web/web.module';

/** What the API needs from its start-up. */
export interface ApiDependencies {
  config: AppConfig;
  board: BoardDirectory;
  client: Client;
  /** The board's record (src/record), migrated. */
  record: RecordDatabase;
  signingSecret: string;
  /** The process's logger; by default one made from the configuration. */
  logger?: Logger;
  /** The roster to read (default: the roster workflow through `client`). */
  roster?: RosterDirectory;
}

/** What {@link createApiApp} builds around the module: where logs and metrics go. */
export interface ApiObservability {
  logger: Logger;
  metrics: HttpMetrics;
}

@Module({})
export class AppModule implements NestModule {
  /** Cookies for the pages' session (HttpOnly, read by the session routes and the guard). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(cookieParser()).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }

  static forRoot(deps: ApiDependencies, observability: ApiObservability): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        // JSON request logs with a request id that every log line of the request carries.
        LoggerModule.forRoot(httpLoggingParams(observability.logger)),
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot(writeThrottlerOptions(deps.config)),
        // The roster: who sits for whom, read by the guard on every request.
        RosterModule.forRoot(
          deps.roster ??
            new RosterDirectory(deps.client, {
              taskQueue: deps.config.temporal.taskQueue,
              seed: loadRosterSeed(deps.config.boardConfigPath, deps.board),
              maxAgeMs: deps.config.rosterMaxAgeMs,
            }),
        ),
        // Feature modules, one per kind of workflow.
        DecisionsModule,
        MeetingsModule,
        FundingModule,
        PrioritiesModule,
        ReportingModule,
        TrackingModule,
        // The board's record: lists of open and closed items.
        RecordModule,
        // The pages' front door.
        WebModule,
      ],
      controllers: [HealthController, MetricsController, BoardController, MeController, SessionController],
      providers: [
        TemporalHealthIndicator,
        ShutdownHealthIndicator,
        ShutdownState,
        { provide: HttpMetrics, useValue: observability.metrics },
        {
          provide: TokenVerifier,
          useValue: new TokenVerifier({ ...deps.config.oidc, serviceSecret: deps.signingSecret }),
        },
        { provide: SessionSealer, useValue: new SessionSealer(deps.signingSecret) },
        { provide: APP_GUARD, useClass: AuthGuard },
        // After the AuthGuard: writes are counted per verified caller.
        { provide: APP_GUARD, useClass: WriteThrottlerGuard },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
        // Before validation: a NUL character is refused whatever field it is in.
        { provide: APP_PIPE, useClass: NulCharactersPipe },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
      ],
    };
  }
}
