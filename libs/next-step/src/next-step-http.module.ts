import { Module, OnModuleInit } from '@nestjs/common';
import { AuthMethodsModule } from '@app/auth-methods';
import { WireDialects, envelopeDialect, plainDialectWith } from '@app/core';
import { OperationsModule } from '@app/operations';
import { AuthMethodsController } from './http/auth-methods.controller';
import { NextStepAdminController } from './http/next-step-admin.controller';
import { NEXT_STEP_ADMIN_CODES, NEXT_STEP_CODES } from './http/next-step-codes';
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
    this.dialects.register(
      '/next-step',
      envelopeDialect({
        codes: NEXT_STEP_CODES,
        validationFields: (error) => ({ validationErrors: error.fieldErrors }),
      }),
    );
    this.dialects.register('/admin/next-step', plainDialectWith(NEXT_STEP_ADMIN_CODES));
  }
}
