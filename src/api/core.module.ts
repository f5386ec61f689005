/**
 * What every feature module needs, provided once and globally: the configuration, the board,
 * the connected Temporal client and the record, all handed in by start-up, and the gateway
 * through which the features reach their workflows.
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { BoardDirectory } from '../board/board-directory';
import type { AppConfig } from '../config/env';
import type { RecordDatabase } from '../record/record-database';
import { AuditRepository } from '../record/audit-repository';
import { CalendarFeedRepository } from '../record/calendar-feed-repository';
import { RecordRepository } from '../record/record-repository';
import { RecordPendingSource } from '../tracking/record-pending';
import { APP_CONFIG } from './common/tokens';
import { WorkflowGateway } from './common/workflow-gateway';

@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: {
    config: AppConfig;
    board: BoardDirectory;
    client: Client;
    record: RecordDatabase;
  }): DynamicModule {
    const record = new RecordRepository(deps.record);
    const providers = [
      { provide: APP_CONFIG, useValue: deps.config },
      { provide: RecordRepository, useValue: record },
      { provide: AuditRepository, useValue: new AuditRepository(deps.record) },
      { provide: CalendarFeedRepository, useValue: new CalendarFeedRepository(deps.record) },
      {
        provide: RecordPendingSource,
        useValue: deps.config.pendingSource === 'record' ? new RecordPendingSource(deps.record) : null,
      },
      { provide: BoardDirectory, useValue: deps.board },
      { provide: Client, useValue: deps.client },
      { provide: WorkflowGateway, useValue: new WorkflowGateway(deps.client, record) },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
