import { Module, OnModuleInit } from '@nestjs/common';
import { WireDialects } from '@app/core';
import { DataAdapterModule } from './data-adapter.module';
import { AfsController } from './http/afs.controller';
import { ConsentController } from './http/consent.controller';
import { OperationController } from './http/operation.controller';
import { ServiceStatusController } from './http/service-status.controller';
import { SmsAuthorizationController } from './http/sms-authorization.controller';
import { UserAuthController } from './http/user-auth.controller';
import { dataAdapterDialect } from './wire/da-dialect';

/** The Data Adapter REST API under `/data-adapter` (paths of the API reference below the mount). */
@Module({
  imports: [DataAdapterModule],
  controllers: [
    ServiceStatusController,
    UserAuthController,
    SmsAuthorizationController,
    ConsentController,
    OperationController,
    AfsController,
  ],
})
export class DataAdapterHttpModule implements OnModuleInit {
  constructor(private readonly dialects: WireDialects) {}

  onModuleInit(): void {
    this.dialects.register('/data-adapter', dataAdapterDialect);
  }
}
