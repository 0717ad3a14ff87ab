import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { DeliveryModule } from './delivery.module';
import { DevOutboxController, OutboxAdminController } from './http/outbox-admin.controller';

/** /admin/outbox always; /admin/dev-outbox only when NODE_ENV is not production. */
@Module({})
export class DeliveryHttpModule {
  static forApp(config: AppConfig): DynamicModule {
    return {
      module: DeliveryHttpModule,
      imports: [DeliveryModule],
      controllers: config.isProduction ? [OutboxAdminController] : [OutboxAdminController, DevOutboxController],
    };
  }
}
