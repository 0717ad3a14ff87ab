import { Module, OnModuleInit } from '@nestjs/common';
import { CodeMapping, WireDialects, jsonApiDialect, plainDialectWith } from '@app/core';
import { TransactionApprovalModule } from '../transaction-approval.module';
import { FlowsAdminController } from './flows-admin.controller';
import { SessionsAdminController } from './sessions-admin.controller';
import { SessionStepGuard } from './session-step.guard';
import { SessionTokenInterceptor } from './session-token';
import { TA_MOUNT, TransactionApprovalController } from './transaction-approval.controller';

/**
 * Statuses of this API's codes (spec §2-5, and §7's push codes, so a push method answers on
 * this mount without registering anything); every other code is a 400.
 */
export const TRANSACTION_APPROVAL_CODES: CodeMapping = {
  FLOW_NOT_FOUND: { status: 404 },
  SESSION_NOT_FOUND: { status: 404 },
  SESSION_EXPIRED: { status: 410 },
  UNEXPECTED_STEP: { status: 409 },
  USER_LOCKED: { status: 403 },
  USER_TEMPORARILY_LOCKED: { status: 403 },
  FLOW_ABORTED: { status: 403 },
  RESEND_TOO_EARLY: { status: 429 },
  RESEND_LIMIT_EXCEEDED: { status: 429 },
  RATE_LIMITED: { status: 429 },
  TRANSACTION_REJECTED: { status: 403 },
  APPROVAL_EXPIRED: { status: 403 },
  TOO_MANY_APPROVALS: { status: 429 },
};

/** The transaction-approval API at its mount and its administration under /admin/transaction-approval. */
@Module({
  imports: [TransactionApprovalModule],
  controllers: [TransactionApprovalController, FlowsAdminController, SessionsAdminController],
  providers: [SessionStepGuard, SessionTokenInterceptor],
  exports: [SessionStepGuard, SessionTokenInterceptor, TransactionApprovalModule],
})
export class TransactionApprovalHttpModule implements OnModuleInit {
  constructor(private readonly dialects: WireDialects) {}

  onModuleInit(): void {
    this.dialects.register(
      TA_MOUNT,
      jsonApiDialect({ resourceType: 'transaction-approval.session', codes: TRANSACTION_APPROVAL_CODES }),
    );
    this.dialects.register(
      '/admin/transaction-approval',
      plainDialectWith({
        FLOW_NOT_FOUND: { status: 404 },
        FLOW_EXISTS: { status: 409 },
        SESSION_NOT_FOUND: { status: 404 },
      }),
    );
  }
}
