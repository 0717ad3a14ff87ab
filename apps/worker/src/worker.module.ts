import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ChallengesModule } from '@app/challenges';
import { AppConfig, CoreModule, CoreOptions } from '@app/core';
import { DeliveryModule } from '@app/delivery';
import { OperationsModule } from '@app/operations';

/** The background deployable: the domain modules' scheduled jobs and delivery, no controllers. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: CoreOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, options),
        ScheduleModule.forRoot(),
        DeliveryModule,
        OperationsModule,
        ChallengesModule,
      ],
    };
  }
}
