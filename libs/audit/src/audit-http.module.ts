import { Module } from '@nestjs/common';
import { AuditModule } from './audit.module';
import { AuditEventsController } from './http/audit-events.controller';

/** `GET /admin/audit-events`. Imported by the API server only. */
@Module({ imports: [AuditModule], controllers: [AuditEventsController] })
export class AuditHttpModule {}
