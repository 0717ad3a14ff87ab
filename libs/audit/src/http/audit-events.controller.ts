import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Page, PageOf, RequireScope, createStrictValidationPipe } from '@app/core';
import { AuditService } from '../audit.service';
import { AuditEventDto, AuditEventsQuery } from './audit-events.dto';

/** The audit trail of every API, newest first, filtered by user, type, subject and time. */
@ApiTags('admin')
@Controller('admin/audit-events')
@RequireScope('admin')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  /** Audit events, newest first, filtered by user, type, subject and time. */
  @Get()
  @ApiQuery({ type: AuditEventsQuery })
  @ApiOkResponse({ type: PageOf(AuditEventDto) })
  async list(
    @Query(createStrictValidationPipe(AuditEventsQuery)) query: Readonly<AuditEventsQuery>,
  ): Promise<Page<AuditEventDto>> {
    const { items, total } = await this.audit.list({
      ...query,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
    return { items, page: query.page, size: query.size, total };
  }
}
