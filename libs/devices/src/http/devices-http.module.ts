import { Module, OnModuleInit } from '@nestjs/common';
import { WireDialects } from '@app/core';
import { DevicesModule } from '../devices.module';
import { ApprovalKeysController } from './approval-keys.controller';
import { DeviceApiController } from './device-api.controller';
import { DEVICE_API_MOUNT, deviceDialect } from './device.dialect';
import { DeviceTokenGuard } from './device-token.guard';
import { DevicesAdminController, SigningKeysAdminController } from './devices-admin.controller';

/** The device API (/device/v1), device administration and the JWKS of proofs. API server only. */
@Module({
  imports: [DevicesModule],
  controllers: [DeviceApiController, DevicesAdminController, SigningKeysAdminController, ApprovalKeysController],
  providers: [DeviceTokenGuard],
})
export class DevicesHttpModule implements OnModuleInit {
  constructor(private readonly dialects: WireDialects) {}

  onModuleInit(): void {
    this.dialects.register(DEVICE_API_MOUNT, deviceDialect);
  }
}
