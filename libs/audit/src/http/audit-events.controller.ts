import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, PageOf, RequireScope } from '@app/core';
import { AuditService } from '../audit.service';
import { AuditEventDto, AuditEventsQuery } from './audit-events.dto';

/** The audit trail of every API, newest first, filtered by user, type, subject and time. */
@ApiTags('admin')
@Controller('admin/audit-events')
@RequireScope('admin')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: PageOf(AuditEventDto) })
  async list(@Query() query: AuditEventsQuery): Promise<Page<AuditEventDto>> {
    const { items, total } = await this.audit.list(query);
    return { items, page: query.page, size: query.size, total };
  }
}
