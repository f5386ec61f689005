/** The audit log: every accepted write, for the secretariat and managers. */
import { BadRequestException, Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { Roles } from '../../auth/roles.decorator';
import { AuditRepository, type AuditFilter } from '../../record/audit-repository';
import { InvalidCursorError } from '../../record/record-repository';
import { AuditPageQueryDto, AuditPageView, AuditQueryDto } from './audit.dto';

function filterOf(q: AuditQueryDto): AuditFilter {
  if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to))
    throw new BadRequestException('from must be before to');
  return { subject: q.actor, itemId: q.item, action: q.action, from: q.from, to: q.to };
}

@ApiTags('record')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get('audit')
  @Roles('secretariat', 'manager')
  @ApiOperation({ summary: 'Every accepted write, newest first: by actor, item, action and time' })
  @ApiResponse({ status: 200, type: AuditPageView })
  async list(@Query() q: AuditPageQueryDto): Promise<AuditPageView> {
    try {
      return await this.audit.list(filterOf(q), { limit: q.limit ?? 100, cursor: q.cursor });
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new BadRequestException(err.message);
      throw err;
    }
  }

  @Get('audit.csv')
  @Roles('secretariat', 'manager')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="audit.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The audit log as CSV, oldest first (same filters, all rows)' })
  async csv(@Query() q: AuditQueryDto): Promise<string> {
    const rows = await this.audit.all(filterOf(q));
    return stringify(rows, {
      header: true,
      columns: [
        'id',
        'at',
        'subject',
        'role',
        'seat',
        'action',
        'route',
        'itemId',
        'status',
        'idempotencyKey',
      ],
    });
  }
}
