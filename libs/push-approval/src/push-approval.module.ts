import { Module } from '@nestjs/common';
import { ChallengesModule } from '@app/challenges';
import { DevicesModule } from '@app/devices';
import { TransactionApprovalModule } from '@app/transaction-approval';
import { PushApprovalMethod } from './push-approval.method';
import { PushSteps } from './push-steps.service';

/** The PUSH approval method of transaction approval, registered with its ApprovalMethods. */
@Module({
  imports: [TransactionApprovalModule, DevicesModule, ChallengesModule],
  providers: [PushApprovalMethod, PushSteps],
  exports: [PushApprovalMethod, PushSteps],
})
export class PushApprovalModule {}
