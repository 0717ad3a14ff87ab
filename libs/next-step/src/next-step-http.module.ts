import { Module, OnModuleInit } from '@nestjs/common';
import { AuthMethodsModule } from '@app/auth-methods';
import { WireDialects, envelopeDialect, plainDialectWith } from '@app/core';
import { OperationsModule } from '@app/operations';
import { AuthMethodsController } from './http/auth-methods.controller';
import { NextStepAdminController } from './http/next-step-admin.controller';
import { OperationsController } from './http/operations.controller';
import { ServiceStatusController } from './http/service-status.controller';

/** The Next Step server API under /next-step and its administration under /admin/next-step. */
@Module({
  imports: [AuthMethodsModule, OperationsModule],
  controllers: [ServiceStatusController, AuthMethodsController, OperationsController, NextStepAdminController],
})
export class NextStepHttpModule implements OnModuleInit {
  constructor(private readonly dialects: WireDialects) {}

  onModuleInit(): void {
    const invalid = { code: 'INVALID_REQUEST', message: 'Request data is invalid.' };
    this.dialects.register(
      '/next-step',
      envelopeDialect({
        codes: {
          VALIDATION_FAILED: invalid,
          MALFORMED_BODY: invalid,
          PAYLOAD_TOO_LARGE: { code: 'INVALID_REQUEST', message: 'Request is too large.' },
          UNSUPPORTED_MEDIA_TYPE: { code: 'INVALID_REQUEST', message: 'Send the body as application/json.' },
          NOT_FOUND: { code: 'ERROR_NOT_FOUND', message: 'Resource not found.' },
          METHOD_NOT_ALLOWED: { code: 'ERROR_NOT_FOUND', message: 'Method not allowed.' },
          UNAUTHORIZED: { code: 'UNAUTHORIZED', message: 'Authentication required.' },
          FORBIDDEN: { code: 'FORBIDDEN', message: 'Access denied.' },
          INTERNAL_ERROR: { code: 'ERROR_GENERIC', message: 'error.unknown' },
        },
        validationFields: (error) => ({ validationErrors: error.fieldErrors }),
      }),
    );
    const notFound = { status: 404 };
    this.dialects.register(
      '/admin/next-step',
      plainDialectWith({ OPERATION_CONFIG_NOT_FOUND: notFound, STEP_DEFINITION_NOT_FOUND: notFound }),
    );
  }
}
