import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ChallengesModule } from '@app/challenges';
import { AppConfig, CoreModule, CoreOptions, OperationsServer } from '@app/core';
import { DeliveryModule } from '@app/delivery';
import { OperationsModule } from '@app/operations';
import { PushApprovalModule } from '@app/push-approval';
import { SCHEMA_MIGRATIONS } from '@app/schema';
import { TransactionApprovalModule } from '@app/transaction-approval';

/** The background deployable: the domain modules' scheduled jobs and delivery, no controllers (OperationsServer: /health, /metrics). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: CoreOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        // the whole schema, not only the mounted modules' tables: whichever deployable starts first migrates
        CoreModule.forRoot(config, options, SCHEMA_MIGRATIONS),
        ScheduleModule.forRoot(),
        DeliveryModule,
        OperationsModule,
        ChallengesModule,
        TransactionApprovalModule,
        // registers PUSH, so the session expiry job withdraws a session's live push approvals
        PushApprovalModule,
      ],
      providers: [OperationsServer],
    };
  }
}
