import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthMethodsModule } from '@app/auth-methods';
import { ENV, Env } from '@app/core';
import { NextStepAdminService } from './next-step-admin.service';
import { NextStepConfig } from './next-step.config';
import { OperationConfig } from './operation-config.entity';
import { OperationExpiryJob } from './operation-expiry.job';
import { OperationHistory } from './operation-history.entity';
import { OperationQueriesService } from './operation-queries.service';
import { Operation } from './operation.entity';
import { OperationsService } from './operations.service';
import { StepDefinition } from './step-definition.entity';
import { OperationRetention } from './operation-retention';

/** Operation lifecycle, step definitions, step resolution, history and expiry. */
@Module({
  imports: [
    AuthMethodsModule,
    TypeOrmModule.forFeature([Operation, OperationHistory, StepDefinition, OperationConfig]),
  ],
  providers: [
    OperationRetention,
    { provide: NextStepConfig, inject: [ENV], useFactory: (env: Env) => new NextStepConfig(env) },
    OperationsService,
    OperationQueriesService,
    NextStepAdminService,
    OperationExpiryJob,
  ],
  exports: [OperationsService, OperationQueriesService, NextStepAdminService, OperationExpiryJob],
})
export class OperationsModule {}
