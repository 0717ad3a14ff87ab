export { AuditHttpModule } from './audit-http.module';
export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export type { AuditEventView } from './audit.service';
export { migrations as auditMigrations } from './migrations';
