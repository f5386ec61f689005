/**
 * What every feature module needs, provided once and globally: the configuration, the board
 * and the connected Temporal client, all handed in by start-up.
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { BoardDirectory } from '../board/board-directory';
import type { AppConfig } from '../config/env';
import { APP_CONFIG } from './common/tokens';

@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: { config: AppConfig; board: BoardDirectory; client: Client }): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: deps.config },
      { provide: BoardDirectory, useValue: deps.board },
      { provide: Client, useValue: deps.client },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
