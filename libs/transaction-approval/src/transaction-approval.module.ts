import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ChallengesModule } from '@app/challenges';
import { DeliveryModule } from '@app/delivery';
import { DevicesModule } from '@app/devices';
import { UsersModule } from '@app/users';
import { ApprovalSteps } from './approval-steps.service';
import { TaFlow } from './flows/flow.entity';
import { FlowsService } from './flows/flows.service';
import { MessageRenderer } from './messages/message-renderer';
import { ApprovalMethods } from './methods/approval-method';
import { EmailOtpMethod } from './methods/email-otp.method';
import { MtanMethod } from './methods/mtan.method';
import { SessionExpiryJob } from './sessions/session-expiry.job';
import { TaSession } from './sessions/session.entity';
import { SessionsService } from './sessions/sessions.service';
import { transactionApprovalConfigProvider } from './transaction-approval.config';

/**
 * Transaction approval (spec §2-6, §8): flows as data, sessions as a state machine, the e-mail
 * OTP and mTAN methods, the message provider and the session expiry job. Other approval methods
 * (push) register with ApprovalMethods from their own module.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([TaFlow, TaSession]),
    UsersModule,
    ChallengesModule,
    DeliveryModule,
    AuditModule,
    DevicesModule,
  ],
  providers: [
    transactionApprovalConfigProvider,
    FlowsService,
    SessionsService,
    ApprovalMethods,
    ApprovalSteps,
    MessageRenderer,
    EmailOtpMethod,
    MtanMethod,
    SessionExpiryJob,
  ],
  exports: [FlowsService, SessionsService, ApprovalMethods, ApprovalSteps, MessageRenderer, SessionExpiryJob],
})
export class TransactionApprovalModule {}
