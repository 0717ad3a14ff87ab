import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { DeliveryModule } from '@app/delivery';
import { UsersModule } from '@app/users';
import { PushApproval } from './approval.entity';
import { ApprovalsService } from './approvals.service';
import { Device } from './device.entity';
import { devicesConfigProvider, DevicesConfig } from './devices.config';
import { DevicesService } from './devices.service';
import { ApprovalProofs } from './proof/approval-proofs.service';
import { ApprovalSigningKeys } from './proof/approval-signing-keys.service';
import { ApprovalSigningKey } from './proof/signing-key.entity';
import { PushNotifier } from './push-notifier';

/** Devices of users, push approvals on them, and the signed proofs of approval. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Device, PushApproval, ApprovalSigningKey]),
    UsersModule,
    DeliveryModule,
    AuditModule,
  ],
  providers: [
    devicesConfigProvider,
    DevicesService,
    ApprovalsService,
    PushNotifier,
    ApprovalSigningKeys,
    ApprovalProofs,
  ],
  exports: [DevicesService, ApprovalsService, ApprovalProofs, ApprovalSigningKeys, DevicesConfig],
})
export class DevicesModule {}
