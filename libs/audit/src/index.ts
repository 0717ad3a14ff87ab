export * from './audit.module';
export * from './audit-http.module';
export { AuditError, AuditService } from './audit.service';
export type { AuditErrorCode, AuditEventView, AuditQuery, AuditRecord } from './audit.service';
