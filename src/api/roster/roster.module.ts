/**
 * The board's roster: the directory (global, since the sign-in guard reads it on every request)
 * and the `/board/roster` routes. The roster workflow is started with the configuration's seed
 * when the API starts (or on the first request that needs it).
 */
import {
  DynamicModule,
  Global,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { RosterDirectory } from '../../roster/roster-directory';
import { RosterController } from './roster.controller';

@Global()
@Module({})
export class RosterModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly roster: RosterDirectory) {}

  static forRoot(roster: RosterDirectory): DynamicModule {
    const providers = [{ provide: RosterDirectory, useValue: roster }];
    return { module: RosterModule, controllers: [RosterController], providers, exports: [RosterDirectory] };
  }

  /** Early, not awaited: the first request starts it if Temporal cannot be reached yet. */
  onApplicationBootstrap(): void {
    this.roster.ensureStarted().catch(() => undefined);
  }

  /** The roster's background re-reads end with the API. */
  onModuleDestroy(): void {
    this.roster.close();
  }
}
