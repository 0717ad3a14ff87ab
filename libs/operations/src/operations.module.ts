import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthMethodsModule } from '@app/auth-methods';
import { OperationConfig } from './operation-config.entity';
import { OperationHistory } from './operation-history.entity';
import { Operation } from './operation.entity';
import { StepDefinition } from './step-definition.entity';

/** Operation lifecycle, step definitions, step resolution, history and expiry. */
@Module({
  imports: [
    AuthMethodsModule,
    TypeOrmModule.forFeature([Operation, OperationHistory, StepDefinition, OperationConfig]),
  ],
  providers: [],
  exports: [],
})
export class OperationsModule {}
