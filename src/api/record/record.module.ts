/** The board's record in the API: the archive lists, the records as PDF, the register, the audit log. */
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ArchiveController } from './archive.controller';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { ArchiveService } from './archive.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { ReportsController } from './reports.controller';

@Module({
  controllers: [ArchiveController, DocumentsController, AuditController, ReportsController],
  // The audit log sees every write of every module.
  providers: [ArchiveService, DocumentsService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
})
export class RecordModule {}
