import { Module } from '@nestjs/common';
import { TransactionApprovalHttpModule } from '@app/transaction-approval';
import { PushApprovalModule } from '../push-approval.module';
import { PushStepsController } from './push-steps.controller';

/** The airlock-2fa routes of the transaction-approval mount. API server only. */
@Module({
  imports: [PushApprovalModule, TransactionApprovalHttpModule],
  controllers: [PushStepsController],
})
export class PushApprovalHttpModule {}
