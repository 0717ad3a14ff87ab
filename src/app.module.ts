import { DynamicModule, Module, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig, CoreHttpModule, CoreModule, CoreOptions } from '@app/core';
import { AfsHttpModule } from '@app/afs';
import { AuditHttpModule } from '@app/audit';
import { DataAdapterHttpModule } from '@app/data-adapter';
import { DeliveryHttpModule } from '@app/delivery';
import { DevicesHttpModule } from '@app/devices';
import { UsersHttpModule } from '@app/users';
import { NextStepHttpModule } from '@app/next-step';
import { PushApprovalHttpModule } from '@app/push-approval';
import { SCHEMA_MIGRATIONS } from '@app/schema';
import { TransactionApprovalHttpModule } from '@app/transaction-approval';
import { TwoFactorHttpModule } from '@app/twofactor';

/** The API server: core plus every API's HTTP module; scheduled jobs too when RUN_JOBS is true. */
@Module({})
export class AppModule {
  /** `extra` lets tests mount probe modules beside the real ones. */
  static forRoot(config: AppConfig, options: CoreOptions, extra: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, options, SCHEMA_MIGRATIONS),
        CoreHttpModule,
        UsersHttpModule,
        DataAdapterHttpModule,
        AfsHttpModule,
        DeliveryHttpModule.forApp(config),
        NextStepHttpModule,
        TransactionApprovalHttpModule,
        TwoFactorHttpModule,
        AuditHttpModule,
        DevicesHttpModule,
        PushApprovalHttpModule,
        ...(config.runJobs ? [ScheduleModule.forRoot()] : []),
        ...extra,
      ],
    };
  }
}
