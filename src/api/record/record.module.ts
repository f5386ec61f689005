/** Reads of the board's record: the archive lists (later: documents, the register, reports). */
import { Module } from '@nestjs/common';
import { ArchiveController } from './archive.controller';
import { ArchiveService } from './archive.service';

@Module({ controllers: [ArchiveController], providers: [ArchiveService] })
export class RecordModule {}
