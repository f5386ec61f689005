/** Reads of the board's record: the archive lists, the records as PDF, the register. */
import { Module } from '@nestjs/common';
import { ArchiveController } from './archive.controller';
import { ArchiveService } from './archive.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

@Module({
  controllers: [ArchiveController, DocumentsController],
  providers: [ArchiveService, DocumentsService],
})
export class RecordModule {}
