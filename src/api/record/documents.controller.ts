/** The record's documents: a decision's record, a round's record, the register of a year. */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Caller } from '../../auth/caller';
import { CurrentCaller } from '../../auth/current-caller.decorator';
import { RegisterQueryDto } from './documents.dto';
import { DocumentsService, type RecordDocument } from './documents.service';

/** Sends a document with its record hash (also printed in it) in `X-Record-SHA256`. */
function send(res: Response, doc: RecordDocument, type: string, filename: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  res.setHeader('X-Record-SHA256', doc.hash);
  res.send(doc.body);
}

@ApiTags('record')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('decisions/:id/record.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: "A decision's record as PDF: rule, electorate, every ballot, opinions, outcome, hash",
  })
  async decision(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.documents.decisionRecord(caller, id), 'application/pdf', `${id}.pdf`);
  }

  @Get('funding-rounds/:id/record.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "A funding round's record as PDF: envelope, requests, votes, awards, tranches" })
  async round(@CurrentCaller() caller: Caller, @Param('id') id: string, @Res() res: Response): Promise<void> {
    send(res, await this.documents.fundingRoundRecord(caller, id), 'application/pdf', `${id}.pdf`);
  }

  @Get('register.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The register of the decisions closed in a year, as PDF' })
  async registerPdf(@Query() q: RegisterQueryDto, @Res() res: Response): Promise<void> {
    send(res, await this.documents.register(q.year, 'pdf'), 'application/pdf', `register-${q.year}.pdf`);
  }

  @Get('register.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The register of the decisions closed in a year, as CSV' })
  async registerCsv(@Query() q: RegisterQueryDto, @Res() res: Response): Promise<void> {
    send(
      res,
      await this.documents.register(q.year, 'csv'),
      'text/csv; charset=utf-8',
      `register-${q.year}.csv`,
    );
  }
}
